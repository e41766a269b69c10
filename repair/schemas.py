"""What the API accepts and returns for ruptures, repair steps and reflections.

The author and circle come from the caller's membership, never from the body.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from circles.audience import Audience
from circles.audience.schemas import AudienceIn, MemberBrief
from circles.schemas import StrictIn, named_choices
from repair.models import TEXT_MAX, Reflection, Rupture, Sign, Size

RuptureStatus = named_choices("RuptureStatus", Rupture.Status)


class RuptureIn(AudienceIn):
    circle: UUID
    others: list[UUID] = Field(description="Everyone else in it; you are in it too.")
    what: str = Field(max_length=TEXT_MAX)
    happened_at: datetime
    size: Size = Size.MEDIUM
    signs: list[Sign] = Field(default_factory=list)


class PartyOut(Schema):
    member: MemberBrief
    step: int | None = Field(description="The step this person is at; null when all five are done.")
    pausing: bool = Field(description="Taking time to settle at step 2.")
    phase: str | None = Field(description="At step 3: side, reflecting, understood or part_named.")


class RuptureOut(Schema):
    id: UUID
    circle: UUID
    author: MemberBrief
    what: str
    happened_at: datetime
    size: Size
    signs: list[str]
    status: RuptureStatus
    repaired_at: datetime | None
    ended_at: datetime | None
    audience: Audience
    professional_may_see: bool
    parties: list[MemberBrief]
    created_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.parties.all())


class RuptureDetailOut(RuptureOut):
    progress: list[PartyOut]

    @staticmethod
    def resolve_progress(obj) -> list[dict]:
        from repair.logic import progress

        return [
            {
                "member": p.member,
                "step": int(p.step) if p.step else None,
                "pausing": p.pausing,
                "phase": p.phase.value if p.phase else None,
            }
            for p in progress(obj)
        ]


class RebuildPromiseIn(StrictIn):
    what: str = Field(max_length=200)
    frequency: Literal["daily", "per_week", "once"] = "daily"
    due_time: time = time(20, 0)


class StepIn(StrictIn):
    action: Literal["recognise", "settled", "pausing", "side", "part", "vulnerable", "rebuild"]
    text: str = Field(
        "",
        max_length=TEXT_MAX,
        description="What I noticed, my side, my part, what I long for, or my apology.",
    )
    more: str = Field("", max_length=TEXT_MAX, description="Rebuild: my reassurance.")
    choices: list[str] = Field(
        default_factory=list, description="Recognise: protective patterns. Vulnerable: softer feelings."
    )
    promises: list[RebuildPromiseIn] = Field(default_factory=list, max_length=5)


class StepOut(Schema):
    id: UUID
    rupture: UUID
    author: MemberBrief
    kind: str
    done: bool
    text: str
    more: str
    choices: list[str]
    promises: list[UUID]
    created_at: datetime

    @staticmethod
    def resolve_rupture(obj) -> UUID:
        return obj.rupture_id

    @staticmethod
    def resolve_promises(obj) -> list[UUID]:
        return [c.pk for c in obj.promises.all()]


class ReflectionIn(StrictIn):
    about: UUID = Field(description="The person whose side you reflect back.")
    text: str = Field(max_length=TEXT_MAX)


class AnswerIn(StrictIn):
    answer: Reflection.Answer
    missed: str = Field("", max_length=TEXT_MAX, description="Needed with “not_quite”.")


class ReflectionOut(Schema):
    id: UUID
    rupture: UUID
    author: MemberBrief
    about: MemberBrief
    text: str
    answer: str
    missed: str
    created_at: datetime

    @staticmethod
    def resolve_rupture(obj) -> UUID:
        return obj.rupture_id


class TimeToRepairOut(Schema):
    median_hours_90_days: float | None
    open: int
    months: list[dict]
