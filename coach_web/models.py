"""Safety alerts: a professional told, under consent, that a member may need a check-in.

Content-free by design (issue 15, point 7): an alert names whose text it was, the
professional told, and when. Never the text, the category the screen found, or the
entry it was found in, so nothing about what was written can be read back from it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class SafetyAlert(models.Model):
    """One professional's unacknowledged news that a member may need a check-in.

    Several crisis results of the same member before the professional acknowledges gather
    here (`count`, `last_at`) instead of adding rows, so a hard evening is one line on the
    caseload, not a flood. Acknowledging closes it; the next result starts a new one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey("circles.Circle", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("circles.Member", on_delete=models.CASCADE, related_name="safety_alerts_about")
    professional = models.ForeignKey(
        "circles.Member", on_delete=models.CASCADE, related_name="safety_alerts_received"
    )
    created_at = models.DateTimeField(default=timezone.now)  # the first result gathered here
    last_at = models.DateTimeField(default=timezone.now)  # the latest
    count = models.PositiveIntegerField(default=1)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "circles.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_at"]
        constraints = [
            # One open alert per member and professional: two results at once gather
            # (alerts.record_crisis retries as an update), never two rows.
            models.UniqueConstraint(
                fields=["member", "professional"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="one_open_safety_alert",
            )
        ]

    def __str__(self) -> str:
        return f"safety alert for {self.professional_id}"
