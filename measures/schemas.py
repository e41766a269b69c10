"""What the API accepts and returns for measures. Author and circle come from the
caller's membership; item answers are returned only to their author, or to readers when
the author chose to share them (`answers_shared`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from circles.audience.schemas import AudienceIn, AudienceOut, MemberBrief
from measures import text
from measures.models import Schedule


class BandOut(Schema):
    key: str
    min: int
    max: int
    label: str
    meaning: str


class ReliableChangeOut(Schema):
    points: int
    source: str


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    number: int
    text: str
    scored: bool
    options: list[OptionOut]


class InstrumentOut(Schema):
    id: str
    version: str
    name: str
    short_name: str
    citation: str
    licence: str
    languages: list[str]
    recall_period: str
    better: str = Field(description='"lower" or "higher": which way is improvement.')
    range: list[int]
    bands: list[BandOut]
    reliable_change: ReliableChangeOut | None
    items: list[ItemOut]


def instrument_out(instrument) -> dict:
    lang = text.language() if text.published_in(instrument) else "en"
    return {
        "id": instrument.id,
        "version": str(instrument.version),
        "name": text.pick(instrument.name),
        "short_name": instrument.short_name,
        "citation": instrument.citation,
        "licence": instrument.licence,
        "languages": list(instrument.languages),
        "recall_period": text.pick(instrument.recall_period, lang),
        "better": instrument.better,
        "range": list(instrument.range),
        "bands": [
            {
                "key": b.key,
                "min": b.min,
                "max": b.max,
                "label": text.pick(b.label),
                "meaning": text.pick(b.meaning),
            }
            for b in instrument.bands
        ],
        "reliable_change": (
            {"points": instrument.reliable_change.points, "source": instrument.reliable_change.source}
            if instrument.reliable_change
            else None
        ),
        "items": [
            {
                "number": i.number,
                "text": text.pick(i.text, lang),
                "scored": i.scored,
                "options": [{"value": o.value, "label": text.pick(o.label, lang)} for o in i.options],
            }
            for i in instrument.items
        ],
    }


class ResponseIn(AudienceIn):
    circle: UUID
    instrument: str = Field(max_length=40)
    answers: dict[int, int | None] = Field(description="{item number: the value of the chosen option}.")
    answers_shared: bool = Field(
        False, description="Readers may also see each answer. Never when only you see it."
    )
    assignment: UUID | None = None


class ResultChangeOut(Schema):
    points: int
    direction: str = Field(description='"improved", "deteriorated", "no_reliable_change" or "no_threshold".')
    threshold: int | None
    source: str | None
    words: str


class ResponseOut(AudienceOut):
    id: UUID
    circle: UUID
    author: MemberBrief
    instrument: str
    version: str
    total: int | None
    subscales: dict
    band: str
    band_label: str = ""
    meaning: str = ""
    taken_at: datetime
    answers_shared: bool
    answers: dict[int, int] | None = Field(
        None, description="Only to the author, or when they shared their answers."
    )
    crisis_resources: bool = Field(
        False,
        description="To the author only: an answer that means crisis resources should be shown now (PHQ-9 item 9).",
    )
    since_previous: ResultChangeOut | None = None
    since_first: ResultChangeOut | None = None

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_answers(obj):
        return getattr(obj, "answers_out", None)


class AssignmentIn(Schema):
    circle: UUID
    member: UUID
    instrument: str = Field(max_length=40)
    schedule: Schedule = Schedule.ONCE


class AssignmentOut(Schema):
    id: UUID
    circle: UUID
    member: UUID
    assigned_by: UUID
    instrument: str
    schedule: Schedule
    next_due: datetime
    active: bool

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_member(obj) -> UUID:
        return obj.member_id

    @staticmethod
    def resolve_assigned_by(obj) -> UUID:
        return obj.assigned_by_id
