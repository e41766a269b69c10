"""Ruptures and their repair.

Shape:

- `Rupture` — one break in trust or connection, logged by one of the people in it. Its
  `parties` are everyone in it (the author included); they always see it, whatever else
  its audience allows (`repair.logic.share_with_parties`).
- `RepairStep` — one row per person in the repair per step text (`kind`): recognise,
  regulate, side and part (step 3), vulnerable, rebuild. The row is that person's entry:
  its author is the person, and the other people in the repair are always in its
  audience. A step is sealed once saved (there is no editing); step 2's row says whether
  the person settled or is pausing there.
- `Reflection` — a reflection of another person's side in my own words (step 3), with
  their answer: "yes, that's it" or "not quite" and what was missed. A "not quite" is
  followed by a new reflection until the answer is yes.
- `RuptureStatusChange` — every change of a rupture's status (paused, set aside, picked up
  again, repaired): who, from what, to what, when. Written by `repair.logic._set_status`
  only, which every status change (pause, resume, not now, the last step) goes through.

Visibility adds two things to the Audience rule, both in `visible_to`: step rows and
reflections are seen only by those who may see their rupture; and a member who said she is
not safe with someone sees nothing that person writes in a repair, nor a rupture she is in
with them (safety gating, `_apart_from`). He sees everything as always, so nothing tells
him about her answers. A professional sees a rupture that may be about another member's
use only with that member's consent too (`_about_unconsented_use`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience import AudienceEntry, AudienceQuerySet
from circles.consent.categories import Category
from circles.consent.queries import scopes_covering
from circles.models import Member
from lib.fields import EncryptedJSONField, EncryptedTextField
from safety.logic import flagged_by

TEXT_MAX = 2000


class Size(models.TextChoices):
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    BIG = "big", _("Big")


class Sign(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    ANGER = "anger", _("Anger")
    SILENT_TREATMENT = "silent_treatment", _("Silent treatment")
    PASSIVE_AGGRESSION = "passive_aggression", _("Passive aggression")
    LYING = "lying", _("Lying")
    BROKEN_PROMISE = "broken_promise", _("A broken promise")
    RELAPSE = "relapse", _("Relapse")
    OTHER = "other", _("Something else")


class Pattern(models.TextChoices):
    """Protective patterns a person may recognise in themselves: habits, never labels."""

    PULLING_AWAY = "pulling_away", _("Pulling away")
    CONTROLLING = "controlling", _("Controlling")
    DEFENDING = "defending", _("Defending")
    CARETAKING = "caretaking", _("Caretaking")
    BEING_RIGHT = "being_right", _("Needing to be right")
    RETALIATING = "retaliating", _("Hitting back")
    VENTING = "venting", _("Venting without a filter")


class Feeling(models.TextChoices):
    """Softer feelings that often sit under anger or fear (step 4)."""

    SAD = "sad", _("Sad")
    HURT = "hurt", _("Hurt")
    SCARED = "scared", _("Scared")
    ASHAMED = "ashamed", _("Ashamed")
    LONELY = "lonely", _("Lonely")
    DISAPPOINTED = "disappointed", _("Disappointed")
    LONGING = "longing", _("Longing")
    UNSEEN = "unseen", _("Unseen")
    HELPLESS = "helpless", _("Helpless")
    EMBARRASSED = "embarrassed", _("Embarrassed")


def _apart_from(queryset, member: Member):
    """Leave out of `member`'s view what comes from someone `member` said they are not safe with.

    That is everything such a person writes in a repair, and every rupture `member` is in
    together with them, except one `member` wrote (her own words stay hers). Ruptures that
    already held both when she answered leave her view too: nothing the other person sees
    changes (his view never depends on hers), so he cannot tell; she stops being drawn back
    into joint work she said is not safe. Only she is refused when she tries to continue it.
    """
    flagged = flagged_by(member)
    in_it = Rupture.parties.through.objects.filter(rupture_id=OuterRef("pk"))
    together = Exists(in_it.filter(member_id=member.pk)) & Exists(in_it.filter(member_id__in=flagged))
    return queryset.exclude(Q(author_id__in=flagged) | (together & ~Q(author_id=member.pk)))


def _about_unconsented_use(professional: Member):
    """Ruptures (by others) that may be about the use of a member who has not consented
    to show `professional` entries about their use and cravings.

    A rupture whose parties include a person in recovery other than its author may tell
    of that person's use: its signs (relapse among them) and its account are sealed, so
    the database cannot tell which ones do. Such a rupture, and so its steps and
    reflections, reaches a professional only when each such party also has a consent in
    force naming the professional that covers "Cravings and use" at the level of
    entries, for when the rupture was logged (docs/developers.md, "The Audience rule").
    """
    unconsented = (
        Rupture.parties.through.objects.filter(
            rupture_id=OuterRef("pk"), member__role=Member.Role.PERSON_IN_RECOVERY
        )
        .exclude(member_id=OuterRef("author_id"))
        .exclude(
            Exists(
                scopes_covering(
                    professional,
                    Category.CRAVINGS,
                    member=OuterRef("member_id"),
                    moment=OuterRef(OuterRef("created_at")),
                )
            )
        )
    )
    return Exists(unconsented) & ~Q(author_id=professional.pk)


class RuptureQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        visible = super().visible_to(member)
        if member is None:
            return visible
        if member.is_professional:
            visible = visible.exclude(_about_unconsented_use(member))
        return _apart_from(visible, member)


class Rupture(AudienceEntry):
    consent_category = Category.REPAIR

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        REPAIRED = "repaired", _("Repaired")
        NOT_NOW = "not_now", _("Not now")

    what = EncryptedTextField(_("what happened"), max_length=TEXT_MAX)
    happened_at = models.DateTimeField(_("when it happened"))
    size = models.CharField(_("how big it felt"), max_length=10, choices=Size.choices, default=Size.MEDIUM)
    signs = EncryptedJSONField(_("signs that showed up"), default=list, blank=True)
    parties = models.ManyToManyField(Member, related_name="ruptures", verbose_name=_("who was in it"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    repaired_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = RuptureQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("rupture")

    def __str__(self) -> str:
        return f"rupture {self.pk}"

    def get_signs_display(self) -> list[str]:
        labels = dict(Sign.choices)
        return [str(labels[s]) for s in self.signs if s in labels]


class RepairEntryQuerySet(AudienceQuerySet):
    """Step texts and reflections: their own audience, and their rupture must be visible too."""

    def visible_to(self, member: Member | None):
        visible = super().visible_to(member)
        if member is None:
            return visible
        # What someone she flagged writes never reaches her, even in a rupture she wrote.
        visible = visible.exclude(author_id__in=flagged_by(member))
        return visible.filter(rupture__in=Rupture.objects.visible_to(member).values("pk"))


class RepairStep(AudienceEntry):
    consent_category = Category.REPAIR

    class Kind(models.TextChoices):
        RECOGNISE = "recognise", _("Recognise")
        REGULATE = "regulate", _("Regulate")
        SIDE = "side", _("My side")
        PART = "part", _("My part")
        VULNERABLE = "vulnerable", _("Be vulnerable")
        REBUILD = "rebuild", _("Rebuild trust")

    rupture = models.ForeignKey(Rupture, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    done = models.BooleanField(default=True)  # False only for "pausing at step 2"
    text = EncryptedTextField(
        blank=True, max_length=TEXT_MAX
    )  # what I noticed / my side / part / longing / apology
    more = EncryptedTextField(blank=True, max_length=TEXT_MAX)  # rebuild: reassurance
    choices = models.JSONField(default=list, blank=True)  # recognise: patterns; vulnerable: feelings
    promises = models.ManyToManyField("ledger.Promise", blank=True, related_name="+")

    objects = RepairEntryQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("repair step")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rupture", "author", "kind"], name="one_step_text_per_person"),
        ]

    def __str__(self) -> str:
        return f"repair step {self.pk}"

    def get_choices_display(self) -> list[str]:
        labels = dict(Pattern.choices) | dict(Feeling.choices)
        return [str(labels[c]) for c in self.choices if c in labels]


class Reflection(AudienceEntry):
    consent_category = Category.REPAIR

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, that’s it")
        NOT_QUITE = "not_quite", _("Not quite")

    rupture = models.ForeignKey(Rupture, on_delete=models.CASCADE, related_name="reflections")
    about = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField(_("what I heard"), max_length=TEXT_MAX)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    missed = EncryptedTextField(_("what was missed"), blank=True, max_length=TEXT_MAX)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = RepairEntryQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("reflection")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"reflection {self.pk}"


class RuptureStatusChange(models.Model):
    """Every change of a rupture's status, kept like the ledger's `OccurrenceChange`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rupture = models.ForeignKey(Rupture, on_delete=models.CASCADE, related_name="status_changes")
    # The person whose move changed it; kept as history if they later leave the circle.
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    before = models.CharField(max_length=10, choices=Rupture.Status.choices)
    after = models.CharField(max_length=10, choices=Rupture.Status.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
