from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles import logic
from circles.access import LAST_CIRCLE, circle_member_required, has_two_factor, open_to_professionals
from circles.consent import logic as consent_logic
from circles.forms import CircleForm, InvitationForm, StatusForm
from circles.models import Consent, Invitation, Member
from lib.refusal import show_refusal


@login_required
def circle_list(request):
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = logic.create_circle(request.user, form.cleaned_data["name"], form.cleaned_data["role"])
        messages.success(request, _("Your circle is ready. Invite the people you want in it."))
        return redirect("circles:members", circle_id=member.circle_id)
    return render(request, "circles/circle_list.html", {"form": form})


@circle_member_required
@open_to_professionals
def members(request):
    member = request.member
    context = {
        "members": Member.objects.current().filter(circle=request.circle).select_related("user"),
        "invitations": Invitation.objects.pending()
        .filter(circle=request.circle)
        .select_related("invited_by__user"),
        "invite_form": InvitationForm(member=member),
        "professionals": _professionals(member),
        "status_form": StatusForm(initial={"status": member.status}),
        "new_link": request.session.pop("mend_new_invitation_link", None),
        "invitation_days": settings.MEND_INVITATION_DAYS,
    }
    return render(request, "circles/members.html", context)


def _professionals(member: Member) -> list[Member]:
    """The circle's professionals, each with `consent`: this member's consent in force
    naming them, or None (circles.consent)."""
    in_force = {}
    for given in consent_logic.consents_of(member).filter(status=Consent.Status.ACTIVE):
        if given.is_in_force():
            for recipient in given.recipients.all():
                in_force.setdefault(recipient.pk, given)
    professionals = list(consent_logic.professionals_for(member))
    for professional in professionals:
        professional.consent = in_force.get(professional.pk)
    return professionals


def _act(request, action, success_message):
    """Run a circle rule; show its refusal as a message rather than an error page."""
    try:
        action()
    except logic.CircleRuleError as refusal:
        show_refusal(request, refusal)
        return False
    messages.success(request, success_message)
    return True


@require_POST
@circle_member_required
def invite(request):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a role for the person you invite."))
        return redirect("circles:members", circle_id=request.circle.pk)
    try:
        _invitation, token = logic.invite(
            request.member, form.cleaned_data["role"], form.cleaned_data["note"]
        )
    except logic.CircleRuleError as refusal:
        show_refusal(request, refusal)
    else:
        # Shown once, on the next page; only a digest of the token is stored.
        request.session["mend_new_invitation_link"] = request.build_absolute_uri(
            reverse("invitation", args=[token])
        )
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
def revoke(request, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, circle=request.circle)
    _act(
        request,
        lambda: logic.revoke_invitation(request.member, invitation),
        _("The invitation was withdrawn."),
    )
    return redirect("circles:members", circle_id=request.circle.pk)


def _other_member(request, member_id) -> Member:
    return get_object_or_404(Member.objects.current(), pk=member_id, circle=request.circle)


@require_POST
@circle_member_required
def remove(request, member_id):
    other = _other_member(request, member_id)
    _act(
        request,
        lambda: logic.remove_member(request.member, other),
        _("%(name)s is no longer in this circle.") % {"name": other.name},
    )
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
def make_owner(request, member_id):
    other = _other_member(request, member_id)
    _act(
        request,
        lambda: logic.make_owner(request.member, other),
        _("%(name)s is now an owner too.") % {"name": other.name},
    )
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
def step_down(request):
    _act(
        request,
        lambda: logic.step_down_as_owner(request.member),
        _("You are no longer an owner of this circle."),
    )
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
@open_to_professionals
def set_status(request):
    form = StatusForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: logic.set_status(request.member, form.cleaned_data["status"]),
            _("Your status is saved."),
        )
    else:
        messages.error(request, _("Please choose active, paused or stepped away."))
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
@open_to_professionals
def leave(request):
    if _act(
        request,
        lambda: logic.leave(request.member),
        _("You have left the circle. What you wrote stays yours."),
    ):
        request.session.pop(LAST_CIRCLE, None)
        return redirect("circles:list")
    return redirect("circles:members", circle_id=request.circle.pk)


@require_POST
@circle_member_required
def delete(request):
    if _act(request, lambda: logic.delete_circle(request.member), _("The circle was deleted.")):
        request.session.pop(LAST_CIRCLE, None)
        return redirect("circles:list")
    return redirect("circles:members", circle_id=request.circle.pk)


def invitation(request, token):
    """The page an invitation link opens. Unknown and used links look the same."""
    found = Invitation.objects.by_token(token)
    if found is None:
        raise Http404
    context = {"invitation": found, "token": token}
    if request.user.is_authenticated and found.role == Member.Role.PROFESSIONAL:
        context["needs_two_factor"] = not has_two_factor(request.user)
    return render(request, "circles/invitation.html", context)


@require_POST
@login_required
def answer_invitation(request, token):
    found = Invitation.objects.by_token(token)
    if found is None:
        raise Http404
    if request.POST.get("answer") == "decline":
        _act(
            request,
            lambda: logic.decline_invitation(found, request.user),
            _("You declined the invitation. Nobody is told why."),
        )
        return redirect("home")
    if found.role == Member.Role.PROFESSIONAL and not has_two_factor(request.user):
        messages.info(request, _("Please turn on two-step login first; then open the invitation link again."))
        return redirect("mfa_activate_totp")
    try:
        member = logic.accept_invitation(found, request.user)
    except logic.CircleRuleError as refusal:
        show_refusal(request, refusal)
        return redirect("invitation", token=token)
    messages.success(request, _("Welcome to %(circle)s.") % {"circle": member.circle.name})
    return redirect("circles:home", circle_id=member.circle_id)
