"""What a notification about a safety alert may say to the professional reading it
(notifications/describe.py): only whether the alert is still theirs to see. The sentence
names the member ("Sam may need a check-in from you") and nothing else."""

from __future__ import annotations

from coach_web.alerts import covered
from coach_web.models import SafetyAlert
from notifications.describe import register
from notifications.models import Kind


def alerts_seen(viewer, ids):
    """The alerts among `ids` sent to the viewer that a consent in force still covers
    (open or acknowledged); revoked, expired or turned off, they read as a neutral line."""
    rows = covered(SafetyAlert.objects.filter(pk__in=ids, professional=viewer))
    return {alert_id: {} for alert_id in rows.values_list("pk", flat=True)}


register((Kind.SAFETY_ALERT,), alerts_seen)
