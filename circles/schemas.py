"""What the API accepts and returns for circles, members and invitations.

Input schemas list every field a client may send and refuse any other
(`extra="forbid"`), so nobody can set an owner flag, a circle or an author by
adding a key. After parsing, the same Django form the pages use checks the
values (`valid_form`), so pages and API cannot disagree.
"""

from __future__ import annotations

import enum
import typing
from datetime import date, datetime, time
from uuid import UUID

from django import forms
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, ConfigDict, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from circles.models import Member
from lib import limits

# Shared by every router; the feature apps import them from here.
from lib.api import Pages as Pages
from lib.api import eager_annotations as eager_annotations


def named_choices(name: str, choices: type[enum.Enum]) -> type[enum.Enum]:
    """The same choices under a name of their own in the API description: several models
    call their choices `Status` or `State`, and the document needs one name per schema."""
    return enum.Enum(name, {member.name: member.value for member in choices}, type=str)


MemberStatus = named_choices("MemberStatus", Member.Status)


def _wall_clock(value: time) -> time:
    if value.tzinfo is not None:
        raise PydanticCustomError(
            "local_time",
            _("Please give a time of day without a time zone, like 19:00: Mend uses your own time zone."),
        )
    return value


# A time of day on the person's own clock (their time zone is stored beside it). JSON
# Schema's "time" format demands an offset, so the document states the real shape instead.
LocalTime = typing.Annotated[
    time,
    AfterValidator(_wall_clock),
    WithJsonSchema(
        {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"}
    ),
]


def _document_limits(schema: dict, cls) -> None:
    """Publish the list backstop in the OpenAPI document, as pydantic does for text."""
    for prop in schema.get("properties", {}).values():
        for option in [prop, *prop.get("anyOf", [])]:
            if option.get("type") == "array":
                option.setdefault("maxItems", limits.ITEMS_MAX)
            elif option.get("type") == "object" and "additionalProperties" in option:
                option.setdefault("maxProperties", limits.ITEMS_MAX)


class StrictIn(Schema):
    """Base for request bodies: unknown fields are refused, not silently dropped, and every
    value has a limit (`lib.limits`): text and list lengths, dates, no NUL character.
    Fields keep their own tighter limits; these hold for a field added without one."""

    model_config = ConfigDict(
        extra="forbid", str_max_length=limits.TEXT_MAX, json_schema_extra=_document_limits
    )

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul_and_long_lists(cls, value):
        # Before parsing, so a list of a million items is refused without parsing any.
        if limits.has_nul(value):
            raise PydanticCustomError("null_character", limits.nul_message())
        if isinstance(value, (list, tuple, set, dict)) and len(value) > limits.ITEMS_MAX:
            raise PydanticCustomError(
                "too_long", _("Please send at most %(count)s items.") % {"count": limits.ITEMS_MAX}
            )
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_far_dates(cls, value):
        if isinstance(value, date) and not limits.is_sensible_date(value):
            raise PydanticCustomError("date_out_of_range", limits.date_message())
        return value


def valid_form(form_class: type[forms.Form], payload: Schema, **form_kwargs) -> forms.Form:
    """The page's form, bound to parsed input and valid; its errors answer 422 like schema errors."""
    form = form_class(data=payload.model_dump(mode="json"), **form_kwargs)
    if form.is_valid():
        return form
    raise NinjaValidationError(
        [
            {"loc": ["body", "payload", field], "msg": error["message"], "type": error["code"] or "invalid"}
            for field, errors in form.errors.get_json_data().items()
            for error in errors
        ]
    )


def _is_me(member: Member, context) -> bool:
    # One current membership per person and circle, so the user decides who "me" is.
    return member.user_id == context["request"].auth.pk


class MemberOut(Schema):
    id: UUID
    name: str
    role: Member.Role
    status: MemberStatus
    is_owner: bool
    joined_at: datetime
    is_me: bool = False

    @staticmethod
    def resolve_is_me(obj, context) -> bool:
        return _is_me(obj, context)


class ProfessionalOut(Schema):
    """A professional of the circle and whether a consent of yours in force names them."""

    member: MemberOut
    consented: bool = Field(description="Whether a consent of yours in force names this professional.")


class CircleOut(Schema):
    id: UUID
    name: str
    created_at: datetime
    me: MemberOut = Field(description="Your own membership of this circle.")


class CircleIn(StrictIn):
    name: str = Field(max_length=80, examples=["The Garcías"])
    role: Member.Role = Field(description="Your own role in the new circle.")


class StatusIn(StrictIn):
    status: MemberStatus


class InvitationIn(StrictIn):
    role: Member.Role = Field(description="The role the invited person will have.")
    note: str = Field("", max_length=80, description="Who it is for; only you see this.")


class InvitationOut(Schema):
    id: UUID
    role: Member.Role
    note: str = Field("", description="Shown only to the person who made the invitation.")
    invited_by: UUID
    status: str
    created_at: datetime
    expires_at: datetime

    @staticmethod
    def resolve_invited_by(obj) -> UUID:
        return obj.invited_by_id

    @staticmethod
    def resolve_note(obj, context) -> str:
        return obj.note if obj.invited_by.user_id == context["request"].auth.pk else ""


class NewInvitationOut(Schema):
    invitation: InvitationOut
    token: str = Field(description="The secret; shown only this once.")
    link: str = Field(description="The single-use link to send to the invited person.")


class InvitationPreviewOut(Schema):
    circle_name: str
    role: Member.Role
    invited_by_name: str
    expires_at: datetime
    state: str = Field(description="open, expired, or answered (used, declined or withdrawn).")

    @staticmethod
    def resolve_circle_name(obj) -> str:
        return obj.circle.name

    @staticmethod
    def resolve_invited_by_name(obj) -> str:
        return obj.invited_by.name

    @staticmethod
    def resolve_state(obj) -> str:
        if obj.is_open:
            return "open"
        return "expired" if obj.is_expired else "answered"


# --- consents (circles.consent) --------------------------------------------------------------


class ConsentIn(StrictIn):
    """A consent as the member chooses it, and their password to sign it (asked every time)."""

    recipients: list[UUID] = Field(
        max_length=limits.ITEMS_MAX, description="The circle's professionals it names (one or several)."
    )
    scopes: dict[str, str] = Field(
        max_length=limits.ITEMS_MAX,
        description='{category: level}: categories "promises", "moments", "scores", "checkins", "cravings" '
        '(off unless listed), "repair", "reachout", "appreciations", "measures"; levels "trends" or "entries".',
    )
    purposes: list[str] = Field(
        default_factory=lambda: ["treatment"],
        max_length=limits.ITEMS_MAX,
        description='"treatment", "at_my_request"',
    )
    data_from: date | None = Field(None, description="From which day (default: the day of signing).")
    expires_on: date = Field(description="Until which day (at most three years on).")
    safety_alerts: bool = False
    password: str = Field(
        max_length=limits.TEXT_MAX, description="Your Mend password: a consent is signed only after it."
    )


class ConsentScopeOut(Schema):
    category: str
    level: str


class ConsentOut(Schema):
    """One consent: its choices, what was shown and signed, and its status."""

    id: UUID
    status: str = Field(description='"active", "expired", "revoked" or "superseded".')
    recipients: list[UUID]
    recipient_names: str
    scopes: list[ConsentScopeOut]
    purposes: list[str]
    data_from: datetime
    data_to: datetime | None
    expires_at: datetime
    safety_alerts: bool
    text_version: str
    language: str
    text_sha256: str
    text: str
    signed_at: datetime
    reauthenticated_at: datetime
    ended_at: datetime | None
    replaces: UUID | None

    @staticmethod
    def resolve_status(obj) -> str:
        return "expired" if obj.is_expired else obj.status

    @staticmethod
    def resolve_recipients(obj) -> list:
        return [m.pk for m in obj.recipients.all()]

    @staticmethod
    def resolve_scopes(obj) -> list:
        return list(obj.scopes.all())

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.text_shown

    @staticmethod
    def resolve_replaces(obj):
        return obj.replaces_id


class ConsentToMeOut(Schema):
    """A consent in force naming the caller (a professional): who, what, until when, as signed."""

    id: UUID
    member: MemberOut
    scopes: list[ConsentScopeOut]
    purposes: list[str]
    data_from: datetime
    data_to: datetime | None
    expires_at: datetime
    safety_alerts: bool
    text: str

    @staticmethod
    def resolve_scopes(obj) -> list:
        return list(obj.scopes.all())

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.text_shown
