"""What the API accepts and returns for repair phrases.

A member's own phrases and favourites are theirs alone; the member comes from the
caller's membership of `circle`, never from the request body.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from circles.schemas import StrictIn
from phrases.models import TEXT_MAX

PurposeKey = Literal["feeling", "sorry", "yes", "calm", "stop", "appreciate"]


class PurposeOut(Schema):
    key: PurposeKey
    name: str


class PhraseOut(Schema):
    id: str = Field(description="A built-in phrase id such as “sorry-03”, or the UUID of your own phrase.")
    purpose: PurposeKey | Literal[""] = Field(description="Empty for an own phrase without a purpose.")
    purpose_name: str
    text: str
    own: bool
    favourite: bool


class OwnPhraseIn(StrictIn):
    circle: UUID
    text: str = Field(max_length=TEXT_MAX)
    purpose: PurposeKey | Literal[""] = ""


class OwnPhraseChangeIn(StrictIn):
    text: str | None = Field(None, max_length=TEXT_MAX)
    purpose: PurposeKey | Literal[""] | None = None


class OwnPhraseOut(Schema):
    id: UUID
    circle: UUID
    text: str
    purpose: PurposeKey | Literal[""]
    favourite: bool
    created_at: datetime
    updated_at: datetime


class FavouriteIn(StrictIn):
    circle: UUID
    phrase: str = Field(max_length=64, description="A built-in phrase id or the UUID of your own phrase.")


class FavouriteOut(Schema):
    phrase: str
    favourite: bool
