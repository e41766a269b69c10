"""Check-ins, the cravings part with its own audience, and time-outs."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkins.vocabulary import URGES, USE_URGE
from circles.audience import AudienceEntry, AudienceQuerySet
from circles.consent.categories import Category
from circles.models import Member
from lib.fields import EncryptedBooleanField, EncryptedIntegerField, EncryptedTextField
from safety.logic import flagged_by

NOTE_MAX = 2000


class State(models.TextChoices):
    SETTLED = "settled", _("Settled")
    ACTIVATED = "activated", _("Activated: wound up, on edge")
    SHUT_DOWN = "shut_down", _("Shut down: flat, far away")


def week_of(moment: datetime, time_zone: str) -> date:
    """The Monday of the week `moment` fell in, where the person lives."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


class AuthorWeekField(models.DateField):
    """The Monday of the author's own week when the entry was made; set when it is first saved.

    Stored so the trend pages group by a plain column: truncating a time to a week in a
    time zone is a Python function per row on SQLite (docs/performance.md). `pre_save`
    also runs for each object in `bulk_create`, so every way of saving fills it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None:
            value = week_of(model_instance.created_at, model_instance.author.user.time_zone)
            setattr(model_instance, self.attname, value)
        return value


class CheckIn(AudienceEntry):
    """How I am right now: feelings, body, nervous-system state, connection, a note."""

    consent_category = Category.CHECKINS

    state = models.CharField(_("right now I feel"), max_length=10, choices=State.choices)
    note = EncryptedTextField(_("anything else (optional)"), max_length=NOTE_MAX, blank=True)
    # The author's week (its Monday, in their time zone then): what the trends group by.
    week = AuthorWeekField(_("week"))

    class Meta(AudienceEntry.Meta):
        verbose_name = _("check-in")
        indexes = [models.Index(fields=["author", "week"], name="checkins_checkin_author_week")]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    def urges_seen(self, craving: Craving | None) -> list[str]:
        """The urges (keys, in list order) a viewer sees: the urge to use only with the
        cravings part, passed in when its own audience lets the viewer see it."""
        keys = {urge.urge for urge in self.urges.all()}
        if craving is not None and craving.urge_to_use:
            keys.add(USE_URGE)
        return [key for key, _label in URGES if key in keys]

    def urge_labels(self, craving: Craving | None) -> list[str]:
        labels = dict(URGES)
        return [str(labels[key]) for key in self.urges_seen(craving)]


class Feeling(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="feelings")
    feeling = models.CharField(max_length=20)
    # 1–5, or None: on the page a feeling is one tap and its strength is optional.
    intensity = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.feeling} {self.intensity or ''}".strip()

    @property
    def label(self) -> str:
        from checkins.vocabulary import FEELINGS

        return str(FEELINGS.get(self.feeling, self.feeling))


class Sensation(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="sensations")
    region = models.CharField(max_length=20)
    # Empty when the person said where, but not what it is like: noticing is enough.
    kind = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.region}"

    @property
    def label(self) -> str:
        from checkins.vocabulary import REGIONS, SENSATIONS

        region = str(dict(REGIONS).get(self.region, self.region))
        if not self.kind:
            return region
        return f"{dict(SENSATIONS).get(self.kind, self.kind)} — {region}"


class Urge(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="urges")
    urge = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.urge

    @property
    def label(self) -> str:
        from checkins.vocabulary import URGES

        return str(dict(URGES).get(self.urge, self.urge))


class Connection(models.Model):
    """How connected the author felt to one member at this check-in (1–5)."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="connections")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.member_id}: {self.score}"


class CravingQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """Stricter than the check-in: both its own audience and the check-in's must allow it."""
        visible_checkins = CheckIn.objects.visible_to(member).filter(pk=OuterRef("checkin_id"))
        return super().visible_to(member).filter(Exists(visible_checkins))


class Craving(AudienceEntry):
    """Cravings (0–10), any use and the urge to use: private unless chosen.

    All three are sealed, and the urge to use lives here rather than among the check-in's
    urges, so it follows this stricter audience, never the check-in's. A row may hold only
    the urge (no level: None), e.g. for a member who is not the person in recovery.
    """

    consent_category = Category.CRAVINGS

    checkin = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="craving")
    level = EncryptedIntegerField(_("cravings, from 0 (none) to 10 (very strong)"), default=None)
    used = EncryptedBooleanField(_("I used or drank"), default=False)
    urge_to_use = EncryptedBooleanField(_("an urge to use or drink"), default=False)

    objects = CravingQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("cravings and use")

    def __str__(self) -> str:
        return f"cravings {self.pk}"


class TimeOutQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """As every entry, except that a pause called with `member` by someone `member` said
        they are not safe with never reaches `member`. The caller is not told: for them it
        reads like any pause the other person has not come back from."""
        visible = super().visible_to(member)
        if member is None:
            return visible
        return visible.exclude(with_member_id=member.pk, author_id__in=flagged_by(member))


class TimeOut(AudienceEntry):
    """A pause in a hard conversation, called by one person, with a time to come back."""

    consent_category = Category.CHECKINS

    with_member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="timeouts_with")
    return_at = models.DateTimeField(_("come back at"))
    tool = models.CharField(_("meanwhile I will"), max_length=12, blank=True)
    reason = EncryptedTextField(_("why (optional)"), max_length=500, blank=True)
    share_reason = models.BooleanField(_("tell them why"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TimeOutQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("time-out")

    def __str__(self) -> str:
        return f"time-out {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


class Reminder(models.Model):
    """A daily nudge to check in, at a local time each person chooses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_reminder"
    )
    at = models.TimeField(_("remind me at"))
    enabled = models.BooleanField(_("remind me to check in"), default=True)
    last_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"check-in reminder for {self.user_id}"


TOOLS = [
    ("breathing", _("breathe slowly")),
    ("grounding", _("ground myself through the senses")),
    ("", _("something of my own")),
]
MIN_TIMEOUT_MINUTES = 20
