"""What the API accepts and returns for appreciations.

Author and circle of an entry come from the caller's membership, never from the
request body; an entry's circle cannot be changed at all.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from appreciations.models import TEXT_MAX
from circles.audience import Audience
from circles.audience.schemas import AudienceIn, MemberBrief


class AppreciationIn(AudienceIn):
    audience: Audience | None = Field(
        None,
        description="Who can see it. Left out: the member thanked, or the whole circle when thanking it.",
    )
    circle: UUID
    to_member: UUID | None = Field(None, description="Leave empty to thank the whole circle.")
    text: str = Field(max_length=TEXT_MAX)


class AppreciationOut(Schema):
    id: UUID
    circle: UUID
    author: MemberBrief
    to_member: MemberBrief | None
    text: str
    audience: Audience
    professional_may_see: bool
    chosen: list[UUID] | None = Field(None, description="Shown to the author only.")
    is_mine: bool = False
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle(obj) -> UUID:
        return obj.circle_id

    @staticmethod
    def resolve_is_mine(obj, context) -> bool:
        return obj.author_id == context["request"].member.pk

    @staticmethod
    def resolve_chosen(obj, context) -> list[UUID] | None:
        if obj.author_id != context["request"].member.pk:
            return None
        return [member.pk for member in obj.chosen.all()]
