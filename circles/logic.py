"""Rules for circles, memberships and invitations: one function per change."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Kind
from audit.trail import record
from circles.models import Circle, Invitation, Member, StepAway
from lib.refusal import Refused


class CircleRuleError(Refused):
    """A change the circle's rules do not allow; the message is for the person."""

    code = "circle_rule"


class TwoStepNeeded(CircleRuleError):
    """A professional works with a circle only with two-step login turned on."""

    status = 403
    code = "two_step_needed"


def create_circle(user, name: str, role: str) -> Member:
    """Create a circle with `user` as its first owner, in the role they choose."""
    with transaction.atomic():
        circle = Circle.objects.create(name=name.strip())
        member = Member.objects.create(circle=circle, user=user, role=role, is_owner=True)
        record(Kind.CIRCLE_CREATED, actor=user, about=user, circle=circle, target=circle)
        return member


def current_member(user, circle_id) -> Member | None:
    """The user's current membership of a circle, or None."""
    if not user.is_authenticated:
        return None
    return (
        Member.objects.current()
        .select_related("circle", "user")
        .filter(user=user, circle_id=circle_id)
        .first()
    )


def invite(inviter: Member, role: str, note: str = "") -> tuple[Invitation, str]:
    if inviter.status == Member.Status.STEPPED_AWAY:
        raise CircleRuleError(_("While you have stepped away, you can’t invite anyone."))
    if inviter.is_professional:
        # Who joins a family's circle is the family's choice, never its professional's.
        raise CircleRuleError(_("Only the family invites people to its circle."), status=403)
    if role not in Member.Role.values:
        raise CircleRuleError(_("Please choose a role for the person you invite."))
    if role == Member.Role.PROFESSIONAL and not inviter.is_owner:
        # A professional joins only with the owners; 403: the member sees the circle, not this.
        raise CircleRuleError(
            _("Only an owner can invite a professional. Please ask an owner of the circle."), status=403
        )
    with transaction.atomic():
        invitation, token = Invitation.issue(inviter, role, note)
        _record_member_act(Kind.INVITATION_SENT, inviter, inviter, invitation)
    return invitation, token


def _record_member_act(kind: Kind, actor: Member, about: Member, target) -> None:
    """An act in a circle: by a member, about a member (often the same one), on something."""
    record(kind, actor=actor, about=about, circle=actor.circle_id, target=target)


def revoke_invitation(member: Member, invitation: Invitation) -> None:
    if invitation.circle_id != member.circle_id:
        raise CircleRuleError(_("That invitation is not part of this circle."))
    if invitation.invited_by_id != member.pk and not member.is_owner:
        raise CircleRuleError(_("Only the person who sent an invitation, or an owner, can withdraw it."))
    if invitation.status != Invitation.Status.PENDING:
        raise CircleRuleError(_("This invitation has already been answered."))
    invitation.status = Invitation.Status.REVOKED
    invitation.answered_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["status", "answered_at"])
        _record_member_act(Kind.INVITATION_WITHDRAWN, member, member, invitation)


def _check_open(invitation: Invitation) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise CircleRuleError(_("This invitation has already been used or withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise CircleRuleError(_("This invitation has expired. Please ask for a new one."))


def accept_invitation(invitation: Invitation, user) -> Member:
    """Join the circle in the invited role. The link works once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(invitation)
        if Member.objects.current().filter(circle_id=invitation.circle_id, user=user).exists():
            raise CircleRuleError(_("You are already a member of this circle."))
        if invitation.role == Member.Role.PROFESSIONAL and not _sent_by_an_owner(invitation):
            raise CircleRuleError(
                _(
                    "Only an owner can invite a professional. Please ask an owner of the circle for a new link."
                )
            )
        member = Member.objects.create(circle_id=invitation.circle_id, user=user, role=invitation.role)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.answered_by = user
        invitation.save(update_fields=["status", "answered_at", "answered_by"])
        _record_member_act(Kind.INVITATION_ACCEPTED, member, member, member)
        return member


def _sent_by_an_owner(invitation: Invitation) -> bool:
    """Whether its sender is an owner still in the circle (links made before the rule, or by
    someone who has since stepped down, do not let a professional in)."""
    return Member.objects.current().filter(pk=invitation.invited_by_id, is_owner=True).exists()


def decline_invitation(invitation: Invitation, user) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(invitation)
        invitation.status = Invitation.Status.DECLINED
        invitation.answered_at = timezone.now()
        invitation.answered_by = user
        invitation.save(update_fields=["status", "answered_at", "answered_by"])
        record(
            Kind.INVITATION_DECLINED, actor=user, about=user, circle=invitation.circle_id, target=invitation
        )


def _other_owners(member: Member):
    return Member.objects.current().filter(circle_id=member.circle_id, is_owner=True).exclude(pk=member.pk)


def _end_membership(member: Member) -> None:
    now = timezone.now()
    StepAway.objects.filter(member=member, ended_at__isnull=True).update(ended_at=now)
    member.left_at = now
    member.is_owner = False
    member.save(update_fields=["left_at", "is_owner"])


def leave(member: Member) -> None:
    """Leave a circle. Entries stay, with the audience their author chose."""
    with transaction.atomic():
        if member.is_owner and not _other_owners(member).exists():
            raise CircleRuleError(
                _("You are this circle’s only owner. Please make someone else an owner before you leave.")
            )
        _end_membership(member)
        _record_member_act(Kind.MEMBER_LEFT, member, member, member)


def remove_member(owner: Member, member: Member) -> None:
    if not owner.is_owner:
        raise CircleRuleError(_("Only an owner can remove someone from the circle."))
    if member.circle_id != owner.circle_id or member.left_at is not None:
        raise CircleRuleError(_("That person is not in this circle."))
    if member.pk == owner.pk:
        raise CircleRuleError(_("To leave the circle yourself, use “Leave this circle”."))
    with transaction.atomic():
        _end_membership(member)
        _record_member_act(Kind.MEMBER_REMOVED, owner, member, member)


def make_owner(owner: Member, member: Member) -> None:
    if not owner.is_owner:
        raise CircleRuleError(_("Only an owner can make someone an owner."))
    if member.circle_id != owner.circle_id or member.left_at is not None:
        raise CircleRuleError(_("That person is not in this circle."))
    member.is_owner = True
    with transaction.atomic():
        member.save(update_fields=["is_owner"])
        _record_member_act(Kind.MADE_OWNER, owner, member, member)


def step_down_as_owner(member: Member) -> None:
    if not _other_owners(member).exists():
        raise CircleRuleError(_("A circle needs at least one owner. Make someone else an owner first."))
    member.is_owner = False
    with transaction.atomic():
        member.save(update_fields=["is_owner"])
        _record_member_act(Kind.STEPPED_DOWN, member, member, member)


def set_status(member: Member, status: str) -> None:
    """A member sets their own status. Stepping away is recorded as a period."""
    if status not in Member.Status.values:
        raise CircleRuleError(_("Please choose active, paused or stepped away."))
    if status == member.status:
        return
    now = timezone.now()
    with transaction.atomic():
        if status == Member.Status.STEPPED_AWAY:
            StepAway.objects.create(member=member, started_at=now)
        elif member.status == Member.Status.STEPPED_AWAY:
            StepAway.objects.filter(member=member, ended_at__isnull=True).update(ended_at=now)
        member.status = status
        member.save(update_fields=["status"])


def delete_circle(owner: Member) -> None:
    """An owner alone in a circle may delete it, with everything in it."""
    if not owner.is_owner:
        raise CircleRuleError(_("Only an owner can delete a circle."))
    if Member.objects.current().filter(circle_id=owner.circle_id).exclude(pk=owner.pk).exists():
        raise CircleRuleError(_("A circle can only be deleted once everyone else has left it."))
    with transaction.atomic():
        record(Kind.CIRCLE_DELETED, actor=owner, about=owner, circle=owner.circle_id, target=owner.circle)
        owner.circle.delete()
