"""In-app notifications and the choices each person makes about them.

Notifications carry no content (SECURITY.md, check 14): a kind and a link, never
the text of an entry, so a glance at a phone or an inbox reveals nothing.
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


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    circle_id = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

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
