"""Practices, their professionals, and the requests families send them.

A practice sees of a family only what the family's request says: who asks (their
display name as they asked), why, how to reach them, their languages and time zone. The
request keeps its circle and requester so that the family can read the answer and an
owner can let a professional in, but no page or API answer of the practice shows either.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.models import Circle, Invitation, Member
from lib.fields import EncryptedCharField, EncryptedTextField
from practices import rules, vocabulary


class PracticeQuerySet(models.QuerySet):
    def accepting(self):
        return self.filter(accepts_requests=True)

    def of(self, user):
        """The practices `user` currently works for."""
        return self.filter(practitioners__user=user, practitioners__removed_at__isnull=True).distinct()


class Practice(models.Model):
    """A clinic or a solo therapist, with the intake contact families may see."""

    class Kind(models.TextChoices):
        CLINIC = "clinic", _("A clinic or program")
        SOLO = "solo", _("A therapist working alone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        pgettext_lazy("practices", "kind"), max_length=10, choices=Kind.choices, default=Kind.CLINIC
    )
    # A practice's name and intake contact are what it shows every family that asks.
    name = models.CharField(_("name"), max_length=120)
    intake_email = models.EmailField(_("intake email"), max_length=254, blank=True)
    intake_phone = models.CharField(_("intake phone"), max_length=40, blank=True)
    languages = models.JSONField(pgettext_lazy("practices", "languages"), default=list, blank=True)
    accepts_requests = models.BooleanField(_("accepts requests"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_names(self) -> str:
        return vocabulary.names(self.languages)


class PractitionerQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class Practitioner(models.Model):
    """A professional of a practice (an admin too, when `is_admin`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="practitioners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioners")
    is_admin = models.BooleanField(pgettext_lazy("practices", "admin"), default=False)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="one_current_place_per_practice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.practice}"

    @property
    def name(self) -> str:
        return str(self.user)


class PracticeInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PracticeInvitation.Status.PENDING, expires_at__gt=timezone.now())

    def for_user(self, user):
        return self.pending().filter(email=user.email.lower())


class PracticeInvitation(models.Model):
    """An admin's invitation to join a practice, sent to an email address.

    Whether an account has that address is never looked up when it is made: the mail goes
    out either way, and whoever signs in with the address sees it and answers.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    as_admin = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = PracticeInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.practice}"

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.MEND_INVITATION_DAYS)


class IntakeRequest(models.Model):
    """A family member's request to a practice for a consultation."""

    class Status(models.TextChoices):
        NEW = rules.NEW, pgettext_lazy("practices", "New")
        ANSWERED = rules.ANSWERED, pgettext_lazy("practices", "Answered")
        INVITED = rules.INVITED, pgettext_lazy("practices", "Invited")
        CLOSED = rules.CLOSED, pgettext_lazy("practices", "Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="requests")
    # Never shown to the practice: kept so the requester reads the answer in their circle
    # and an owner can let a professional in.
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    requester = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="help_requests")
    name = EncryptedCharField(_("your name"), max_length=80)
    reason = EncryptedTextField(_("what you would like help with"), max_length=1000)
    contact = EncryptedCharField(_("how to reach you"), max_length=200)
    languages = models.JSONField(default=list)
    time_zone = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"request to {self.practice_id} ({self.status})"


class IntakeReply(models.Model):
    """The practice's answer to a request (there may be several)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(_("your reply"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"reply to {self.request_id}"


class Proposal(models.Model):
    """The practice proposes one of its professionals to the requester's circle.

    An owner's yes makes it a circles `Invitation` (sent by that owner) that the
    professional accepts; until then nothing reaches the circle but the question.
    """

    class Status(models.TextChoices):
        WAITING = rules.WAITING, _("Waiting for an owner’s yes")
        AGREED = rules.AGREED, _("An owner said yes")
        DECLINED = rules.DECLINED, _("The family said no")
        WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="proposals")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    answered_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"proposal for {self.request_id} ({self.status})"

    @property
    def stage(self) -> str:
        """Where it stands, as one word: waiting, declined, withdrawn, sent, joined, expired, closed."""
        if self.status != self.Status.AGREED or self.invitation is None:
            return self.status
        invitation = self.invitation
        if invitation.status == Invitation.Status.ACCEPTED:
            return "joined"
        if invitation.is_expired:
            return "expired"
        if invitation.status == Invitation.Status.PENDING:
            return "sent"
        return "closed"  # the professional declined, or an owner withdrew the invitation
