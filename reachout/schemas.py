"""What the API accepts and returns for reach-out plans, their parts and offers.

A plan's *parts* (decision, conditions, what the author needs to feel safe, review
date) go to whoever may see the plan; its *notes* go to the author only and are
`null` for everyone else. Author and circle come from the caller's membership.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from circles.audience import Audience
from circles.audience.schemas import MemberBrief
from circles.schemas import LocalTime, StrictIn
from reachout import rules
from reachout.models import SHORT_MAX, TEXT_MAX

DecisionChoice = Literal["not_yet", "yes_with_conditions", "no_with_love"]
StepChoice = Literal["reached_out", "pause", "ask_yourself", "ask_them", "conditions", "decide"]


def _is_mine(obj, context) -> bool:
    return obj.author_id == context["request"].member.pk


class PlanIn(StrictIn):
    circle: UUID
    returning_member: UUID | None = Field(None, description="The member who reached out, if in the circle.")
    returning_name: str = Field("", max_length=80, description="Their name otherwise; only you see it.")
    how_reached: str = Field(
        "", description="text, call, voicemail, in_person, social, someone_else or other."
    )
    what_they_said: str = Field("", max_length=TEXT_MAX)


class PartsIn(StrictIn):
    """Plan parts to change; a field left out stays as it is."""

    conditions: str | None = Field(None, max_length=TEXT_MAX)
    boundaries: str | None = Field(None, max_length=TEXT_MAX)
    expectations: str | None = Field(None, max_length=TEXT_MAX)
    support: str | None = Field(None, max_length=TEXT_MAX)
    signs_of_change: str | None = Field(None, max_length=TEXT_MAX, description="One sign a line.")
    review_on: date | None = None


class NotesIn(StrictIn):
    """Notes to change (author only, never shared); a field left out stays as it is."""

    step: StepChoice | None = Field(None, description="The step of the guide to come back to.")
    how_reached: str | None = None
    what_they_said: str | None = Field(None, max_length=TEXT_MAX)
    ask_yourself: dict[str, str] | None = Field(None, description=f"Keys: {', '.join(rules.ASK_YOURSELF)}.")
    their_answers: dict[str, str] | None = Field(None, description=f"Keys: {', '.join(rules.ASK_THEM)}.")
    checklist: list[str] | None = Field(None, description=f"Ticked items of: {', '.join(rules.CHECKLIST)}.")
    reply_draft: str | None = Field(None, max_length=TEXT_MAX)


class DecisionIn(StrictIn):
    decision: DecisionChoice
    note: str = Field("", max_length=1000)


class OfferIn(StrictIn):
    what: str = Field(max_length=SHORT_MAX)
    frequency: Literal["daily", "weekdays", "per_week"] = "weekdays"
    weekday: int = Field(6, ge=0, le=6, description="0 = Monday, for a weekly offer.")
    times_per_week: int = Field(1, ge=1, le=7)
    due_time: LocalTime = time(20, 0)
    consent: bool = Field(description="Must be true: you agree to offer this to them.")


class DecisionOut(Schema):
    id: UUID
    decision: str
    note: str
    at: datetime


class NotesOut(Schema):
    step: str
    returning_member: UUID | None
    returning_name: str
    how_reached: str
    what_they_said: str
    ask_yourself: dict[str, str]
    their_answers: dict[str, str]
    checklist: list[str]
    suggests_waiting: bool
    reply_draft: str


class PlanOut(Schema):
    id: UUID
    circle: UUID
    author: MemberBrief
    is_mine: bool = False
    audience: Audience
    professional_may_see: bool
    chosen: list[UUID] | None = Field(None, description="Shown to the author only.")
    decision: DecisionOut | None = None
    conditions: str
    boundaries: str
    expectations: str
    support: str
    signs_of_change: list[str]
    review_on: date | None
    notes: NotesOut | None = Field(None, description="The author's notes: shown to the author only.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_is_mine(obj, context) -> bool:
        return _is_mine(obj, context)

    @staticmethod
    def resolve_chosen(obj, context) -> list[UUID] | None:
        return [m.pk for m in obj.chosen.all()] if _is_mine(obj, context) else None

    @staticmethod
    def resolve_decision(obj):
        return obj.decisions.order_by("-at").first()

    @staticmethod
    def resolve_signs_of_change(obj) -> list[str]:
        return obj.signs

    @staticmethod
    def resolve_notes(obj, context) -> dict | None:
        if not _is_mine(obj, context):
            return None
        return {
            "step": obj.step,
            "returning_member": obj.returning_member_id,
            "returning_name": obj.returning_name,
            "how_reached": obj.how_reached,
            "what_they_said": obj.what_they_said,
            "ask_yourself": obj.answers("ask_yourself"),
            "their_answers": obj.answers("their_answers"),
            "checklist": obj.ticked,
            "suggests_waiting": rules.suggests_waiting(obj.ticked),
            "reply_draft": obj.reply_draft,
        }


class OfferOut(Schema):
    id: UUID
    what: str
    frequency: str
    weekday: int
    times_per_week: int
    due_time: LocalTime
    state: str
    offered_by: MemberBrief
    promise: UUID | None = Field(None, description="The promise in the ledger, once taken on.")
    created_at: datetime

    @staticmethod
    def resolve_offered_by(obj):
        return obj.plan.author

    @staticmethod
    def resolve_promise(obj) -> UUID | None:
        return obj.promise_id


class FollowThroughOut(Schema):
    offer: OfferOut
    record: str = Field(description="How the last few went, in words (“3 of the last 4 Sundays”).")
    kept: int
    confirmed: int
