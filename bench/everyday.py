"""The large family's everyday entries: small moments (a few a week) and appreciations.

Both are Audience entries, so each writer also bulk-creates the rows that say who was
chosen. Bulk creation skips `AudienceEntry.save`, whose one rule (private entries are
never shown to the professional) holds here because nothing sets `professional_may_see`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from appreciations.models import Appreciation
from circles.audience import Audience
from ledger.models import SmallMoment

if TYPE_CHECKING:
    from bench.family import Family

BATCH = 1000
MOMENTS_PER_WEEK = 4
APPRECIATIONS_PER_WEEK = 1.5

CUSTOM_KINDS = ("Made breakfast for everyone", "Asked for help early", "Came to the game")
MOMENT_NOTES = ("", "", "It was a small thing, and it mattered.", "I noticed, and I was glad.")
THANKS = (
    "Thank you for calling when you said you would. It mattered more than you know.",
    "Thank you for listening without fixing. I felt heard.",
    "Dinner together felt easy again. Thank you all for coming.",
    "You came and stayed till the end. I noticed.",
    "Thank you for staying calm when I got defensive. I saw how hard that was.",
)


def write_moments(family: Family) -> dict[str, int]:
    """About MOMENTS_PER_WEEK small moments a week, mostly about the person in recovery."""
    moments = [_moment(family, day) for day in family.days() if family.rng.random() < MOMENTS_PER_WEEK / 7]
    SmallMoment.objects.bulk_create(moments, batch_size=BATCH)
    return {"small_moments": len(moments), "small_moment_chosen": _choose(family, SmallMoment, moments)}


def write_appreciations(family: Family) -> dict[str, int]:
    """About APPRECIATIONS_PER_WEEK appreciations a week, to a member or to the whole circle."""
    rows = [
        _appreciation(family, day)
        for day in family.days()
        if family.rng.random() < APPRECIATIONS_PER_WEEK / 7
    ]
    Appreciation.objects.bulk_create(rows, batch_size=BATCH)
    return {"appreciations": len(rows), "appreciation_chosen": _choose(family, Appreciation, rows)}


def _moment(family: Family, day) -> SmallMoment:
    rng = family.rng
    author = rng.choice(list(family.members))
    about = "sam" if author != "sam" and rng.random() < 0.7 else rng.choice(family.others(author))
    kind = rng.choice(SmallMoment.Kind.values)
    audience, chosen = family.pick_audience(author, about)
    moment = SmallMoment(
        circle=family.circle,
        author=family.member(author),
        about=family.member(about),
        kind=kind,
        custom_kind=rng.choice(CUSTOM_KINDS) if kind == SmallMoment.Kind.CUSTOM else "",
        note=rng.choice(MOMENT_NOTES),
        audience=audience,
        created_at=family.local_moment(day, author),
    )
    moment.bench_chosen = chosen
    return moment


def _appreciation(family: Family, day) -> Appreciation:
    rng = family.rng
    author = rng.choice(list(family.members))
    to = rng.choice(family.others(author)) if rng.random() < 0.8 else None
    audience, chosen = family.pick_audience(author, to)
    row = Appreciation(
        circle=family.circle,
        author=family.member(author),
        to_member=family.member(to) if to else None,
        text=rng.choice(THANKS),
        audience=audience,
        created_at=family.local_moment(day, author),
    )
    row.bench_chosen = chosen
    return row


def _choose(family: Family, model, entries) -> int:
    """Bulk-create the "chosen members" rows of entries whose audience is CHOSEN."""
    through = model.chosen.through
    link = model.chosen_link_field()
    rows = [
        through(**{link: entry.pk, "member_id": family.member(key).pk})
        for entry in entries
        if entry.audience == Audience.CHOSEN
        for key in entry.bench_chosen
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
