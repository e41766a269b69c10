"""Private safety answers: how safe one member feels with another.

Only the member who answers ever sees them. The answers themselves are sealed;
`blocks_joint_work` is kept in the clear because every joint exercise has to ask
it, and it says nothing the other person can reach.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.models import Member
from lib.fields import EncryptedTextField


class SafetyCheck(models.Model):
    """One member's current answers about one other member of the same circle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="safety_checks")
    about = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    answers = EncryptedTextField(blank=True)  # JSON: question key -> "yes" / "no" / "not_sure"
    blocks_joint_work = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("safety check")
        constraints = [
            models.UniqueConstraint(fields=["member", "about"], name="one_safety_check_per_pair"),
        ]
        indexes = [models.Index(fields=["about", "blocks_joint_work"])]

    def __str__(self) -> str:
        return f"safety check {self.pk}"
