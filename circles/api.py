"""Circles, members and invitations in the JSON API.

Every rule lives in `circles.logic`; these endpoints parse, call it and answer.
A circle the caller is not (or no longer) in answers 404, exactly like one that
does not exist; a rule's refusal answers its status (400, or 403 when the caller may
see the thing but not do this) with its message (see mend/api.py).
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as NinjaValidationError

from circles import logic
from circles.access import has_two_factor, reads_family_entries
from circles.consent import logic as consent_logic
from circles.consent.categories import Category
from circles.consent.forms import ConsentForm, category_field_name
from circles.forms import CircleForm, InvitationForm, StatusForm
from circles.models import Consent, Invitation, Member, by_circle_name
from circles.schemas import (
    CircleIn,
    CircleOut,
    ConsentIn,
    ConsentOut,
    ConsentToMeOut,
    InvitationIn,
    InvitationOut,
    InvitationPreviewOut,
    MemberOut,
    NewInvitationOut,
    ProfessionalOut,
    StatusIn,
    valid_form,
)
from lib.api import REFUSALS, Message

router = Router(tags=["circles"])
invitations_router = Router(tags=["invitations"])


def member_for(request, circle_id) -> Member:
    """The caller's membership for a family's entries and tools: the one door every
    feature's endpoint goes through (ledger, check-ins, repair, reach-out, appreciations,
    phrases, safety answers).

    Not a member (any more) → 404; a professional member → 404 too, exactly as someone
    outside the circle: a professional reads a member's information only in the
    workspace, where every reading is logged (circles.access.reads_family_entries).
    """
    member = logic.current_member(request.auth, circle_id)
    if member is None or not reads_family_entries(member):
        raise Http404
    request.member = member
    return member


def circle_member_for(request, circle_id) -> Member:
    """The caller's current membership, for the circle's own endpoints below (the circle,
    its members, my membership, invitations, professionals), which a professional needs too.

    Not a member (any more) → 404. A professional without two-step login → 403.
    """
    member = logic.current_member(request.auth, circle_id)
    if member is None:
        raise Http404
    if member.is_professional and not has_two_factor(request.auth):
        raise logic.TwoStepNeeded(
            _("Please turn on two-step login before working with a circle as a professional.")
        )
    request.member = member
    return member


def _circle_out(member: Member) -> dict:
    circle = member.circle
    return {"id": circle.pk, "name": circle.name, "created_at": circle.created_at, "me": member}


def _other_member(member: Member, member_id: UUID) -> Member:
    return get_object_or_404(
        Member.objects.current().select_related("user"), pk=member_id, circle=member.circle
    )


@router.get("", response={200: list[CircleOut], **REFUSALS})
def list_circles(request):
    """The circles you are currently in, each with your own membership."""
    memberships = Member.objects.current().filter(user=request.auth).select_related("circle", "user")
    return [_circle_out(member) for member in by_circle_name(memberships)]


@router.post("", response={201: CircleOut, **REFUSALS})
def create_circle(request, payload: CircleIn):
    """Start a circle. You are its first owner, in the role you choose."""
    data = valid_form(CircleForm, payload).cleaned_data
    member = logic.create_circle(request.auth, data["name"], data["role"])
    return 201, _circle_out(member)


@router.get("/{circle_id}", response={200: CircleOut, **REFUSALS})
def get_circle(request, circle_id: UUID):
    """One of your circles, with your membership."""
    return _circle_out(circle_member_for(request, circle_id))


@router.delete("/{circle_id}", response={204: None, **REFUSALS})
def delete_circle(request, circle_id: UUID):
    """Delete a circle with everything in it. Only an owner left alone in it may."""
    logic.delete_circle(circle_member_for(request, circle_id))
    return 204, None


@router.get("/{circle_id}/members", response={200: list[MemberOut], **REFUSALS})
def list_members(request, circle_id: UUID):
    """The circle's current members."""
    member = circle_member_for(request, circle_id)
    return Member.objects.current().filter(circle=member.circle).select_related("user")


@router.patch("/{circle_id}/members/me", response={200: MemberOut, **REFUSALS})
def set_my_status(request, circle_id: UUID, payload: StatusIn):
    """Set your own status: active, paused or stepped away."""
    member = circle_member_for(request, circle_id)
    logic.set_status(member, valid_form(StatusForm, payload).cleaned_data["status"])
    return member


@router.post("/{circle_id}/members/me/leave", response={204: None, **REFUSALS})
def leave_circle(request, circle_id: UUID):
    """Leave the circle. What you wrote stays, with the audience you chose."""
    logic.leave(circle_member_for(request, circle_id))
    return 204, None


@router.post("/{circle_id}/members/me/step-down", response={200: MemberOut, **REFUSALS})
def step_down_as_owner(request, circle_id: UUID):
    """Stop being an owner. Someone else must be an owner already."""
    member = circle_member_for(request, circle_id)
    logic.step_down_as_owner(member)
    return member


@router.delete("/{circle_id}/members/{member_id}", response={204: None, **REFUSALS})
def remove_member(request, circle_id: UUID, member_id: UUID):
    """An owner removes someone from the circle."""
    member = circle_member_for(request, circle_id)
    logic.remove_member(member, _other_member(member, member_id))
    return 204, None


@router.post("/{circle_id}/members/{member_id}/owner", response={200: MemberOut, **REFUSALS})
def make_owner(request, circle_id: UUID, member_id: UUID):
    """An owner makes another member an owner too."""
    member = circle_member_for(request, circle_id)
    other = _other_member(member, member_id)
    logic.make_owner(member, other)
    return other


@router.get("/{circle_id}/professionals", response={200: list[ProfessionalOut], **REFUSALS})
def list_professionals(request, circle_id: UUID):
    """The circle's professionals, and whether a consent of yours in force names each one.

    A professional sees nothing of yours until you sign a consent for them
    (`/circles/{circle_id}/consents`).
    """
    member = circle_member_for(request, circle_id)
    named = set(Consent.objects.active().filter(member=member).values_list("recipients", flat=True))
    return [{"member": p, "consented": p.pk in named} for p in consent_logic.professionals_for(member)]


@router.get("/{circle_id}/invitations", response={200: list[InvitationOut], **REFUSALS})
def list_invitations(request, circle_id: UUID):
    """Invitations still waiting for an answer."""
    member = circle_member_for(request, circle_id)
    return Invitation.objects.pending().filter(circle=member.circle).select_related("invited_by__user")


@router.post("/{circle_id}/invitations", response={201: NewInvitationOut, **REFUSALS})
def create_invitation(request, circle_id: UUID, payload: InvitationIn):
    """Make a single-use invitation link. Its secret is returned only this once."""
    member = circle_member_for(request, circle_id)
    data = valid_form(InvitationForm, payload).cleaned_data
    invitation, token = logic.invite(member, data["role"], data["note"])
    link = request.build_absolute_uri(reverse("invitation", args=[token]))
    return 201, {"invitation": invitation, "token": token, "link": link}


@router.post("/{circle_id}/invitations/{invitation_id}/revoke", response={200: InvitationOut, **REFUSALS})
def revoke_invitation(request, circle_id: UUID, invitation_id: UUID):
    """Withdraw an invitation: its sender or an owner may."""
    member = circle_member_for(request, circle_id)
    invitation = get_object_or_404(
        Invitation.objects.select_related("invited_by__user"), pk=invitation_id, circle=member.circle
    )
    logic.revoke_invitation(member, invitation)
    return invitation


def _invitation(token: str) -> Invitation:
    found = Invitation.objects.by_token(token)
    if found is None:
        raise Http404
    return found


@invitations_router.get("/{token}", response={200: InvitationPreviewOut, **REFUSALS})
def preview_invitation(request, token: str):
    """What an invitation link offers: the circle, the role and who sent it."""
    return _invitation(token)


@invitations_router.post("/{token}/accept", response={201: CircleOut, **REFUSALS})
def accept_invitation(request, token: str):
    """Join the circle in the invited role. A link works once; professionals need two-step login."""
    invitation = _invitation(token)
    if invitation.role == Member.Role.PROFESSIONAL and not has_two_factor(request.auth):
        raise logic.TwoStepNeeded(
            _("Professionals need two-step login. Please turn it on first, then accept again.")
        )
    return 201, _circle_out(logic.accept_invitation(invitation, request.auth))


@invitations_router.post("/{token}/decline", response={200: Message, **REFUSALS})
def decline_invitation(request, token: str):
    """Say no, thank you. Nobody is told why."""
    logic.decline_invitation(_invitation(token), request.auth)
    return {"detail": _("You declined the invitation.")}


# --- consents (circles.consent): the member's own, and a professional's read of theirs ------


def _consent_form(member: Member, payload: ConsentIn) -> ConsentForm:
    data = {
        "recipients": [str(pk) for pk in payload.recipients],
        "purposes": list(payload.purposes),
        "data_from": payload.data_from.isoformat() if payload.data_from else "",
        "expires_on": payload.expires_on.isoformat(),
        "safety_alerts": "on" if payload.safety_alerts else "",
    }
    for category, level in payload.scopes.items():
        data[category_field_name(category)] = level
    form = ConsentForm(data=QueryDict(mutable=True), member=member)
    form.data.update({k: v for k, v in data.items() if not isinstance(v, list)})
    for key in ("recipients", "purposes"):
        form.data.setlist(key, data[key])
    unknown = set(payload.scopes) - set(Category.values)
    if unknown or not form.is_valid():
        errors = [
            {"loc": ["body", "payload", field], "msg": error["message"], "type": error["code"] or "invalid"}
            for field, errs in (form.errors.get_json_data().items() if form.is_bound else [])
            for error in errs
        ]
        if unknown:
            errors.append(
                {
                    "loc": ["body", "payload", "scopes"],
                    "msg": _("Please choose from the kinds of information listed."),
                    "type": "invalid",
                }
            )
        raise NinjaValidationError(errors)
    return form


def _my_consent(member: Member, consent_id: UUID) -> Consent:
    return get_object_or_404(consent_logic.consents_of(member), pk=consent_id)


def _not_a_professional(member: Member) -> None:
    if member.is_professional:
        raise Http404


@router.get("/{circle_id}/consents", response={200: list[ConsentOut], **REFUSALS})
def list_consents(request, circle_id: UUID):
    """Your consents for the circle's professionals: those in force and the history."""
    member = circle_member_for(request, circle_id)
    _not_a_professional(member)
    return list(consent_logic.consents_of(member))


@router.post("/{circle_id}/consents", response={201: ConsentOut, **REFUSALS})
def sign_consent(request, circle_id: UUID, payload: ConsentIn):
    """Sign a consent (your `password` is checked: 403 `password_needed` when wrong)."""
    member = circle_member_for(request, circle_id)
    _not_a_professional(member)
    form = _consent_form(member, payload)
    return 201, consent_logic.sign(member, form.choices(), payload.password)


@router.get("/{circle_id}/consents-to-me", response={200: list[ConsentToMeOut], **REFUSALS})
def consents_to_me(request, circle_id: UUID):
    """For a professional: the consents in force that name you (empty for anyone else)."""
    # The circle's own door, not `member_for`: this one is for professionals.
    member = circle_member_for(request, circle_id)
    return list(consent_logic.naming(member)) if member.is_professional else []


@router.get("/{circle_id}/consents/{consent_id}", response={200: ConsentOut, **REFUSALS})
def get_consent(request, circle_id: UUID, consent_id: UUID):
    """One of your consents, with the exact text you signed."""
    member = circle_member_for(request, circle_id)
    return _my_consent(member, consent_id)


@router.post("/{circle_id}/consents/{consent_id}/change", response={201: ConsentOut, **REFUSALS})
def change_consent(request, circle_id: UUID, consent_id: UUID, payload: ConsentIn):
    """Change a consent in force: a new version replaces it (the old one is kept, superseded)."""
    member = circle_member_for(request, circle_id)
    consent = _my_consent(member, consent_id)
    form = _consent_form(member, payload)
    return 201, consent_logic.change(member, consent, form.choices(), payload.password)


@router.post("/{circle_id}/consents/{consent_id}/revoke", response={200: ConsentOut, **REFUSALS})
def revoke_consent(request, circle_id: UUID, consent_id: UUID):
    """Revoke a consent in one step: from the next request on, it covers nothing."""
    member = circle_member_for(request, circle_id)
    return consent_logic.revoke(member, _my_consent(member, consent_id))
