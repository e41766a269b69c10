"""The professional's workspace: the caseload and their own view of a circle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.access import circle_member_required, has_two_factor, open_to_professionals
from workspace import logic, queries


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@login_required
@transaction.atomic
def caseload(request):
    """Every circle the professional works with under consent, one row each."""
    if not queries.is_professional(request.user):
        raise Http404
    if not has_two_factor(request.user):
        messages.info(
            request, _("Please turn on two-step login before working with a circle as a professional.")
        )
        return redirect("mfa_activate_totp")
    found = logic.show_caseload(request.user, timezone.now(), _page_number(request))
    return render(request, "workspace/caseload.html", {"caseload": found})


@circle_member_required
@open_to_professionals
@transaction.atomic
def circle(request):
    """A circle as the professional may see it: per member who consented, what they allow."""
    if not request.member.is_professional:
        raise Http404
    view = logic.show_circle(request.member, timezone.now())
    return render(
        request,
        "workspace/circle.html",
        {"view": view, "circle": request.circle, "shown_limit": logic.ENTRIES_SHOWN},
    )
