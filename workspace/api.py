"""The professional's workspace in the JSON API: the caseload and the view of a circle.

The same rules and the same access-log rows as the pages: each answer is built and
logged in one transaction, so nothing is answered unlogged.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from circles.access import has_two_factor
from circles.logic import TwoStepNeeded, current_member
from lib.api import REFUSALS
from workspace import logic, queries

router = Router(tags=["workspace"])


class WorkspaceFollowThroughOut(Schema):
    member_id: UUID
    name: str
    score: float | None = Field(None, description="Follow-through now, 0 to 100 (ledger's score).")
    direction: str = Field(description='"up", "down", "steady", or "" (nothing to compare).')


class WorkspaceCheckinsOut(Schema):
    member_id: UUID
    name: str
    weeks: list[int] = Field(description="Check-ins shared in each of the last 4 weeks, oldest first.")


class WorkspaceRepairOut(Schema):
    open: int
    median_hours: float | None = Field(None, description="Median time to repair, last 90 days.")


class CaseloadRowOut(Schema):
    circle_id: UUID
    name: str
    consenting: int = Field(description="How many members have a consent in force for you.")
    repair: WorkspaceRepairOut | None = None
    follow_through: list[WorkspaceFollowThroughOut] | None = None
    checkins: list[WorkspaceCheckinsOut] | None = None
    last_activity: datetime | None = None


class CaseloadOut(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseloadRowOut]


class WorkspaceEntryOut(Schema):
    id: UUID
    kind: str
    at: datetime
    text: str


class WorkspaceScopeOut(Schema):
    category: str
    level: str
    data_from: datetime
    expires_at: datetime
    entries: list[WorkspaceEntryOut] = Field(
        description="Newest first, at most 20; only at the entries level."
    )
    more: bool


class WorkspaceMemberViewOut(Schema):
    member_id: UUID
    name: str
    scopes: list[WorkspaceScopeOut]
    repair: WorkspaceRepairOut | None = None
    follow_through: WorkspaceFollowThroughOut | None = None
    checkins: WorkspaceCheckinsOut | None = None


class WorkspaceCircleViewOut(Schema):
    circle_id: UUID
    name: str
    members: list[WorkspaceMemberViewOut] = Field(description="Only members with a consent in force for you.")


def _repair(found) -> dict | None:
    if found is None:
        return None
    hours = None if found.median is None else round(found.median.total_seconds() / 3600, 1)
    return {"open": found.open, "median_hours": hours}


def _follow(item) -> dict:
    return {
        "member_id": item.member_id,
        "name": item.member.name,
        "score": item.score,
        "direction": item.direction,
    }


def _checkins(item) -> dict:
    return {"member_id": item.member_id, "name": item.member.name, "weeks": item.counts}


def _two_step(user) -> None:
    if not has_two_factor(user):
        raise TwoStepNeeded(
            _("Please turn on two-step login before working with a circle as a professional.")
        )


@router.get("/caseload", response={200: CaseloadOut, **REFUSALS})
def caseload(request, page: int = 1):
    """Every circle you work with under consent, with only what the consents allow.

    Each answer is written to the members' access logs. 404 if you are nobody's professional.
    """
    if not queries.is_professional(request.auth):
        raise Http404
    _two_step(request.auth)
    with transaction.atomic():
        found = logic.show_caseload(request.auth, timezone.now(), max(1, min(page, 10**6)))
    return {
        "count": found.count,
        "page": found.page,
        "pages": found.pages,
        "items": [
            {
                "circle_id": row.circle.pk,
                "name": row.circle.name,
                "consenting": row.consenting,
                "repair": _repair(row.repair) if "repair" in row.shows else None,
                "follow_through": [_follow(f) for f in row.follow_through]
                if "promises" in row.shows
                else None,
                "checkins": [_checkins(c) for c in row.checkins] if "checkins" in row.shows else None,
                "last_activity": row.last_activity.at if row.last_activity else None,
            }
            for row in found.rows
        ],
    }


@router.get("/circles/{circle_id}", response={200: WorkspaceCircleViewOut, **REFUSALS})
def circle(request, circle_id: UUID):
    """A circle as you may see it as its professional: per member who consented, what they allow.

    Every entry, score and trend answered is written to that member's access log. 404 for a
    circle you are not the professional of, exactly like one that does not exist.
    """
    member = current_member(request.auth, circle_id)
    if member is None or not member.is_professional:
        raise Http404
    _two_step(request.auth)
    with transaction.atomic():
        view = logic.show_circle(member, timezone.now())
    return {
        "circle_id": member.circle_id,
        "name": member.circle.name,
        "members": [
            {
                "member_id": mv.member.pk,
                "name": mv.member.name,
                "scopes": [
                    {
                        "category": s.category,
                        "level": s.level,
                        "data_from": s.data_from,
                        "expires_at": s.expires_at,
                        "entries": [vars(e) for e in s.entries],
                        "more": s.more,
                    }
                    for s in mv.scopes
                ],
                "repair": _repair(mv.repair),
                "follow_through": _follow(mv.follow_through) if mv.follow_through else None,
                "checkins": _checkins(mv.checkins) if mv.checkins else None,
            }
            for mv in view.members
        ],
    }
