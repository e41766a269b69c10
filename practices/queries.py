"""Reads that pages and the API share."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from circles.models import Invitation, Member
from practices import rules
from practices.models import IntakeRequest, Practice, Practitioner, Proposal
from safety.logic import flagged_by


def places_of(user):
    """The user's current places in practices, with each practice."""
    return Practitioner.objects.current().filter(user=user).select_related("practice")


def joinings_for(user):
    """Families who said yes to this professional joining, still waiting for them."""
    return Proposal.objects.filter(
        practitioner__user=user,
        practitioner__removed_at__isnull=True,
        status=rules.AGREED,
        invitation__status=Invitation.Status.PENDING,
        invitation__expires_at__gt=timezone.now(),
    ).select_related("request__practice", "practitioner__practice")


def practice_details(practice: Practice) -> dict:
    return {
        "kind": practice.kind,
        "name": practice.name,
        "intake_email": practice.intake_email,
        "intake_phone": practice.intake_phone,
        "languages": practice.languages,
        "accepts_requests": practice.accepts_requests,
    }


# What a request is shown with: its replies and the professionals proposed.
WITH_ANSWERS = ("replies", "proposals__practitioner__user", "proposals__invitation")


def queue(practice: Practice, status: str):
    """A practice's requests, newest first, by state (or "open": all but closed; "all")."""
    rows = IntakeRequest.objects.filter(practice=practice).order_by("-created_at", "-pk")
    if status == "open":
        rows = rows.exclude(status=rules.CLOSED)
    elif status != "all":
        rows = rows.filter(status=status)
    return rows


def queue_filters():
    """The queue's filters; their words name lists of requests ("open ones", "new ones")."""
    return [
        ("open", pgettext_lazy("practices filter", "Open")),
        (rules.NEW, pgettext_lazy("practices filter", "New")),
        (rules.ANSWERED, pgettext_lazy("practices filter", "Answered")),
        (rules.INVITED, pgettext_lazy("practices filter", "Invited")),
        (rules.CLOSED, pgettext_lazy("practices filter", "Closed")),
        ("all", pgettext_lazy("practices filter", "All")),
    ]


def counts(practice: Practice) -> dict[str, int]:
    rows = IntakeRequest.objects.filter(practice=practice).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def proposals_for_owner(member: Member) -> list[Proposal]:
    """Proposals to the member's circle waiting for an owner's yes (owners only), each with
    `asked_by`: the requester's name, or "" for someone the owner said they are not safe
    with (no news of them reaches her; the question itself still does: it is her circle)."""
    if not member.is_owner:
        return []
    found = list(
        Proposal.objects.filter(request__circle_id=member.circle_id, status=rules.WAITING).select_related(
            "request__practice", "request__requester__user", "practitioner__user"
        )
    )
    apart = {row["pk"] for row in flagged_by(member)} if found else set()
    for proposal in found:
        requester = proposal.request.requester
        proposal.asked_by = "" if requester.pk in apart else requester.name
    return found
