from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.consent.categories import Category, Level
from lib.fields import EncryptedCharField, EncryptedTextField
from lib.onetime import digest as secret_digest
from lib.onetime import new_secret


class Circle(models.Model):
    """The people working on their relationships together: a family, a couple, friends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Sealed: a family's name says whose circle it is. Lists sort by name in Python.
    name = EncryptedCharField(_("name"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Members who have not left or been removed."""
        return self.filter(left_at__isnull=True)

    def reachable(self):
        """Members who can be chosen for a new entry: current and not stepped away."""
        return self.current().exclude(status=Member.Status.STEPPED_AWAY)

    def choosable_by(self, member: Member):
        """Whom `member` may choose as an entry's audience: the others in the circle who
        can be reached, never the professional (who sees only through their own flag)."""
        return (
            self.reachable()
            .filter(circle_id=member.circle_id)
            .exclude(pk=member.pk)
            .exclude(role=Member.Role.PROFESSIONAL)
        )


class Member(models.Model):
    """A person in a circle, with a role and a status."""

    class Role(models.TextChoices):
        PERSON_IN_RECOVERY = "recovery", _("Person in recovery")
        PARTNER = "partner", _("Partner")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Sibling")
        FRIEND = "friend", _("Friend")
        SPONSOR = "sponsor", _("Sponsor or peer")
        PROFESSIONAL = "professional", _("Professional")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        STEPPED_AWAY = "stepped_away", _("Stepped away")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_owner = models.BooleanField(_("owner"), default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_current_membership_per_circle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        return str(self.user)

    @property
    def is_current(self) -> bool:
        return self.left_at is None

    @property
    def is_professional(self) -> bool:
        return self.role == self.Role.PROFESSIONAL


def by_circle_name(memberships) -> list[Member]:
    """Memberships in the order of their circles' names (sealed, so sorted here, not in SQL)."""
    return sorted(memberships, key=lambda m: (m.circle.name.casefold(), m.circle.created_at))


class StepAway(models.Model):
    """A period in which a member had stepped away; entries made then stay apart from them."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="step_aways")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.member} stepped away from {self.started_at:%Y-%m-%d}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())

    def by_token(self, raw: str):
        return self.select_related("circle", "invited_by__user").filter(digest=secret_digest(raw)).first()


class Invitation(models.Model):
    """A single-use, expiring link that lets one person join a circle in a given role."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations_sent")
    role = models.CharField(_("role"), max_length=20, choices=Member.Role.choices)
    note = EncryptedCharField(_("name or note, for you"), max_length=80, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.circle} as {self.get_role_display()}"

    @classmethod
    def issue(cls, inviter: Member, role: str, note: str = "") -> tuple[Invitation, str]:
        """Create an invitation and return it with its secret token (shown only once)."""
        raw = new_secret(nbytes=24)
        invitation = cls.objects.create(
            circle=inviter.circle,
            invited_by=inviter,
            role=role,
            note=note,
            digest=secret_digest(raw),
            expires_at=timezone.now() + timedelta(days=settings.MEND_INVITATION_DAYS),
        )
        return invitation, raw

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()


class EntryDeletion(models.Model):
    """A log that an entry was deleted: which kind, in which circle, by whom, when.

    Never its content: whoever reads this learns only that something of that kind once
    existed and was removed. Written by `circles.history.delete_entry` only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Deleting the circle, or the person's account, takes their deletion log with it.
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)  # the entry's model, e.g. "appreciations.appreciation"
    entry_id = models.UUIDField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.kind} deleted"


class ConsentQuerySet(models.QuerySet):
    def active(self, at=None):
        """Consents in force at `at` (now by default): signed, not revoked or replaced, not expired."""
        at = at or timezone.now()
        return self.filter(status=Consent.Status.ACTIVE, expires_at__gt=at)


class Consent(models.Model):
    """One signed consent of a member to one or more professionals of their circle.

    It holds §2.31's elements (CLINICAL.md): who discloses (the member), to whom
    (`recipients`, their names frozen at signing), what (`scopes`, one per category with
    its level), why (`purposes`), which data (`data_from`/`data_to`), until when
    (`expires_at`), and what was shown (`text_version`, `language`, `text_sha256`) with
    the signature (`signed_at`, after `reauthenticated_at`). A change is a new row that
    `replaces` the old one (then SUPERSEDED); a revocation ends it at once. Rows are never
    edited otherwise, so the member's history of what they allowed stays.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents_given")
    recipients = models.ManyToManyField(Member, related_name="consents_received")
    # Display names of the recipients and the practice as shown at signing (sealed).
    recipient_names = EncryptedCharField(max_length=400)
    # Someone signing with authority for the member (a parent for a minor), if not the member.
    signed_for_by = EncryptedCharField(max_length=160, blank=True)
    purposes = models.JSONField(default=list)  # values of `Purpose`
    data_from = models.DateTimeField()
    data_to = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    safety_alerts = models.BooleanField(default=False)
    text_version = models.CharField(max_length=20)
    language = models.CharField(max_length=10)
    text_sha256 = models.CharField(max_length=64)
    # Exactly the text shown and signed (sealed), so it can be shown again word for word.
    text_shown = EncryptedTextField(blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    reauthenticated_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)  # revoked or replaced
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"consent of {self.member_id} ({self.status})"

    def is_in_force(self, at=None) -> bool:
        at = at or timezone.now()
        return self.status == self.Status.ACTIVE and self.expires_at > at

    @property
    def is_expired(self) -> bool:
        """In force until its end date, which has passed (expired = `expires_at` passed)."""
        return self.status == self.Status.ACTIVE and self.expires_at <= timezone.now()


class ConsentScope(models.Model):
    """One category a consent covers, at one level."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="scopes")
    category = models.CharField(max_length=20, choices=Category.choices)
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "category"], name="one_scope_per_category")]

    def __str__(self) -> str:
        return f"{self.category}: {self.level}"
