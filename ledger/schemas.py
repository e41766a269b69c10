"""What the API accepts and returns for promises, occurrences, small moments and trajectories.

Input schemas list every field a client may send and refuse any other, so nobody
can set an author, a circle, a state or an outcome by adding a key. The author
and circle of an entry come from the caller's membership; an outcome changes only
through the ledger's rules (`ledger.logic.answer`). After parsing, the page's own
Django form checks the values (`circles.schemas.valid_form`).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from circles.audience.models import Audience
from circles.audience.schemas import AudienceIn, AudienceOut, MemberBrief
from circles.schemas import LocalTime, StrictIn, named_choices
from ledger import logic
from ledger.models import NOTE_MAX, WHAT_MAX, Frequency, Outcome, Pause, Promise, SmallMoment
from ledger.rules import outcomes

# The API's name for each action of `ledger.rules.outcomes.MOVES` a person can take.
ACTION_NAMES = {
    "report_kept": "report",
    "confirm": "confirm",
    "dispute": "dispute",
    "renegotiate": "renegotiate",
    "own_miss": "own",
}


def _caller(context):
    return context["request"].member


# --- input -------------------------------------------------------------------------------

PromiseState = named_choices("PromiseState", Promise.State)


class ScheduleIn(StrictIn):
    frequency: Frequency
    weekdays: list[int] = Field(
        default_factory=list, description="0 = Monday … 6 = Sunday; for “weekdays” schedules."
    )
    times_per_week: int | None = Field(None, description="For “per_week” schedules: 1 to 14.")
    due_time: LocalTime = Field(description="By what time, in your own time zone.", examples=["19:00"])
    starts_on: date = Field(description="Today or later.")
    ends_on: date | None = None


class PromiseIn(AudienceIn, ScheduleIn):
    audience: Audience | None = Field(
        None,
        description="Who can see it. Left out: the people it is promised to (the whole circle for a "
        "promise to the circle). Never “only_me”: the people promised must see it to confirm it.",
    )
    circle: UUID
    what: str = Field(max_length=WHAT_MAX, examples=["Call Mum by 7 pm"])
    recipients: list[UUID] = Field(default_factory=list, description="Members you promise it to.")
    to_circle: bool = Field(False, description="Promise it to the whole circle instead.")


class PauseIn(StrictIn):
    reason: Pause.Reason


class NoteIn(StrictIn):
    note: str = Field("", max_length=NOTE_MAX)


class RenegotiateIn(StrictIn):
    note: str = Field(max_length=NOTE_MAX, description="A few words to the people you promised.")


class MomentIn(AudienceIn):
    audience: Audience | None = Field(
        None, description="Who can see it. Left out: the member it is about (only you, when it is about you)."
    )
    circle: UUID
    about: UUID = Field(description="The member the moment is about (you too).")
    kind: SmallMoment.Kind
    custom_kind: str = Field("", max_length=80, description="In your words, when the kind is “custom”.")
    note: str = Field("", max_length=NOTE_MAX)


# --- output ------------------------------------------------------------------------------


class ScheduleOut(Schema):
    frequency: Frequency
    weekdays: list[int]
    times_per_week: int | None
    due_time: LocalTime
    time_zone: str
    starts_on: date
    ends_on: date | None
    effective_from: date


class PauseOut(Schema):
    reason: Pause.Reason
    started_at: datetime


class RecordOut(Schema):
    due_date: date
    outcome: Outcome


class PromiseOut(AudienceOut):
    id: UUID
    circle: UUID
    author: MemberBrief
    what: str
    recipients: list[MemberBrief]
    to_circle: bool
    state: PromiseState
    ended_at: datetime | None
    schedule: ScheduleOut | None = Field(None, description="The schedule in force now.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_recipients(obj) -> list:
        return list(obj.recipients.all())

    @staticmethod
    def resolve_schedule(obj):
        return obj.current_schedule


class PromiseDetailOut(PromiseOut):
    my_role: str | None = Field(None, description="promiser, recipient, or null.")
    when: str = Field(description="The schedule in a sentence.")
    record: str = Field(description="How the last few went, in a sentence.")
    recent: list[RecordOut] = Field(description="The last answered occurrences, newest first.")
    pause: PauseOut | None = Field(None, description="Why and since when it rests, while paused.")


class PromiseBrief(Schema):
    id: UUID
    what: str
    author: MemberBrief
    state: PromiseState


class ChangeOut(Schema):
    by: UUID | None = Field(description="The member who changed it; null when time ran out.")
    before: Outcome
    after: Outcome
    note: str
    at: datetime

    @staticmethod
    def resolve_by(obj) -> UUID | None:
        return obj.by_id


class OccurrenceOut(Schema):
    id: UUID
    promise: PromiseBrief
    due_at: datetime
    due_date: date
    opens_on: date
    outcome: Outcome
    outcome_at: datetime | None
    actions: list[str] = Field(
        default_factory=list, description="What you may do with it now: report, confirm, dispute, …"
    )
    changes: list[ChangeOut] = Field(description="Every change of its outcome, oldest first.")

    @staticmethod
    def resolve_changes(obj) -> list:
        return list(obj.changes.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        role = getattr(context["request"], "ledger_role", None)
        if role is None:
            return []
        allowed = outcomes.allowed_actions(
            obj.outcome, role, now=timezone.now(), due_at=obj.due_at, grace=logic.grace()
        )
        return [ACTION_NAMES[action] for action in allowed]


class MomentOut(AudienceOut):
    id: UUID
    circle: UUID
    author: MemberBrief
    about: MemberBrief
    kind: SmallMoment.Kind
    custom_kind: str
    label: str
    note: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id


class ScoreOut(Schema):
    member: MemberBrief
    score: float | None = Field(description="0–100, or null when there is not enough yet.")
    self_reported: int = Field(
        0, description="How many counted outcomes are self-reported (nobody promised could confirm them)."
    )


class ExplanationLineOut(Schema):
    outcome: Outcome
    count: int
    self_reported: int = Field(
        0,
        description="How many of them are self-reported: from promises none of the people promised can see.",
    )
    share: float = Field(description="Its share of the weight, 0–1; the neutral start holds the rest.")


class TrajectoryPointOut(Schema):
    at: datetime
    score: float | None


class TrajectoryOut(Schema):
    member: MemberBrief
    toward: MemberBrief | None = Field(None, description="Only promises to this member, when given.")
    score: float | None
    prior_share: float = Field(description="The share held by the neutral starting point, 0–1.")
    self_reported: int = Field(
        0, description="How many counted outcomes are self-reported (nobody promised could confirm them)."
    )
    explanation: list[ExplanationLineOut] = Field(description="What moved the score, most first.")
    series: list[TrajectoryPointOut] = Field(
        description="The score at the end of each of the last 12 months."
    )
