"""The audience rule over plain data: the oracle for the matrix tests and the docs.

Keep it in step with `AudienceQuerySet.visible_to` (circles/audience/models.py), which
applies it in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Viewer:
    id: object
    circle_id: object
    is_professional: bool
    joined_at: datetime
    is_current: bool = True
    away: tuple[tuple[datetime, datetime | None], ...] = ()
    # For a professional: the members who have said yes to their joining (active approvals).
    approved_by: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class EntryFacts:
    author_id: object
    circle_id: object
    audience: str  # "only_me" | "chosen" | "circle"
    created_at: datetime
    chosen_ids: frozenset = field(default_factory=frozenset)
    professional_may_see: bool = False
    author_away: tuple[tuple[datetime, datetime | None], ...] = ()
    shared_at: datetime | None = None  # when its audience was last chosen, if ever


def _during(periods, moment: datetime) -> bool:
    return any(start <= moment and (end is None or end > moment) for start, end in periods)


def professional_clause(viewer: Viewer, entry: EntryFacts) -> bool:
    """What the professional `viewer` may see of others' entries (see `models.professional_clause`)."""
    return (
        entry.professional_may_see and entry.audience != "only_me" and entry.author_id in viewer.approved_by
    )


def may_see(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whether `viewer` may see `entry` (see docs/developers.md, "The Audience rule")."""
    if not viewer.is_current or viewer.circle_id != entry.circle_id:
        return False
    if viewer.id == entry.author_id:
        return True
    if entry.audience == "only_me":
        return False
    moment = entry.shared_at or entry.created_at
    if _during(viewer.away, moment) or _during(entry.author_away, moment):
        return False
    after_joining = entry.created_at >= viewer.joined_at
    if viewer.is_professional:
        return professional_clause(viewer, entry) and after_joining
    if entry.audience == "circle":
        return after_joining
    return viewer.id in entry.chosen_ids
