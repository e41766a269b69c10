"""What a professional was shown of a member, one content-free row per thing shown.

The member reads these rows on "Who has seen my information" (§2.25's accounting of
disclosures, CLINICAL.md). A row names who looked, whose information, which consent
category, what kind of object (and its id), for what purpose and when — never content.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from circles.consent.categories import Category
from circles.models import Circle, Member


class AccessRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    # Whose information was shown: the only person who reads the row.
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="accesses_about")
    professional = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="accesses_made")
    category = models.CharField(max_length=20, choices=Category.choices)
    # e.g. "ledger.promise", "chart", "caseload"; with the object's id when it has one.
    kind = models.CharField(max_length=60)
    object_id = models.UUIDField(null=True, blank=True)
    purpose = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["member", "-at"], name="access_by_member_time")]

    def __str__(self) -> str:
        return f"{self.kind} shown to {self.professional_id}"
