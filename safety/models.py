"""Private safety answers: how safe one member feels with another.

Only the member who answers ever sees them. The answers and `blocks_joint_work` are
both sealed, so a database dump shows only that one member answered about another, and
when, never what or whether joint work is off. The flag cannot be filtered in SQL: the
few checks of one person are read and decided in Python (safety/logic.py).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.models import Member
from lib.fields import EncryptedBooleanField, EncryptedTextField


class SafetyCheck(models.Model):
    """One member's current answers about one other member of the same circle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="safety_checks")
    about = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    answers = EncryptedTextField(blank=True)  # JSON: question key -> "yes" / "no" / "not_sure"
    blocks_joint_work = EncryptedBooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("safety check")
        constraints = [
            models.UniqueConstraint(fields=["member", "about"], name="one_safety_check_per_pair"),
        ]

    def __str__(self) -> str:
        return f"safety check {self.pk}"
