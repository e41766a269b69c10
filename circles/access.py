"""How a request finds its member: the one door into a circle's pages."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from circles.logic import current_member
from circles.models import Member

LAST_CIRCLE = "mend_last_circle"


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def reads_family_entries(member: Member) -> bool:
    """Whether a membership reads the family's entries through the family's API.

    A professional reads a member's information only in the workspace, under consent,
    where every reading writes an access-log row (access_log); the family's API answers
    them exactly as it answers someone outside the circle.
    """
    return not member.is_professional


def family_memberships(user):
    """The user's current memberships through which the API reads a family's entries."""
    return Member.objects.current().filter(user=user).exclude(role=Member.Role.PROFESSIONAL)


def open_to_professionals(view):
    """Mark a circle page a professional still opens (put it under `circle_member_required`).

    A professional works from their own view of the circle (`workspace:circle`), never
    from the family's pages; these few are theirs too: the members page (who is there),
    their own status, and leaving the circle.
    """
    view.open_to_professionals = True
    return view


def circle_member_required(view):
    """Give the view `request.member` and `request.circle`, or answer 404.

    A circle the person is not (or no longer) in answers exactly like one that
    does not exist. Professionals must have two-factor login turned on, and are sent
    to their own view of the circle from any family page not `open_to_professionals`.
    """

    @login_required
    @wraps(view)
    def wrapper(request, circle_id, *args, **kwargs):
        member = current_member(request.user, circle_id)
        if member is None:
            raise Http404
        if member.is_professional and not has_two_factor(request.user):
            messages.info(
                request, _("Please turn on two-step login before working with a circle as a professional.")
            )
            return redirect("mfa_activate_totp")
        if member.is_professional and not getattr(view, "open_to_professionals", False):
            # Their page, not the family's menu (issue 15). Named, not imported: the
            # workspace sits above every feature.
            return redirect("workspace:circle", circle_id=member.circle_id)
        request.member = member
        request.circle = member.circle
        request.session[LAST_CIRCLE] = str(member.circle_id)
        return view(request, *args, **kwargs)

    return wrapper
