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
    # For a professional: what the consents in force naming them allow, one `Grant` per
    # member, category and consent (a member may have two consents naming them).
    grants: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class Grant:
    """One category of one consent in force: `member_id` lets the professional have
    entries (level "entries") or only trends (level "trends") of `category` made between
    `data_from` and `data_to` (None: no end)."""

    member_id: object
    category: str
    level: str  # "trends" | "entries"
    data_from: datetime
    data_to: datetime | None = None

    def covers(self, member_id, category: str, moment: datetime, levels=("entries",)) -> bool:
        return (
            self.member_id == member_id
            and self.category == category
            and self.level in levels
            and self.data_from <= moment
            and (self.data_to is None or moment <= self.data_to)
        )


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
    category: str = ""  # its consent category (`AudienceEntry.consent_category`)
    # The other members whose use or cravings it may be about (a rupture's parties in
    # recovery other than its author): each must consent to "cravings" too.
    about_use_of: frozenset = field(default_factory=frozenset)


def _during(periods, moment: datetime) -> bool:
    return any(start <= moment and (end is None or end > moment) for start, end in periods)


def _granted(viewer: Viewer, member_id, category: str, moment: datetime, levels=("entries",)) -> bool:
    return any(grant.covers(member_id, category, moment, levels) for grant in viewer.grants)


def professional_clause(viewer: Viewer, entry: EntryFacts) -> bool:
    """What the professional `viewer` may see of others' entries (see `models.professional_clause`):
    shared with the professional, the author's consent covers its category as entries for
    when it was made, and so does the consent of anyone whose use it may be about."""
    return (
        entry.professional_may_see
        and entry.audience != "only_me"
        and _granted(viewer, entry.author_id, entry.category, entry.created_at)
        and all(_granted(viewer, other, "cravings", entry.created_at) for other in entry.about_use_of)
    )


def counted_for(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whether a professional's trends may count `entry` (see `AudienceQuerySet.counted_for`)."""
    return (
        viewer.is_current
        and viewer.is_professional
        and viewer.circle_id == entry.circle_id
        and viewer.id != entry.author_id
        and entry.audience != "only_me"
        and _granted(viewer, entry.author_id, entry.category, entry.created_at, ("trends", "entries"))
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
    if viewer.is_professional:
        # The consent's data range, not the joining, says how far back (history only if chosen).
        return professional_clause(viewer, entry)
    after_joining = entry.created_at >= viewer.joined_at
    if entry.audience == "circle":
        return after_joining
    return viewer.id in entry.chosen_ids
