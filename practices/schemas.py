"""What the API accepts and returns for practices and requests for help.

A practice's answers never carry a circle, a circle's name or its members: only what
the requester wrote.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from circles.schemas import StrictIn, named_choices
from practices import vocabulary
from practices.models import Practice

PracticeKind = named_choices("PracticeKind", Practice.Kind)
Language = Literal[tuple(vocabulary.CODES)]  # type: ignore[valid-type]


class PracticeOut(Schema):
    id: UUID
    kind: PracticeKind
    name: str
    intake_email: str
    intake_phone: str
    languages: list[str]
    accepts_requests: bool


class MyPlaceOut(Schema):
    practice: PracticeOut
    is_admin: bool


class PracticeIn(StrictIn):
    kind: PracticeKind
    name: str = Field(max_length=120)
    intake_email: str = Field("", max_length=254)
    intake_phone: str = Field("", max_length=40)
    languages: list[Language]
    accepts_requests: bool = True


class PractitionerOut(Schema):
    id: UUID
    name: str
    is_admin: bool
    added_at: datetime


class AddPractitionerIn(StrictIn):
    email: str = Field(max_length=254)
    as_admin: bool = False


class PracticeInvitationOut(Schema):
    id: UUID
    email: str
    expires_at: datetime


class InvitationToMeOut(Schema):
    id: UUID
    practice: PracticeOut
    expires_at: datetime


class ReplyOut(Schema):
    id: UUID
    text: str
    created_at: datetime


class ProposalOut(Schema):
    id: UUID
    professional: str = Field(description="The professional's display name.")
    stage: str = Field(description="waiting, declined, withdrawn, sent, joined, expired or closed.")
    created_at: datetime

    @staticmethod
    def resolve_professional(obj) -> str:
        return obj.practitioner.name


class IntakeOut(Schema):
    """A request as the practice sees it: only what the requester wrote."""

    id: UUID
    status: str
    name: str
    reason: str
    contact: str
    languages: list[str]
    time_zone: str
    created_at: datetime
    replies: list[ReplyOut] = []
    proposals: list[ProposalOut] = []

    @staticmethod
    def resolve_replies(obj) -> list:
        return list(obj.replies.all())

    @staticmethod
    def resolve_proposals(obj) -> list:
        # Lists prefetch both (queries.WITH_ANSWERS), so a page costs the same whatever its length.
        return list(obj.proposals.all())


class MyRequestOut(IntakeOut):
    circle: UUID
    practice: PracticeOut

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id


class HelpRequestIn(StrictIn):
    circle: UUID
    practice: UUID
    name: str = Field(max_length=80)
    reason: str = Field(max_length=1000)
    contact: str = Field(max_length=200)
    languages: list[Language]
    time_zone: str = Field(max_length=64)


class ReplyIn(StrictIn):
    text: str = Field(max_length=2000)


class ProposeIn(StrictIn):
    practitioner: UUID = Field(description="One of the practice's professionals.")


class OwnerProposalOut(Schema):
    """A practice's wish to let a professional into your circle, waiting for an owner."""

    id: UUID
    circle: UUID
    asked_by: str = Field(description="Who asked for help; empty for someone you said you are not safe with.")
    practice: str
    professional: str

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.request.circle_id

    @staticmethod
    def resolve_asked_by(obj) -> str:
        return obj.asked_by  # "" for someone you said you are not safe with

    @staticmethod
    def resolve_practice(obj) -> str:
        return obj.request.practice.name

    @staticmethod
    def resolve_professional(obj) -> str:
        return obj.practitioner.name


class ProposalAnswerIn(StrictIn):
    yes: bool


class JoinedOut(Schema):
    circle: UUID = Field(description="The circle you joined.")
