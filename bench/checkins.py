"""The large family's check-ins: one a day for every member, with cravings for the person in recovery.

Each check-in has 1–3 feelings (intensity 1–5), sometimes a body sensation and an urge,
connection scores toward the 2–3 people its author is closest to, and sometimes a short
note (encrypted; `bulk_create` seals it per row, the UUID primary key existing before the
insert). Audiences mix only me, chosen members and the whole circle. The person in
recovery also reports cravings (0–10, easing over the years, with occasional use) with
their own audience: mostly only me, sometimes chosen (the partner first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checkins import vocabulary as v
from checkins.models import CheckIn, Connection, Craving, Feeling, Sensation, State, Urge, week_of
from circles.audience import Audience

if TYPE_CHECKING:
    from bench.family import Family

BATCH = 2000
CHECKIN_AUDIENCES = ((Audience.ONLY_ME, 0.3), (Audience.CHOSEN, 0.3), (Audience.CIRCLE, 0.4))
CRAVING_AUDIENCES = ((Audience.ONLY_ME, 0.8), (Audience.CHOSEN, 0.2))
STATE_WEIGHTS = ((State.SETTLED, 0.6), (State.ACTIVATED, 0.28), (State.SHUT_DOWN, 0.12))
SENSATION_CHANCE, URGE_CHANCE, NOTE_CHANCE = 0.35, 0.25, 0.2
# Whom each member says how connected they feel to, at every check-in.
CLOSE: dict[str, tuple[str, ...]] = {
    "sam": ("alex", "maria", "casey"),
    "alex": ("sam", "maria"),
    "maria": ("sam", "luis", "alex"),
    "luis": ("sam", "maria"),
    "jordan": ("sam", "riley", "alex"),
    "riley": ("sam", "jordan"),
    "casey": ("sam", "luis", "taylor"),
    "taylor": ("sam", "casey"),
}
NOTES = (
    "Long day, but I got through it.",
    "Slept badly. Going to walk at lunch.",
    "Good talk tonight.",
    "Tense at dinner; I stepped away for a bit.",
    "Feeling steadier than last week.",
)

_FEELINGS = list(v.FEELINGS)
_REGIONS = [key for key, _label in v.REGIONS]
_SENSATIONS = [key for key, _label in v.SENSATIONS]
# The urge to use is kept with cravings, never among the urges (checkins.models.Craving).
_URGES = [key for key, _label in v.URGES if key != v.USE_URGE]


def write(family: Family) -> dict[str, int]:
    """One check-in a day per member over the whole history, with their parts and cravings."""
    rng = family.rng
    pk = {key: m.pk for key, m in family.members.items()}
    checkins, feelings, sensations, urges, connections, cravings = [], [], [], [], [], []
    checkin_chosen, craving_chosen = [], []
    span = max(family.span_days, 1)
    for n, day in enumerate(family.days()):
        progress = n / span  # 0 at the start of the history, 1 today
        for key, member in family.members.items():
            audience, chosen = _audience(family, key, CHECKIN_AUDIENCES)
            created_at = family.local_moment(day, key)
            checkin = CheckIn(
                circle_id=family.circle.pk,
                author_id=member.pk,
                state=rng.choices(*zip(*STATE_WEIGHTS, strict=True))[0],
                note=rng.choice(NOTES) if rng.random() < NOTE_CHANCE else "",
                audience=audience,
                created_at=created_at,
                # Given here, or saving would look up each author's time zone once per row.
                week=week_of(created_at, family.tz(key)),
            )
            checkins.append(checkin)
            checkin_chosen += [(checkin.pk, pk[c]) for c in chosen]
            feelings += [
                Feeling(checkin_id=checkin.pk, feeling=f, intensity=rng.randint(1, 5))
                for f in rng.sample(_FEELINGS, rng.randint(1, 3))
            ]
            if rng.random() < SENSATION_CHANCE:
                sensations.append(
                    Sensation(
                        checkin_id=checkin.pk, region=rng.choice(_REGIONS), kind=rng.choice(_SENSATIONS)
                    )
                )
            if rng.random() < URGE_CHANCE:
                urges.append(Urge(checkin_id=checkin.pk, urge=rng.choice(_URGES)))
            connections += [
                Connection(checkin_id=checkin.pk, member_id=pk[other], score=_score(rng, progress))
                for other in CLOSE[key]
            ]
            if key == "sam":
                audience, chosen = _audience(family, key, CRAVING_AUDIENCES, first="alex")
                craving = Craving(
                    circle_id=family.circle.pk,
                    author_id=member.pk,
                    checkin_id=checkin.pk,
                    level=_craving(rng, progress),
                    used=rng.random() < 0.04 * (1 - progress) + 0.003,
                    audience=audience,
                    created_at=checkin.created_at,
                )
                cravings.append(craving)
                craving_chosen += [(craving.pk, pk[c]) for c in chosen]
    CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
    for model, rows in (
        (Feeling, feelings),
        (Sensation, sensations),
        (Urge, urges),
        (Connection, connections),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
    Craving.objects.bulk_create(cravings, batch_size=BATCH)
    return {
        "check_ins": len(checkins),
        "check_in_chosen": _choose(CheckIn, checkin_chosen),
        "check_in_feelings": len(feelings),
        "check_in_sensations": len(sensations),
        "check_in_urges": len(urges),
        "check_in_connections": len(connections),
        "cravings": len(cravings),
        "craving_chosen": _choose(Craving, craving_chosen),
    }


def _audience(family: Family, author: str, weights, first: str | None = None) -> tuple[str, list[str]]:
    """An audience drawn from `weights` and, for "chosen", 1–2 members (`first` among them)."""
    rng = family.rng
    audience = rng.choices(*zip(*weights, strict=True))[0]
    if audience != Audience.CHOSEN:
        return audience, []
    others = family.others(author)
    chosen = set(rng.sample(others, rng.randint(1, 2)))
    if first:
        chosen.add(first)
    return audience, sorted(chosen)


def _score(rng, progress: float) -> int:
    """Connection 1–5, drifting up a little as trust comes back."""
    return max(1, min(5, round(rng.gauss(2.6 + 1.2 * progress, 1.0))))


def _craving(rng, progress: float) -> int:
    """Cravings 0–10, strong early in recovery and easing over the years."""
    return max(0, min(10, round(rng.gauss(6.5 - 4.5 * progress, 2.0))))


def _choose(model, pairs: list[tuple]) -> int:
    """Bulk-create the "chosen members" rows for (entry pk, member pk) pairs."""
    through = model.chosen.through
    link = model.chosen_link_field()
    through.objects.bulk_create(
        [through(**{link: entry, "member_id": member}) for entry, member in pairs], batch_size=BATCH
    )
    return len(pairs)
