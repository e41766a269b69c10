"""What a notification about a request for help may say to the one reading it
(notifications/describe.py): the practice's name, never the request's text."""

from __future__ import annotations

from notifications.describe import register
from notifications.models import Kind
from practices.models import IntakeRequest, Proposal


def answered_requests(viewer, ids):
    """The viewer's own requests among `ids`."""
    found = IntakeRequest.objects.filter(pk__in=ids, requester=viewer).select_related("practice")
    return {r.pk: {"practice": r.practice.name} for r in found}


def proposals_for_owner(viewer, ids):
    """Proposals to the viewer's circle, for an owner (the ones who answer them)."""
    if not viewer.is_owner:
        return {}
    found = Proposal.objects.filter(pk__in=ids, request__circle_id=viewer.circle_id).select_related(
        "request__practice"
    )
    return {p.pk: {"practice": p.request.practice.name} for p in found}


register((Kind.INTAKE_REPLIED,), answered_requests)
register((Kind.PROFESSIONAL_PROPOSED,), proposals_for_owner)
