"""Appreciations in the JSON API, under the Audience mechanism like every entry.

Entries are fetched only through `visible_to` / `get_visible_or_404`: one the
caller may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from accounts.reauth import needs_password_again
from appreciations.forms import AppreciationForm
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from appreciations.schemas import AppreciationIn, AppreciationOut, AudienceIn
from circles.api import REFUSALS, member_for
from circles.audience import get_visible_or_404
from circles.entry_api import eager_annotations, find_entry
from circles.forms import AudienceFields
from circles.history import delete_entry
from circles.schemas import valid_form

router = Router(tags=["appreciations"])


def _entries():
    return Appreciation.objects.select_related("author__user", "to_member__user").prefetch_related("chosen")


def _find(request, appreciation_id: UUID) -> Appreciation:
    """The entry if one of the caller's memberships may see it; otherwise 404."""
    return find_entry(request, _entries(), appreciation_id)


def _own(request, appreciation_id: UUID) -> Appreciation:
    appreciation = _find(request, appreciation_id)
    if appreciation.author_id != request.member.pk:
        raise HttpError(403, _("Only the person who wrote it can change who sees it or delete it."))
    return appreciation


@router.get("", response={200: list[AppreciationOut], **REFUSALS})
@paginate(PageNumberPagination, page_size=20)
@eager_annotations
def list_appreciations(request, circle: UUID):
    """The appreciations in a circle that you may see, newest first."""
    return _entries().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("", response={201: AppreciationOut, **REFUSALS})
def create_appreciation(request, payload: AppreciationIn):
    """Thank someone, or the whole circle. Only you see it unless you choose otherwise."""
    member = member_for(request, payload.circle)
    data = valid_form(AppreciationForm, payload, member=member).cleaned_data
    appreciation = record_appreciation(
        member,
        data["text"],
        data["to_member"],
        data["audience"],
        data["chosen"],
        data["professional_may_see"],
    )
    return 201, get_visible_or_404(_entries(), member, pk=appreciation.pk)


@router.get("/{appreciation_id}", response={200: AppreciationOut, **REFUSALS})
def get_appreciation(request, appreciation_id: UUID):
    """One appreciation you may see."""
    return _find(request, appreciation_id)


@router.patch("/{appreciation_id}/audience", response={200: AppreciationOut, **REFUSALS})
def change_audience(request, appreciation_id: UUID, payload: AudienceIn):
    """Change who can see your appreciation."""
    appreciation = _own(request, appreciation_id)
    if payload.audience != "only_me" and needs_password_again(request):
        raise HttpError(403, _("Please confirm your password in Mend before sharing this more widely."))
    valid_form(AudienceFields, payload, member=request.member).apply_to(appreciation)
    return get_visible_or_404(_entries(), request.member, pk=appreciation.pk)


@router.delete("/{appreciation_id}", response={204: None, **REFUSALS})
def delete_appreciation(request, appreciation_id: UUID):
    """Delete your appreciation."""
    appreciation = _own(request, appreciation_id)
    delete_entry(request.member, appreciation)
    return 204, None
