"""What the safety API accepts and returns: only ever the caller's own answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from circles.schemas import StrictIn

Answer = Literal["yes", "no", "not_sure"]


class SafetyAnswers(StrictIn):
    """One answer for each statement (see docs/users.md, "Feeling safe"); keys as in `safety.rules.QUESTIONS`."""

    afraid: Answer = Field(description="I am afraid of them.")
    threatened: Answer = Field(description="They have threatened me, or someone or something I care about.")
    hurt: Answer = Field(
        description="They have hurt me: pushed, hit, kicked, choked or hurt me in another way."
    )
    forced: Answer = Field(description="They have pressured or forced me into sexual things I did not want.")
    controlled: Answer = Field(description="They control my money, my phone, or where I go and who I see.")
    say_no: Answer = Field(description="I worry about what happens if I say no to them.")


class PersonOut(Schema):
    id: UUID
    name: str


class SafetyCheckOut(Schema):
    about: PersonOut
    answers: SafetyAnswers | None = Field(description="Null until you have answered about this person.")
    joint_work_off: bool = Field(description="Joint exercises with this person are off for you.")
    answered_at: datetime | None
