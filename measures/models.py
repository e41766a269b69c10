"""Questionnaire results (`Response`) and the schedules a professional sets (`Assignment`).

The instruments themselves are data (measures/instruments/*.json, read by catalogue.py);
scoring is the pure function in scoring.py. A response is an entry like any other: private
by default, shared by its author through the Audience mechanism, and under consent for
the professional. The answers to single items stay with the member unless they choose
(`answers_shared`): a total is what a reader needs, an item can say far more.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience import AudienceEntry
from circles.consent.categories import Category
from circles.models import Circle, Member
from lib.fields import EncryptedJSONField


class Schedule(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class Assignment(models.Model):
    """A professional asks a member to answer an instrument, once or on a schedule."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="measure_assignments")
    assigned_by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=40)
    schedule = models.CharField(max_length=12, choices=Schedule.choices, default=Schedule.ONCE)
    next_due = models.DateTimeField(db_index=True)
    # The due time a reminder was last sent for: the reminder job claims a due time with a
    # conditional UPDATE, so two workers never send the same reminder twice.
    reminded_for = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["next_due"]

    def __str__(self) -> str:
        return f"assignment {self.pk}"


class Response(AudienceEntry):
    """One member's answers to one instrument, scored when saved."""

    consent_category = Category.MEASURES

    instrument = models.CharField(max_length=40, db_index=True)
    version = models.CharField(max_length=20)
    # {item number: value}: sealed, bound to this row (lib/fields.py).
    answers = EncryptedJSONField(_("answers"), default=dict)
    total = models.IntegerField(null=True, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    band = models.CharField(max_length=40, blank=True)
    # Which flags fired (PHQ-9 item 9): sealed too, as it tells what an item's answer was.
    flags = EncryptedJSONField(default=list)
    taken_at = models.DateTimeField(default=timezone.now, db_index=True)
    answers_shared = models.BooleanField(
        _("those who can see this result may also see my answers to each question"), default=False
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )

    class Meta(AudienceEntry.Meta):
        ordering = ["-taken_at"]
        verbose_name = _("questionnaire result")
        verbose_name_plural = _("questionnaire results")

    def __str__(self) -> str:
        return f"response {self.pk}"
