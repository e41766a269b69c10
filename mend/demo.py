"""The demo circle: four people and four months of their history, made idempotently.

Who they are is here; what happened to them is in `mend/demo_story.py`, played through
the apps' own logic by `mend/demo_history.py`. María uses Mend in Spanish.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from circles.models import Circle, Member
from ledger.models import Promise
from mend import demo_story as story
from mend.demo_history import Clock, Family
from notifications.models import Notification

CIRCLE_NAME = "The Rivera family (demo)"

PEOPLE = [
    # key, name, email, password, role, owner (language: LANGUAGES below)
    ("sam", "Sam", "sam@demo.mend.test", "sam-demo-2026", Member.Role.PERSON_IN_RECOVERY, True),
    ("alex", "Alex", "alex@demo.mend.test", "alex-demo-2026", Member.Role.PARTNER, True),
    ("maria", "María", "maria@demo.mend.test", "maria-demo-2026", Member.Role.PARENT, False),
    ("jordan", "Jordan", "jordan@demo.mend.test", "jordan-demo-2026", Member.Role.CHILD, False),
]

LANGUAGES = {"maria": "es"}


def demo_logins() -> list[tuple[str, str, str, str]]:
    return [
        (name, email, password, Member.Role(role).label) for _k, name, email, password, role, _o in PEOPLE
    ]


def demo_circle() -> Circle | None:
    """The demo circle, if it was made: found by its owner's first membership (names are sealed)."""
    owner_email = next(email for _k, _n, email, _p, _r, owner in PEOPLE if owner)
    member = Member.objects.filter(user__email=owner_email).order_by("joined_at").first()
    return member.circle if member else None


@transaction.atomic
def load_demo(now: datetime | None = None) -> bool:
    """Create the demo circle with its history unless it exists. Returns True when it was made.

    A demo circle made by an older Mend (appreciations only, no promises) is replaced, so
    `make run` on an existing database shows the whole product too.
    """
    circle = demo_circle()
    if circle is not None:
        if Promise.objects.filter(circle_id=circle.pk).exists():
            return False
        # Its notifications point into the circle; they go with it.
        Notification.objects.filter(circle_id=circle.pk).delete()
        circle.delete()
    now = now or timezone.now()
    clock = Clock(now - timedelta(days=story.JOINED_DAYS_AGO))
    with clock.installed():
        circle = Circle.objects.create(name=CIRCLE_NAME)
        members = {
            key: _member(circle, key, name, email, password, role, owner)
            for key, name, email, password, role, owner in PEOPLE
        }
    Family(members, now).build()
    return True


def _member(circle: Circle, key, name, email, password, role, owner) -> Member:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password, display_name=name
    )
    user.language = LANGUAGES.get(key, "en")
    user.time_zone = story.TIME_ZONE
    user.save(update_fields=["language", "time_zone"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return Member.objects.create(circle=circle, user=user, role=role, is_owner=owner)
