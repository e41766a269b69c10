"""In-app notifications and the choices each person makes about them.

Notifications carry no content (SECURITY.md, check 14): a kind, who acted, what it is
about (an id) and a link, never the text of an entry or anyone's name. The sentence a
person reads ("Alex called a pause until 19:20") is made when they open the page, in
their language, from what they may see then (notifications/describe.py); an email only
ever says there is an update.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROMISE_DUE = "promise_due", _("A promise of yours is coming up")
    CONFIRM_WAITING = "confirm_waiting", _("Someone is waiting for your confirmation")
    RENEGOTIATED = "renegotiated", _("A promise to you was changed in advance")
    TALK_REQUEST = "talk_request", _("Someone would like to talk about a promise")
    TIMEOUT_CALLED = "timeout_called", _("Someone called a pause")
    TIMEOUT_RETURN = "timeout_return", _("It is time to come back after a pause")
    CHECKIN_REMINDER = "checkin_reminder", _("A reminder to check in")
    REPAIR_INVITED = "repair_invited", _("Someone invited you to repair something between you")
    REPAIR_STEP = "repair_step", _("A repair you are part of moved on")
    OFFER_MADE = "offer_made", _("Someone offered you a way to show change")
    PLAN_REVIEW = "plan_review", _("It is time to look at your plan again")
    MEASURE_DUE = "measure_due", _("A questionnaire is ready for you")
    # To a professional only, under the member's consent (coach_web/alerts.py).
    SAFETY_ALERT = "safety_alert", _("Someone you work with may need a check-in")
    INTAKE_RECEIVED = "intake_received", _("A family asked your practice for help")
    INTAKE_REPLIED = "intake_replied", _("A practice answered your request for help")
    PROFESSIONAL_PROPOSED = (
        "professional_proposed",
        _("A practice would like a professional to join your circle"),
    )
    PROFESSIONAL_INVITED = "professional_invited", _("A family said yes to your joining their circle")
    CONSENT_GIVEN = "consent_given", _("A member signed a consent for you")
    CONSENT_CHANGED = "consent_changed", _("A member changed their consent for you")
    CONSENT_REVOKED = "consent_revoked", _("A member revoked their consent for you")


# A professional reads a member's information only in the workspace, where each reading
# is logged (access_log), so no news of a circle reaches a professional member of it
# (notify() drops it): the family's kinds above are news of a member's entries, or a nudge
# into the family's pages. Only the workspace's own notices, named here, reach them.
# (A practice's notices name no circle, so they reach the practice as always.)
# A consent's news is about the consent, which names them, not about anyone's entries.
FOR_PROFESSIONALS: frozenset[str] = frozenset(
    {Kind.SAFETY_ALERT, Kind.CONSENT_GIVEN, Kind.CONSENT_CHANGED, Kind.CONSENT_REVOKED}
)


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    circle_id = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    url = models.CharField(max_length=300)
    # Who acted and what it is about, as references only: names are sealed and an entry's
    # audience can change, so both are read when the page is shown, never stored here.
    actor = models.ForeignKey(
        "circles.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.UUIDField(null=True, blank=True)
    # Repeated news about one thing lands in one unread item: how many times it came.
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "target_id"], name="notification_user_target")]
        constraints = [
            # One unread item per person, kind and thing: two events at once cannot both
            # add a row (notify() retries as an update).
            models.UniqueConstraint(
                fields=["user", "kind", "target_id"],
                condition=models.Q(read_at__isnull=True, target_id__isnull=False),
                name="one_unread_notification_per_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class Preferences(models.Model):
    """Quiet hours and per-kind switches. Everything can be switched off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)
    email = models.BooleanField(_("also send an email"), default=True)
    muted_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"
