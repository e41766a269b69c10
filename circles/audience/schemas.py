"""The audience fields every entry accepts and answers with in the API."""

from __future__ import annotations

from uuid import UUID

from ninja import Field, Schema

from circles.audience.models import Audience
from circles.models import Member
from circles.schemas import StrictIn


class AudienceIn(StrictIn):
    audience: Audience = Audience.ONLY_ME
    chosen: list[UUID] = Field(
        default_factory=list, description="Members who may see it, when the audience is “chosen”."
    )
    professional_may_see: bool = Field(False, description="Never for entries only you can see.")


class MemberBrief(Schema):
    id: UUID
    name: str
    role: Member.Role


def _caller(context):
    return context["request"].member


class AudienceOut(Schema):
    """The audience fields every entry answers with; whom the author chose is theirs alone."""

    audience: Audience
    professional_may_see: bool
    chosen: list[UUID] | None = Field(None, description="Shown to the author only.")
    is_mine: bool = False

    @staticmethod
    def resolve_is_mine(obj, context) -> bool:
        return obj.author_id == _caller(context).pk

    @staticmethod
    def resolve_chosen(obj, context) -> list[UUID] | None:
        if obj.author_id != _caller(context).pk:
            return None
        return [member.pk for member in obj.chosen.all()]
