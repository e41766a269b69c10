"""Appreciations in the JSON API, under the Audience mechanism like every entry.

Entries are fetched only through `fetch_visible` / `fetch_authored`: one the caller
may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from ninja import Router
from ninja.pagination import paginate

from appreciations.forms import AppreciationForm
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from appreciations.schemas import AppreciationIn, AppreciationOut
from circles.api import REFUSALS, member_for
from circles.audience.api import change_audience_from
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.schemas import AudienceIn
from circles.history import delete_entry
from circles.schemas import Pages, eager_annotations, valid_form

router = Router(tags=["appreciations"])


def _entries():
    return Appreciation.objects.select_related("author__user", "to_member__user").prefetch_related("chosen")


def _find(request, appreciation_id: UUID) -> Appreciation:
    """The entry if one of the caller's memberships may see it; otherwise 404."""
    return fetch_visible(request, _entries(), appreciation_id)


def _own(request, appreciation_id: UUID) -> Appreciation:
    return fetch_authored(request, _entries(), appreciation_id)


@router.get("", response={200: list[AppreciationOut], **REFUSALS})
@paginate(Pages, page_size=20)
@eager_annotations
def list_appreciations(request, circle: UUID):
    """The appreciations in a circle that you may see, newest first."""
    return _entries().visible_to(member_for(request, circle)).order_by("-created_at", "-pk")


@router.post("", response={201: AppreciationOut, **REFUSALS})
def create_appreciation(request, payload: AppreciationIn):
    """Thank someone, or the whole circle. Seen by whoever you thank unless you choose otherwise."""
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
    return 201, fetch_visible(request, _entries(), appreciation.pk)


@router.get("/{appreciation_id}", response={200: AppreciationOut, **REFUSALS})
def get_appreciation(request, appreciation_id: UUID):
    """One appreciation you may see."""
    return _find(request, appreciation_id)


@router.patch("/{appreciation_id}/audience", response={200: AppreciationOut, **REFUSALS})
def change_audience(request, appreciation_id: UUID, payload: AudienceIn):
    """Change who can see your appreciation."""
    appreciation = _own(request, appreciation_id)
    change_audience_from(request, appreciation, payload)
    return fetch_visible(request, _entries(), appreciation.pk)


@router.delete("/{appreciation_id}", response={204: None, **REFUSALS})
def delete_appreciation(request, appreciation_id: UUID):
    """Delete your appreciation."""
    appreciation = _own(request, appreciation_id)
    delete_entry(request.member, appreciation)
    return 204, None
