"""What the API accepts and returns for circles, members and invitations.

Input schemas list every field a client may send and refuse any other
(`extra="forbid"`), so nobody can set an owner flag, a circle or an author by
adding a key. After parsing, the same Django form the pages use checks the
values (`valid_form`), so pages and API cannot disagree.
"""

from __future__ import annotations

import typing
from datetime import datetime
from uuid import UUID

from django import forms
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from circles.models import Member


class Message(Schema):
    detail: str
    code: str | None = Field(None, description="For a rule's refusal: which rule (stable, for programs).")


class StrictIn(Schema):
    """Base for request bodies: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
    status: Member.Status
    is_owner: bool
    joined_at: datetime
    is_me: bool = False

    @staticmethod
    def resolve_is_me(obj, context) -> bool:
        return _is_me(obj, context)


class ProfessionalOut(Schema):
    """A professional of the circle and whether you have said yes to their joining."""

    member: MemberOut
    approved: bool = Field(description="Whether the professional may see what you share with them.")
    approved_at: datetime | None = None


class CircleOut(Schema):
    id: UUID
    name: str
    created_at: datetime
    me: MemberOut = Field(description="Your own membership of this circle.")


class CircleIn(StrictIn):
    name: str = Field(max_length=80, examples=["The Garcías"])
    role: Member.Role = Field(description="Your own role in the new circle.")


class StatusIn(StrictIn):
    status: Member.Status


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


def eager_annotations(view):
    """Resolve string annotations now: `@paginate`'s wrapper would look them up in
    ninja's own module instead of the view's (vitalik/django-ninja#1717)."""
    view.__annotations__ = typing.get_type_hints(view)
    return view
