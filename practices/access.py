"""How a page or API call finds its practitioner, request or proposal, or answers 404.

Something of another practice, or another circle, answers exactly like an id that does
not exist. Site staff are nobody special here: only a current practitioner of a
practice reaches its pages.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from circles.access import has_two_factor
from circles.logic import TwoStepNeeded
from circles.models import Member
from practices.models import IntakeRequest, Practitioner, Proposal
from practices.queries import WITH_ANSWERS


def practitioner_of(user, practice_id) -> Practitioner:
    found = (
        Practitioner.objects.current()
        .select_related("practice", "user")
        .filter(user=user, practice_id=practice_id)
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise Http404
    return found


def two_step_refusal() -> TwoStepNeeded:
    return TwoStepNeeded(_("Please turn on two-step login before working for a practice as a professional."))


def practitioner_required(view):
    """Give the view `request.practitioner` (and `request.practice`), or answer 404.

    A practitioner without two-step login is sent to turn it on first.
    """

    @login_required
    @wraps(view)
    def wrapper(request, practice_id, *args, **kwargs):
        practitioner = practitioner_of(request.user, practice_id)
        if not has_two_factor(request.user):
            messages.info(request, two_step_refusal().message)
            return redirect("mfa_activate_totp")
        request.practitioner = practitioner
        request.practice = practitioner.practice
        return view(request, *args, **kwargs)

    return wrapper


def practice_request(practitioner: Practitioner, intake_id) -> IntakeRequest:
    return get_object_or_404(
        IntakeRequest.objects.select_related("practice").prefetch_related(*WITH_ANSWERS),
        pk=intake_id,
        practice_id=practitioner.practice_id,
    )


def own_request(member: Member, intake_id) -> IntakeRequest:
    """A request the member made in this circle; anyone else's answers 404."""
    return get_object_or_404(
        IntakeRequest.objects.select_related("practice").prefetch_related(*WITH_ANSWERS),
        pk=intake_id,
        requester=member,
    )


def owners_proposal(member: Member, proposal_id) -> Proposal:
    """A proposal to the member's circle, for an owner; anyone else answers 404."""
    if not member.is_owner:
        raise Http404
    return get_object_or_404(
        Proposal.objects.select_related(
            "request__practice", "request__requester__user", "practitioner__user"
        ),
        pk=proposal_id,
        request__circle_id=member.circle_id,
    )


def own_proposal(practitioner: Practitioner, proposal_id) -> Proposal:
    """A proposal naming this practitioner (the one who may join or decline)."""
    return get_object_or_404(
        Proposal.objects.select_related("invitation", "request__practice"),
        pk=proposal_id,
        practitioner=practitioner,
    )
