"""The demo circle: four people and a few weeks of appreciations, made idempotently."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appreciations.models import Appreciation
from circles.audience import Audience
from circles.models import Circle, Member

CIRCLE_NAME = "The Rivera family (demo)"

PEOPLE = [
    # key, name, email, password, role, owner
    ("sam", "Sam", "sam@demo.mend.test", "sam-demo-2026", Member.Role.PERSON_IN_RECOVERY, True),
    ("alex", "Alex", "alex@demo.mend.test", "alex-demo-2026", Member.Role.PARTNER, True),
    ("maria", "María", "maria@demo.mend.test", "maria-demo-2026", Member.Role.PARENT, False),
    ("jordan", "Jordan", "jordan@demo.mend.test", "jordan-demo-2026", Member.Role.CHILD, False),
]

# (days ago, author, to (None = circle), audience, chosen, text)
APPRECIATIONS = [
    (
        27,
        "alex",
        "sam",
        Audience.CIRCLE,
        (),
        "Thank you for calling when you said you would on Sunday. It mattered more than you know.",
    ),
    (
        24,
        "sam",
        "maria",
        Audience.CHOSEN,
        ("maria",),
        "Mum, thank you for driving me to the meeting and not asking questions on the way.",
    ),
    (
        21,
        "maria",
        None,
        Audience.CIRCLE,
        (),
        "Dinner together on Friday felt easy again. Thank you all for coming.",
    ),
    (
        18,
        "jordan",
        "sam",
        Audience.CIRCLE,
        (),
        "Dad, you came to my game and stayed till the end. I noticed.",
    ),
    (
        15,
        "sam",
        "alex",
        Audience.ONLY_ME,
        (),
        "Draft: I want to thank Alex for staying calm on Tuesday when I got defensive.",
    ),
    (
        12,
        "sam",
        "alex",
        Audience.CIRCLE,
        (),
        "Alex, thank you for staying calm on Tuesday when I got defensive. I saw how hard that was.",
    ),
    (
        9,
        "alex",
        "jordan",
        Audience.CHOSEN,
        ("jordan",),
        "Jordan, thank you for helping with the shopping without being asked.",
    ),
    (6, "maria", "sam", Audience.CIRCLE, (), "You were on time three times this week. I see the effort."),
    (3, "sam", None, Audience.CIRCLE, (), "Thank you, all of you, for giving me room to show up again."),
    (
        1,
        "jordan",
        "alex",
        Audience.CHOSEN,
        ("alex", "sam"),
        "Thanks for the talk in the car. I felt listened to.",
    ),
]


def demo_logins() -> list[tuple[str, str, str, str]]:
    return [
        (name, email, password, Member.Role(role).label) for _k, name, email, password, role, _o in PEOPLE
    ]


@transaction.atomic
def load_demo() -> bool:
    """Create the demo circle unless it exists. Returns True when it was created."""
    # Circle names are sealed, so the demo circle is known by its owner's membership.
    owner_email = next(email for _k, _n, email, _p, _r, owner in PEOPLE if owner)
    if Member.objects.filter(user__email=owner_email).exists():
        return False
    now = timezone.now()
    circle = Circle.objects.create(name=CIRCLE_NAME)
    members: dict[str, Member] = {}
    for key, name, email, password, role, owner in PEOPLE:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, password, display_name=name
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        members[key] = Member.objects.create(
            circle=circle, user=user, role=role, is_owner=owner, joined_at=now - timedelta(days=35)
        )
    for days_ago, author, to, audience, chosen, text in APPRECIATIONS:
        appreciation = Appreciation(
            circle=circle,
            author=members[author],
            to_member=members[to] if to else None,
            text=text,
            created_at=now - timedelta(days=days_ago, hours=days_ago % 5),
        )
        appreciation.save()
        appreciation.set_audience(audience, [members[c] for c in chosen])
    return True
