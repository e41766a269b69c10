"""The trust ledger: promises, their occurrences, and small moments."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience import AudienceEntry, AudienceQuerySet
from circles.consent.categories import Category
from circles.models import Member
from lib.fields import EncryptedTextField
from safety.logic import flagged_by

WHAT_MAX = 200
NOTE_MAX = 500


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    DAILY = "daily", _("Every day")
    WEEKDAYS = "weekdays", _("On chosen days of the week")
    TIMES_PER_WEEK = "per_week", _("A number of times a week")


class PromiseQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """As every entry, except that a promise made to `member` by someone `member` said
        they are not safe with never reaches `member`. The promiser is not told: for them
        it reads like any promise the other person has not answered (safety/logic.py)."""
        visible = super().visible_to(member)
        if member is None:
            return visible
        promised = Promise.recipients.through.objects.filter(promise_id=OuterRef("pk"), member_id=member.pk)
        to_her = Exists(promised) | Q(to_circle=True)
        return visible.exclude(Q(author_id__in=flagged_by(member)) & to_her)


class Promise(AudienceEntry):
    """A promise: who (the author) promises what to whom, how often, by when."""

    consent_category = Category.PROMISES

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    what = EncryptedTextField(_("what you promise"), max_length=WHAT_MAX)
    recipients = models.ManyToManyField(
        Member, blank=True, related_name="promises_received", verbose_name=_("promised to")
    )
    to_circle = models.BooleanField(_("promised to the whole circle"), default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PromiseQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        # The table keeps its first name: sealed text is bound to the table it lives in
        # (lib/fields.py), so renaming the table would make every promise unreadable.
        db_table = "ledger_commitment"
        verbose_name = _("promise")

    def __str__(self) -> str:
        return f"promise {self.pk}"

    @property
    def current_schedule(self) -> Schedule | None:
        schedules = sorted(self.schedules.all(), key=lambda s: s.effective_from)
        return schedules[-1] if schedules else None


class Schedule(models.Model):
    """When a promise falls due, from a date on. Editing adds a new row; the past stays."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="schedules")
    effective_from = models.DateField()
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    weekdays = models.JSONField(_("days of the week"), default=list, blank=True)  # 0 = Monday
    times_per_week = models.PositiveSmallIntegerField(_("times a week"), null=True, blank=True)
    due_time = models.TimeField(_("by what time"))
    time_zone = models.CharField(max_length=64)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["effective_from", "created_at"]

    def __str__(self) -> str:
        return f"{self.frequency} from {self.effective_from}"


class Pause(models.Model):
    """A stretch in which a promise rests (holiday, illness, hospital): no occurrences, no penalty."""

    class Reason(models.TextChoices):
        HOLIDAY = "holiday", _("A holiday")
        ILLNESS = "illness", _("Illness")
        HOSPITAL = "hospital", _("A hospital stay")
        OTHER = "other", _("Something else")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"pause of {self.promise_id} from {self.started_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not yet reported")
    KEPT = "kept", _("Kept")
    KEPT_CONFIRMED = "kept_confirmed", _("Kept and confirmed")
    DISPUTED = "disputed", _("Seen differently")
    RENEGOTIATED = "renegotiated", _("Changed in advance")
    MISSED_OWNED = "missed_owned", _("Missed and owned")
    MISSED = "missed", _("Missed")


class OccurrenceQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None):
        """Occurrences follow their promise's audience: one mechanism for both."""
        return self.filter(promise__in=Promise.objects.visible_to(member).values("pk"))

    def open(self):
        return self.filter(outcome=Outcome.PENDING)


class Occurrence(models.Model):
    """One time a promise falls due, and how it ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="occurrences")
    circle_id = models.UUIDField(db_index=True)
    due_at = models.DateTimeField(db_index=True)
    due_date = models.DateField()  # in the promiser's time zone, for "due today" and charts
    opens_on = models.DateField()  # from when it can be reported: the day, or the week's Monday
    slot = models.PositiveSmallIntegerField(default=0)  # the n-th of "n times a week"
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["promise", "due_at", "slot"], name="one_occurrence_per_slot")
        ]
        indexes = [
            models.Index(fields=["outcome", "due_at"]),
            models.Index(fields=["circle_id", "due_date"]),
            # Each promise's recent answered rows, for the trajectory (docs/performance.md).
            models.Index(fields=["promise", "due_date"], name="ledger_occ_promise_day"),
        ]

    def __str__(self) -> str:
        return f"{self.promise_id} due {self.due_at:%Y-%m-%d %H:%M}"


class OccurrenceChange(models.Model):
    """Every change of an occurrence's outcome, kept forever: history is never rewritten."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    before = models.CharField(max_length=16, choices=Outcome.choices)
    after = models.CharField(max_length=16, choices=Outcome.choices)
    note = EncryptedTextField(max_length=NOTE_MAX, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class SmallMomentQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """As every entry, except that a moment about `member` noted by someone `member` said
        they are not safe with never reaches `member` (the author is not told)."""
        visible = super().visible_to(member)
        if member is None:
            return visible
        return visible.exclude(about_id=member.pk, author_id__in=flagged_by(member))


class SmallMoment(AudienceEntry):
    """A one-tap note of an everyday sign of change, about a member."""

    consent_category = Category.MOMENTS

    class Kind(models.TextChoices):
        CALL_RETURNED = "call_returned", _("Returned a call")
        ON_TIME = "on_time", _("Was on time")
        PROMISE_KEPT = "promise_kept", _("Kept a promise")
        BOUNDARY_RESPECTED = "boundary", _("Respected a boundary")
        CALM = "calm", _("Stayed calm during stress")
        HONEST = "honest", _("Was honest about something hard")
        CUSTOM = "custom", _("Something else")

    about = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="moments_about")
    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices)
    custom_kind = EncryptedTextField(_("in your words"), max_length=80, blank=True)
    note = EncryptedTextField(_("a few words (optional)"), max_length=NOTE_MAX, blank=True)

    objects = SmallMomentQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("small moment")

    def __str__(self) -> str:
        return f"small moment {self.pk}"

    @property
    def label(self) -> str:
        return (
            self.custom_kind
            if self.kind == self.Kind.CUSTOM and self.custom_kind
            else self.get_kind_display()
        )
