"""The large family's people and the shared helpers every kind of generated entry uses.

A `Family` is the circle, its members by key, the span of history and a seeded random
generator. Writers (see `bench.large_family.KINDS`) take a Family and add one kind of
entry, always through the real models so encrypted fields are sealed as in the app.
"""

from __future__ import annotations

import random
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from allauth.account.models import EmailAddress

from accounts.models import User
from circles.audience import Audience
from circles.models import Circle, Member

PASSWORD = "bench-family-passphrase-2026"  # noqa: S105 (generated bench data only)

# key, display name, role, time zone, owner
PEOPLE: tuple[tuple[str, str, str, str, bool], ...] = (
    ("sam", "Sam", Member.Role.PERSON_IN_RECOVERY, "Europe/Madrid", True),
    ("alex", "Alex", Member.Role.PARTNER, "Europe/Madrid", True),
    ("maria", "María", Member.Role.PARENT, "Europe/Madrid", False),
    ("luis", "Luis", Member.Role.PARENT, "Europe/Madrid", False),
    ("jordan", "Jordan", Member.Role.CHILD, "America/New_York", False),
    ("riley", "Riley", Member.Role.CHILD, "Europe/London", False),
    ("casey", "Casey", Member.Role.SIBLING, "Europe/Madrid", False),
    ("taylor", "Taylor", Member.Role.FRIEND, "Europe/London", False),
)
RECOVERY = "sam"

# How an author spreads who may see an entry: mostly the circle, some chosen, a few private.
AUDIENCE_WEIGHTS = ((Audience.CIRCLE, 0.6), (Audience.CHOSEN, 0.25), (Audience.ONLY_ME, 0.15))


@dataclass
class Family:
    """A generated circle and the span of its history (start … today, in UTC dates)."""

    circle: Circle
    members: dict[str, Member]
    start: date
    today: date
    now: datetime
    rng: random.Random
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def span_days(self) -> int:
        return (self.today - self.start).days

    def member(self, key: str) -> Member:
        return self.members[key]

    def on_fraction(self, fraction: float) -> date:
        """The date a given fraction of the way through the history."""
        return self.start + timedelta(days=round(self.span_days * fraction))

    def days(self):
        """Every date of the history, oldest first."""
        for offset in range(self.span_days + 1):
            yield self.start + timedelta(days=offset)

    def local_moment(self, day: date, key: str, earliest: int = 7, latest: int = 22) -> datetime:
        """A random waking moment of `day` in the member's own time zone, as UTC."""
        minutes = self.rng.randint(earliest * 60, latest * 60 - 1)
        local = datetime.combine(day, time(minutes // 60, minutes % 60), zoneinfo.ZoneInfo(self.tz(key)))
        return min(local.astimezone(UTC), self.now)

    def tz(self, key: str) -> str:
        return self.members[key].user.time_zone

    def others(self, key: str) -> list[str]:
        return [k for k in self.members if k != key]

    def pick_audience(self, author: str, about: str | None) -> tuple[str, tuple[str, ...]]:
        """A realistic audience and, for "chosen", who was chosen (the person it is about first)."""
        audience = self.rng.choices(*zip(*AUDIENCE_WEIGHTS, strict=True))[0]
        if audience != Audience.CHOSEN:
            return audience, ()
        chosen = {about} if about and about != author else set()
        chosen.add(self.rng.choice(self.others(author)))
        return audience, tuple(sorted(chosen))

    def add(self, counts: dict[str, int]) -> None:
        for name, n in counts.items():
            self.counts[name] = self.counts.get(name, 0) + n


def history_start(today: date, years: int) -> date:
    """The first day of `years` years of history ending today."""
    return today - timedelta(days=round(365.25 * years))


def make_people(years: int, seed: int, now: datetime) -> Family:
    """The circle and its 8 members, who all joined the day before the history starts."""
    today = now.date()
    start = history_start(today, years)
    tag = uuid.uuid4().hex[:8]
    circle = Circle.objects.create(name=f"The Ortega family (bench: {years} y, {tag})")
    joined = datetime.combine(start - timedelta(days=1), time(9, 0), UTC)
    members = {}
    for key, name, role, tz, owner in PEOPLE:
        email = f"{key}.{tag}@bench.mend.test"
        user = User.objects.create_user(email, PASSWORD, display_name=name, time_zone=tz)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        members[key] = Member.objects.create(
            circle=circle, user=user, role=role, is_owner=owner, joined_at=joined
        )
    family = Family(circle, members, start, today, now, random.Random(seed))
    family.add({"members": len(members)})
    return family
