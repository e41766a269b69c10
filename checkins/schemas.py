"""What the API accepts and returns for check-ins, cravings, time-outs and trends.

Input schemas list every field a client may send and refuse any other, so nobody
can set an author, a circle or another entry's audience by adding a key. After
parsing, the page's own forms check the values (see `checkins.api`), so pages and
API cannot disagree. Cravings and use answer only to people their own, stricter
audience allows; to anyone else the field is null, exactly as when none was reported.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from checkins.models import NOTE_MAX, State
from circles.audience import Audience
from circles.audience.schemas import AudienceIn, AudienceOut, MemberBrief
from circles.schemas import StrictIn, named_choices


def _caller(context):
    return context["request"].member


# --- input -------------------------------------------------------------------------------

CheckInState = named_choices("CheckInState", State)


class SensationIn(StrictIn):
    region: str = Field(max_length=20, examples=["chest"])
    kind: str = Field(max_length=20, examples=["tight"])


class CravingIn(StrictIn):
    level: int = Field(description="From 0 (none) to 10 (very strong).")
    used: bool = Field(False, description="Used or drank since the last check-in.")
    audience: Audience = Field(Audience.ONLY_ME, description="Its own audience; private by default.")
    chosen: list[UUID] = Field(
        default_factory=list, description="Members who may see it, when the audience is “chosen”."
    )


class CravingAudienceIn(StrictIn):
    """Who may see cravings and use, changed after saving. Never the professional."""

    audience: Audience = Field(Audience.ONLY_ME, description="Its own audience; private by default.")
    chosen: list[UUID] = Field(
        default_factory=list, description="Members who may see it, when the audience is “chosen”."
    )


class CheckInIn(AudienceIn):
    circle: UUID
    state: str = Field(description="settled, activated or shut_down.", examples=["activated"])
    feelings: dict[str, int] = Field(
        default_factory=dict, description="Feeling → intensity from 1 to 5.", examples=[{"anxious": 4}]
    )
    sensations: list[SensationIn] = Field(
        default_factory=list, description="Where in the body, and what it is like; one per region."
    )
    urges: list[str] = Field(default_factory=list, examples=[["pull_away"]])
    connections: dict[UUID, int] = Field(
        default_factory=dict, description="Member id → how connected you feel, from 1 to 5."
    )
    note: str = Field("", max_length=NOTE_MAX)
    craving: CravingIn | None = Field(
        None, description="For the person in recovery only; refused for anyone else."
    )


class TimeOutIn(StrictIn):
    circle: UUID
    with_member: UUID = Field(description="The other person in the conversation.")
    minutes: int = Field(description="When to come back: at least 20 minutes, at most a day.")
    tool: str = Field("", description="breathing, grounding, or empty for something of your own.")
    reason: str = Field("", max_length=500, description="For you; the other sees it only if you say so.")
    share_reason: bool = False


# --- output ------------------------------------------------------------------------------


class FeelingOut(Schema):
    feeling: str
    intensity: int | None = Field(description="1 to 5; none when only the feeling was named.")


class SensationOut(Schema):
    region: str
    kind: str


class ConnectionOut(Schema):
    member: MemberBrief
    score: int


class CravingOut(Schema):
    level: int | None = Field(description="From 0 to 10; null when only the urge to use was noted.")
    used: bool
    urge_to_use: bool = Field(
        description="An urge to use or drink; it has this audience, not the check-in's."
    )
    audience: Audience
    chosen: list[UUID] | None = Field(None, description="Shown to the author only.")

    @staticmethod
    def resolve_chosen(obj, context) -> list[UUID] | None:
        if obj.author_id != _caller(context).pk:
            return None
        return [member.pk for member in obj.chosen.all()]


class CheckInOut(AudienceOut):
    id: UUID
    circle: UUID
    author: MemberBrief
    state: CheckInState
    note: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id


class CheckInDetailOut(CheckInOut):
    feelings: list[FeelingOut]
    sensations: list[SensationOut]
    urges: list[str] = Field(
        description="The urges noted; “use” only when the cravings part's own audience lets you see it."
    )
    connections: list[ConnectionOut]
    craving: CravingOut | None = Field(
        None, description="Cravings and use, only if their own audience lets you see them."
    )

    @staticmethod
    def resolve_feelings(obj) -> list:
        return list(obj.feelings.all())

    @staticmethod
    def resolve_sensations(obj) -> list:
        return list(obj.sensations.all())

    @staticmethod
    def resolve_urges(obj) -> list[str]:
        return obj.urges_seen(getattr(obj, "visible_craving", None))

    @staticmethod
    def resolve_connections(obj) -> list:
        return list(obj.connections.all())

    @staticmethod
    def resolve_craving(obj):
        return getattr(obj, "visible_craving", None)


class TimeOutOut(Schema):
    id: UUID
    circle: UUID
    author: MemberBrief = Field(description="Who called the pause.")
    with_member: MemberBrief
    return_at: datetime
    tool: str
    reason: str | None = Field(
        None, description="Only for the person who called it, or for the other when they chose to share it."
    )
    share_reason: bool
    reminded_at: datetime | None
    returned_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    is_mine: bool = False

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_is_mine(obj, context) -> bool:
        return obj.author_id == _caller(context).pk

    @staticmethod
    def resolve_reason(obj, context) -> str | None:
        if obj.author_id == _caller(context).pk or obj.share_reason:
            return obj.reason
        return None


class TrendPointOut(Schema):
    week: date
    value: float | None


class SeriesOut(Schema):
    label: str
    points: list[TrendPointOut]

    @staticmethod
    def resolve_points(obj) -> list[dict]:
        return [{"week": week, "value": value} for week, value in obj.points]


class StatesOut(Schema):
    week: date
    settled: int = 0
    activated: int = 0
    shut_down: int = 0


class TrendsOut(Schema):
    who: MemberBrief
    weeks: list[date] = Field(description="The Monday of each week, oldest first.")
    feelings: list[SeriesOut] = Field(description="Average intensity of each group of feelings, 1–5.")
    states: list[StatesOut] = Field(description="How many check-ins in each state, per week.")
    connections: list[SeriesOut] = Field(description="Average closeness to each person, 1–5.")
    cravings: list[SeriesOut] = Field(
        description="Average and highest cravings, 0–10; empty unless their own audience lets you see them."
    )
    used_weeks: list[date] = Field(description="Weeks with any use; empty unless cravings are visible.")
