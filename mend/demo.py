"""The demo circle: four people and four months of their history, made idempotently,
and their therapist, Lena, of a practice the family asked for help five weeks ago.

Who they are is here; what happened to them is in `mend/demo_story.py`, played through
the apps' own logic by `mend/demo_history.py`. María uses Mend in Spanish.

Lena is a professional, so her account has two-step login (TOTP) with a fixed secret,
printed by `manage.py demo` and in the README: DEMO ONLY, known to everyone who reads
this file, so the demo accounts must never hold anything real.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from circles.access import has_two_factor
from circles.models import Circle, Member
from ledger.models import Promise
from measures.models import Response
from mend import demo_story as story
from mend.demo_history import Clock, Family
from notifications.models import Notification
from practices.logic import start_practice
from practices.models import Practice

CIRCLE_NAME = "The Rivera family (demo)"

PEOPLE = [
    # key, name, email, password, role, owner (language: LANGUAGES below)
    ("sam", "Sam", "sam@demo.mend.test", "sam-demo-2026", Member.Role.PERSON_IN_RECOVERY, True),
    ("alex", "Alex", "alex@demo.mend.test", "alex-demo-2026", Member.Role.PARTNER, True),
    ("maria", "María", "maria@demo.mend.test", "maria-demo-2026", Member.Role.PARENT, False),
    ("jordan", "Jordan", "jordan@demo.mend.test", "jordan-demo-2026", Member.Role.CHILD, False),
]

LANGUAGES = {"maria": "es"}

# The family's therapist: a professional of the practice below, in the circle since the
# story's THERAPIST["joined"] (mend/demo_story.py).
PROFESSIONAL = ("lena", "Lena Ortiz", "lena@demo.mend.test", "lena-demo-2026", Member.Role.PROFESSIONAL)
PRACTICE = {
    "kind": "clinic",
    "name": "Harbor Family Counseling",
    "intake_email": "intake@harbor-counseling.example",
    "intake_phone": "+1 555 0142",
    "languages": ["en", "es"],
}
# DEMO ONLY: the two-step login secret of Lena's account, published on purpose (base32, as
# an authenticator app takes it). `manage.py demo --code` prints the current code.
DEMO_TOTP_SECRET = "MENDDEMOONLYHARBORPROFESSIONAL22"


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(name, email, password, role) of each demo login; the professional's comes last and
    also needs a two-step code (`current_code()`)."""
    _k, name, email, password, role = PROFESSIONAL
    return [(n, e, p, Member.Role(r).label) for _k, n, e, p, r, _o in PEOPLE] + [
        (name, email, password, Member.Role(role).label)
    ]


def current_code(at: datetime | None = None) -> tuple[str, int]:
    """The demo professional's two-step code now (what an authenticator app with
    DEMO_TOTP_SECRET shows), and how many seconds it stays valid."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    seconds = int((at or timezone.now()).timestamp())
    counter, into = divmod(seconds, app_settings.TOTP_PERIOD)
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)), app_settings.TOTP_PERIOD - into


def demo_circle() -> Circle | None:
    """The demo circle, if it was made: found by its owner's first membership (names are sealed)."""
    owner_email = next(email for _k, _n, email, _p, _r, owner in PEOPLE if owner)
    member = Member.objects.filter(user__email=owner_email).order_by("joined_at").first()
    return member.circle if member else None


@transaction.atomic
def load_demo(now: datetime | None = None) -> bool:
    """Create the demo circle with its history unless it exists. Returns True when it was made.

    A demo circle made by an older Mend (appreciations only, no promises; or no
    professional) is replaced, so `make run` on an existing database shows the whole
    product too.
    """
    circle = demo_circle()
    if circle is not None:
        if _is_current(circle):
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
        practice = _practice(_user(*PROFESSIONAL[:4]))
    passwords = {key: password for key, _n, _e, password, _r, _o in PEOPLE}
    Family(members, now, practice=practice, passwords=passwords).build()
    return True


def _is_current(circle: Circle) -> bool:
    """Whether the demo circle was made by this Mend: with promises, its professional and questionnaires."""
    return (
        Promise.objects.filter(circle_id=circle.pk).exists()
        and Member.objects.filter(circle_id=circle.pk, user__email=PROFESSIONAL[2]).exists()
        and Response.objects.filter(circle_id=circle.pk).exists()
    )


def _user(key, name, email, password) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password, display_name=name
    )
    user.language = LANGUAGES.get(key, "en")
    user.time_zone = story.TIME_ZONE
    user.save(update_fields=["language", "time_zone"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _practice(lena: User) -> Practice:
    """Harbor Family Counseling with Lena as its admin and professional (made once), and
    her two-step login with the demo's published secret."""
    if not has_two_factor(lena):
        TOTP.activate(lena, DEMO_TOTP_SECRET)
    found = Practice.objects.of(lena).filter(name=PRACTICE["name"]).first()
    return found or start_practice(lena, by_operator=True, **PRACTICE)


def _member(circle: Circle, key, name, email, password, role, owner) -> Member:
    user = _user(key, name, email, password)
    return Member.objects.create(circle=circle, user=user, role=role, is_owner=owner)
