"""Rules for practices, their professionals and families' requests: one function per change.

Who may act is decided here, from the practitioner or member passed in; views and the
API find those (or answer 404) in `practices/access.py`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from audit.models import Kind as Audit
from audit.trail import record
from circles import logic as circles_logic
from circles.access import has_two_factor
from circles.models import Member
from lib.refusal import Refused
from lib.site import on_site
from notifications.logic import mark_done, notify
from notifications.models import Kind as Notice
from practices import rules
from practices.models import (
    IntakeReply,
    IntakeRequest,
    Practice,
    PracticeInvitation,
    Practitioner,
    Proposal,
)

INVITATIONS_PER_DAY = 30
RESEND_AFTER = timedelta(minutes=10)


class PracticeRuleError(Refused):
    """A change a practice's rules do not allow; the message is for the person."""

    code = "practice_rule"


def _require_two_step(user) -> None:
    if not has_two_factor(user):
        raise circles_logic.TwoStepNeeded(
            _("Please turn on two-step login before working for a practice as a professional.")
        )


def _require_admin(practitioner: Practitioner) -> None:
    if not practitioner.is_admin:
        raise PracticeRuleError(_("Only an admin of the practice can do this."), status=403)


# --- practices ---------------------------------------------------------------------------


def start_practice(user, *, by_operator: bool = False, **details) -> Practice:
    """Start a practice with `user` as its first admin (and one of its professionals).

    A person starts one from the page only with two-step login on; an operator's command
    may name anyone, who will need two-step login before acting for it.
    """
    if not by_operator:
        _require_two_step(user)
    with transaction.atomic():
        practice = Practice.objects.create(**_clean_details(details))
        Practitioner.objects.create(practice=practice, user=user, is_admin=True)
        record(Audit.PRACTICE_CREATED, actor=None if by_operator else user, about=user, target=practice)
    return practice


def _clean_details(details: dict) -> dict:
    fields = {"kind", "name", "intake_email", "intake_phone", "languages", "accepts_requests"}
    clean = {key: value for key, value in details.items() if key in fields}
    for key in ("name", "intake_email", "intake_phone"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if "intake_email" in clean:
        clean["intake_email"] = clean["intake_email"].lower()
    if not clean.get("name", "x"):
        raise PracticeRuleError(_("Please give the practice a name."))
    return clean


def change_practice(admin: Practitioner, **details) -> Practice:
    _require_admin(admin)
    practice = admin.practice
    for key, value in _clean_details(details).items():
        setattr(practice, key, value)
    practice.save()
    return practice


# --- its professionals ------------------------------------------------------------------------


def invite_practitioner(admin: Practitioner, email: str, *, as_admin: bool = False) -> PracticeInvitation:
    """Invite whoever has `email` to join the practice; the mail goes out whether or not an
    account has that address, and nothing here says which."""
    _require_admin(admin)
    email = email.strip().lower()
    if admin.practice.practitioners.current().filter(user__email__iexact=email).exists():
        # The admin sees the practice's professionals already: this tells them nothing new.
        raise PracticeRuleError(_("This person is already one of the practice’s professionals."))
    with transaction.atomic():
        Practice.objects.select_for_update().filter(pk=admin.practice_id).first()
        invitation = PracticeInvitation.objects.pending().filter(practice=admin.practice, email=email).first()
        if invitation is not None and invitation.created_at > timezone.now() - RESEND_AFTER:
            return invitation  # sent moments ago: no second mail
        recent = PracticeInvitation.objects.filter(
            practice=admin.practice, created_at__gt=timezone.now() - timedelta(days=1)
        )
        if invitation is None and recent.count() >= INVITATIONS_PER_DAY:
            # Mail goes to any address on the admin's word: a cap keeps a practice from
            # being a way to send Mend's mail to strangers in bulk.
            raise PracticeRuleError(_("That is a lot of invitations for one day. Please try again tomorrow."))
        if invitation is None:
            invitation = PracticeInvitation.objects.create(
                practice=admin.practice,
                email=email,
                as_admin=as_admin,
                invited_by=admin.user,
                expires_at=PracticeInvitation.default_expiry(),
            )
        transaction.on_commit(lambda: _mail_invitation(email))
    return invitation


def _mail_invitation(email: str) -> None:
    """A mail with no practice, no name and no content: only where to answer."""
    context = {"answer_url": on_site(reverse("practices:home")), "email": email}
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        subject = gettext("An invitation on Mend")
        body = render_to_string("practices/invitation_email.txt", context)
    send_mail(subject, body, None, [email])


def withdraw_practice_invitation(admin: Practitioner, invitation: PracticeInvitation) -> None:
    _require_admin(admin)
    if invitation.practice_id != admin.practice_id:
        raise PracticeRuleError(_("That invitation is not part of this practice."))
    changed = PracticeInvitation.objects.filter(
        pk=invitation.pk, status=PracticeInvitation.Status.PENDING
    ).update(status=PracticeInvitation.Status.WITHDRAWN, answered_at=timezone.now())
    if not changed:
        raise PracticeRuleError(_("This invitation has already been answered."))


def _open_invitation_for(invitation: PracticeInvitation, user) -> PracticeInvitation:
    with transaction.atomic():
        found = PracticeInvitation.objects.for_user(user).select_for_update().filter(pk=invitation.pk).first()
    if found is None:
        raise PracticeRuleError(_("This invitation has already been answered or has expired."))
    return found


def accept_practice_invitation(invitation: PracticeInvitation, user) -> Practitioner:
    """Join the practice as one of its professionals (two-step login needed)."""
    _require_two_step(user)
    with transaction.atomic():
        invitation = _open_invitation_for(invitation, user)
        if Practitioner.objects.current().filter(practice=invitation.practice_id, user=user).exists():
            raise PracticeRuleError(_("You are already one of this practice’s professionals."))
        practitioner = Practitioner.objects.create(
            practice_id=invitation.practice_id, user=user, is_admin=invitation.as_admin
        )
        PracticeInvitation.objects.filter(pk=invitation.pk).update(
            status=PracticeInvitation.Status.ACCEPTED, answered_at=timezone.now()
        )
        record(Audit.PRACTITIONER_ADDED, actor=user, about=user, target=practitioner)
    return practitioner


def decline_practice_invitation(invitation: PracticeInvitation, user) -> None:
    with transaction.atomic():
        invitation = _open_invitation_for(invitation, user)
        PracticeInvitation.objects.filter(pk=invitation.pk).update(
            status=PracticeInvitation.Status.DECLINED, answered_at=timezone.now()
        )


def remove_practitioner(admin: Practitioner, practitioner: Practitioner) -> None:
    """An admin removes a professional (themselves too, if another admin stays).

    Circles they already joined are the families' to change: the professional stays a
    member there until an owner removes them or they leave. Proposals still waiting for a
    family's yes are withdrawn.
    """
    _require_admin(admin)
    if practitioner.practice_id != admin.practice_id or practitioner.removed_at is not None:
        raise PracticeRuleError(_("That person is not one of the practice’s professionals."))
    with transaction.atomic():
        admins = (
            Practitioner.objects.current()
            .select_for_update()
            .filter(practice=admin.practice_id, is_admin=True)
        )
        if practitioner.is_admin and not admins.exclude(pk=practitioner.pk).exists():
            raise PracticeRuleError(
                _("A practice needs at least one admin. Please invite another admin first.")
            )
        Practitioner.objects.filter(pk=practitioner.pk).update(removed_at=timezone.now())
        Proposal.objects.filter(practitioner=practitioner, status=rules.WAITING).update(
            status=rules.WITHDRAWN, answered_at=timezone.now()
        )
        record(Audit.PRACTITIONER_REMOVED, actor=admin.user, about=practitioner.user, target=practitioner)


# --- a family asks for help -------------------------------------------------------------------


def ask_for_help(
    member: Member, practice: Practice, *, name, reason, contact, languages, time_zone
) -> IntakeRequest:
    """A member asks a practice for a consultation. Only what they write here is shared."""
    if member.is_professional:
        raise PracticeRuleError(
            _("Requests for help come from the family, not from its professionals."), status=403
        )
    if not practice.accepts_requests:
        raise PracticeRuleError(_("This practice is not taking requests right now. Please choose another."))
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        open_one = IntakeRequest.objects.filter(requester=member, practice=practice).exclude(
            status=rules.CLOSED
        )
        if open_one.exists():
            raise PracticeRuleError(
                _(
                    "You already have an open request with this practice. You can read it under “Ask for help”."
                )
            )
        request = IntakeRequest.objects.create(
            practice=practice,
            circle_id=member.circle_id,
            requester=member,
            name=name.strip(),
            reason=reason.strip(),
            contact=contact.strip(),
            languages=list(languages),
            time_zone=time_zone,
        )
        url = reverse("practices:queue", args=[practice.pk])
        for practitioner in practice.practitioners.current().select_related("user"):
            # No circle and nothing to name: the line is the kind's own words.
            notify(practitioner.user, Notice.INTAKE_RECEIVED, url)
    return request


def _move(request: IntakeRequest, act: str) -> None:
    """Change a request's state by `act`, if the state it is in allows it (a conditional UPDATE)."""
    if not rules.allowed(request.status, act):
        raise PracticeRuleError(_("This request is closed."))
    new = rules.after(request.status, act)
    now = timezone.now()
    if not IntakeRequest.objects.filter(pk=request.pk, status=request.status).update(
        status=new, changed_at=now
    ):
        raise PracticeRuleError(_("This request changed in the meantime. Please look at it again."))
    request.status, request.changed_at = new, now


def reply(practitioner: Practitioner, request: IntakeRequest, text: str) -> IntakeReply:
    """The practice answers; the requester is told there is an answer (never what it says)."""
    _check_practice(practitioner, request)
    text = text.strip()
    if not text:
        raise PracticeRuleError(_("Please write your reply."))
    with transaction.atomic():
        _move(request, rules.REPLY)
        answer = IntakeReply.objects.create(request=request, author=practitioner.user, text=text)
        requester = request.requester
        if requester.left_at is None:
            url = reverse("help:detail", args=[request.circle_id, request.pk])
            notify(requester.user, Notice.INTAKE_REPLIED, url, circle_id=request.circle_id, about=request)
    return answer


def close(practitioner: Practitioner, request: IntakeRequest) -> None:
    _check_practice(practitioner, request)
    _close(request)


def withdraw_request(member: Member, request: IntakeRequest) -> None:
    """The requester closes their own request."""
    if request.requester_id != member.pk:
        raise PracticeRuleError(_("Only the person who asked can withdraw this request."), status=403)
    _close(request)


def _close(request: IntakeRequest) -> None:
    with transaction.atomic():
        _move(request, rules.CLOSE)
        request.proposals.filter(status=rules.WAITING).update(
            status=rules.WITHDRAWN, answered_at=timezone.now()
        )


def _check_practice(practitioner: Practitioner, request: IntakeRequest) -> None:
    if practitioner.removed_at is not None or practitioner.practice_id != request.practice_id:
        raise PracticeRuleError(_("That request is not part of this practice."))


# --- a professional joins the circle ------------------------------------------------------------


def propose(practitioner: Practitioner, request: IntakeRequest, professional: Practitioner) -> Proposal:
    """The practice invites one of its professionals into the requester's circle.

    Only an owner lets a professional in (circles.logic.invite): an owner's own request is
    that yes; anyone else's request waits for an owner, who is asked in the circle.
    """
    _check_practice(practitioner, request)
    if professional.practice_id != request.practice_id or professional.removed_at is not None:
        raise PracticeRuleError(_("Please choose one of the practice’s professionals."))
    with transaction.atomic():
        if request.proposals.filter(practitioner=professional, status=rules.WAITING).exists() or (
            request.proposals.filter(
                practitioner=professional,
                status=rules.AGREED,
                invitation__status="pending",
                invitation__expires_at__gt=timezone.now(),
            ).exists()
        ):
            raise PracticeRuleError(_("This professional has already been invited for this request."))
        _move(request, rules.INVITE)
        proposal = Proposal.objects.create(
            request=request, practitioner=professional, proposed_by=practitioner.user
        )
        record(Audit.PROPOSED_TO_CIRCLE, actor=practitioner.user, about=professional.user, target=proposal)
        requester = Member.objects.get(pk=request.requester_id)
        if rules.needs_an_owner(
            requester.left_at is None and requester.is_owner, requester.status == Member.Status.STEPPED_AWAY
        ):
            _ask_the_owners(proposal, requester)
        else:
            _agree(proposal, requester)
    return proposal


def _ask_the_owners(proposal: Proposal, requester: Member) -> None:
    url = reverse("help:list", args=[proposal.request.circle_id])
    owners = Member.objects.current().filter(circle_id=proposal.request.circle_id, is_owner=True)
    for owner in owners.select_related("user"):
        by = requester if requester.left_at is None and requester.pk != owner.pk else None
        notify(
            owner.user, Notice.PROFESSIONAL_PROPOSED, url, circle_id=owner.circle_id, by=by, about=proposal
        )


def _agree(proposal: Proposal, owner: Member) -> None:
    """An owner's yes becomes a circles invitation sent by that owner; its secret link is
    not kept: the professional accepts from their practice's pages."""
    note = proposal.practitioner.name[:80]
    invitation, _token = circles_logic.invite(owner, Member.Role.PROFESSIONAL, note)
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=rules.AGREED, answered_by=owner, answered_at=now, invitation=invitation
    )
    proposal.status, proposal.answered_by, proposal.answered_at, proposal.invitation = (
        rules.AGREED,
        owner,
        now,
        invitation,
    )
    url = reverse("practices:home")
    notify(proposal.practitioner.user, Notice.PROFESSIONAL_INVITED, url)


def answer_proposal(owner: Member, proposal: Proposal, yes: bool) -> None:
    """An owner says yes or no to a professional joining their circle."""
    if proposal.request.circle_id != owner.circle_id or not owner.is_owner or owner.left_at is not None:
        raise PracticeRuleError(
            _("Only an owner can let a professional join. Please ask an owner of the circle."), status=403
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().filter(pk=proposal.pk, status=rules.WAITING).first()
        if locked is None:
            raise PracticeRuleError(_("This has already been answered."))
        if yes:
            _agree(proposal, owner)
        else:
            Proposal.objects.filter(pk=proposal.pk).update(
                status=rules.DECLINED, answered_by=owner, answered_at=timezone.now()
            )
            proposal.status = rules.DECLINED
        mark_done(owner, proposal)


def withdraw_proposal(practitioner: Practitioner, proposal: Proposal) -> None:
    _check_practice(practitioner, proposal.request)
    if not Proposal.objects.filter(pk=proposal.pk, status=rules.WAITING).update(
        status=rules.WITHDRAWN, answered_at=timezone.now()
    ):
        raise PracticeRuleError(_("Only an invitation still waiting for the family’s yes can be withdrawn."))


def _invitation_for(practitioner: Practitioner, proposal: Proposal):
    if proposal.practitioner_id != practitioner.pk or practitioner.removed_at is not None:
        raise PracticeRuleError(_("This invitation is for another professional."), status=403)
    if proposal.status != rules.AGREED or proposal.invitation is None:
        raise PracticeRuleError(_("The family has not said yes yet."))
    return proposal.invitation


def join_circle(practitioner: Practitioner, proposal: Proposal) -> Member:
    """The professional accepts: they join the circle, and see nothing until members consent."""
    _require_two_step(practitioner.user)
    return circles_logic.accept_invitation(_invitation_for(practitioner, proposal), practitioner.user)


def decline_circle(practitioner: Practitioner, proposal: Proposal) -> None:
    circles_logic.decline_invitation(_invitation_for(practitioner, proposal), practitioner.user)
