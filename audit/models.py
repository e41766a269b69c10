"""The audit trail: one append-only row per act that matters for an account's safety.

A row says who acted (a user id), what kind of act it was, whom it is about (a user id),
in which circle and on which object (its kind and id), and when. Never any content: no
entry text, no names, no email address, no IP address, no password.

Ids are plain numbers, not foreign keys: the trail outlives what it names (a deleted
entry, circle or account leaves its rows), and a foreign key would cascade a delete into
an append-only table.
"""

from __future__ import annotations

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(RuntimeError):
    """An audit row was about to be changed or deleted: the trail is append-only."""


class Kind(models.TextChoices):
    # Labels are for operators and the admin; people read the sentences in audit/wording.py.
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Wrong password")
    LOCKED_OUT = "locked_out", _("Logging in paused")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    EMAIL_CHANGED = "email_changed", _("Main email address changed")
    EMAIL_ADDED = "email_added", _("Email address added")
    EMAIL_REMOVED = "email_removed", _("Email address removed")
    TWO_STEP_ON = "two_step_on", _("Two-step login turned on")
    TWO_STEP_OFF = "two_step_off", _("Two-step login turned off")
    RECOVERY_CODES = "recovery_codes", _("New recovery codes")
    TOKEN_CREATED = "token_created", _("Access token made")
    TOKEN_REVOKED = "token_revoked", _("Access token stopped")
    CIRCLE_CREATED = "circle_created", _("Circle started")
    CIRCLE_DELETED = "circle_deleted", _("Circle deleted")
    INVITATION_SENT = "invitation_sent", _("Invitation made")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
    MEMBER_LEFT = "member_left", _("Left a circle")
    MEMBER_REMOVED = "member_removed", _("Removed from a circle")
    MADE_OWNER = "made_owner", _("Made an owner")
    STEPPED_DOWN = "stepped_down", _("Stepped down as owner")
    AUDIENCE_WIDENED = "audience_widened", _("Shared more widely")
    ENTRY_DELETED = "entry_deleted", _("Entry deleted")
    PROFESSIONAL_APPROVED = "professional_approved", _("Professional approved")
    PROFESSIONAL_WITHDRAWN = "professional_withdrawn", _("Professional approval taken back")
    SAFETY_ALERT_SENT = "safety_alert_sent", _("Check-in alert sent to a professional")
    SAFETY_ALERT_ACKNOWLEDGED = "safety_alert_acknowledged", _("Check-in alert acknowledged")
    PRACTICE_CREATED = "practice_created", _("Practice started")
    PRACTITIONER_ADDED = "practitioner_added", _("Joined a practice")
    PRACTITIONER_REMOVED = "practitioner_removed", _("Removed from a practice")
    PROPOSED_TO_CIRCLE = "proposed_to_circle", _("Professional invited to a circle by a practice")
    CONSENT_SIGNED = "consent_signed", _("Consent for a professional signed")
    CONSENT_CHANGED = "consent_changed", _("Consent for a professional changed")
    CONSENT_REVOKED = "consent_revoked", _("Consent for a professional revoked")
    ADMIN_ADDED = "admin_added", _("Added by site staff")
    ADMIN_CHANGED = "admin_changed", _("Changed by site staff")
    ADMIN_DELETED = "admin_deleted", _("Deleted by site staff")


class EventQuerySet(models.QuerySet):
    def about(self, user):
        """The rows about one person: what they may read of the trail."""
        return self.filter(about_id=user.pk)

    def update(self, **kwargs):
        raise AppendOnly("Audit rows are never changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("Audit rows are never changed.")

    def delete(self):
        raise AppendOnly("Audit rows are never deleted (only expired: audit.models.expire_before).")


class Event(models.Model):
    """One act, with no content (see the module's docstring)."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    actor_id = models.BigIntegerField(null=True, blank=True)  # who acted; none when nobody was signed in
    about_id = models.BigIntegerField(null=True, blank=True)  # whom it is about: who may read it
    circle_id = models.UUIDField(null=True, blank=True)
    target_kind = models.CharField(max_length=60, blank=True)  # a model label, e.g. "circles.invitation"
    target_id = models.CharField(max_length=64, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["about_id", "-at"], name="audit_event_about_at")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update"):
            raise AppendOnly("Audit rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit rows are never deleted (only expired: audit.models.expire_before).")


# PostgreSQL refuses changes itself, so a raw UPDATE or DELETE fails too; only the
# expiry below, which says so for its own transaction, may delete old rows.
EXPIRY_FLAG = "mend.audit_expiry"


def expire_before(moment) -> int:
    """Delete the rows older than `moment` (the retention job's one way in); says how many."""
    table = connection.ops.quote_name(Event._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [EXPIRY_FLAG])
        sql = f"DELETE FROM {table} WHERE at < %s"  # noqa: S608 (our own table's name, quoted)
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(moment)])
        return cursor.rowcount
