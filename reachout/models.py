"""Reach-out plans: what a member writes when someone they stepped away from reaches out.

One clear sharing model: **the plan is shared as a whole, and only its plan parts**.
A `Plan` is an `AudienceEntry` (only its author sees it by default). Its audience
covers the *plan parts*: the decision and its history, the conditions, what the
author needs to feel safe (boundaries, expectations, support, signs of change) and
the review date. The author's *notes* — how they reached out, what they said, the
"ask yourself" answers, the questions put to them with their answers and the
checklist, the reply draft — are working notes and never leave the author,
whatever the audience. Every free text is sealed (EncryptedTextField).

The review date is a plain date so the reminder job can find it; on its own it says
nothing. An `Offer` turns one sign of change into a promise offered to the person
who reached out; it is addressed to them alone (see `Offer`).
"""

from __future__ import annotations

import json
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.audience import AudienceEntry, AudienceQuerySet
from circles.consent.categories import Category
from circles.models import Invitation, Member
from lib.fields import EncryptedTextField
from reachout import rules
from safety.logic import flagged_by

TEXT_MAX = 4000
SHORT_MAX = 200


class PlanQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """As every entry, except that a plan shared with `member` by someone `member` said
        they are not safe with never reaches `member`. Its author is not told: sharing is
        saved for them as always (safety/logic.py)."""
        visible = super().visible_to(member)
        if member is None:
            return visible
        return visible.exclude(author_id__in=flagged_by(member))


class Plan(AudienceEntry):
    """A member's plan for when someone reaches out to them again."""

    consent_category = Category.REACHOUT

    class Step(models.TextChoices):
        REACHED_OUT = "reached_out", _("They reached out")
        PAUSE = "pause", _("Pause")
        ASK_YOURSELF = "ask_yourself", _("Ask yourself")
        ASK_THEM = "ask_them", _("Ask them")
        CONDITIONS = "conditions", _("Conditions and safety")
        DECIDE = "decide", _("Decide")

    # Who reached out: a member of the circle, or a name only the author sees.
    returning_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returning_name = EncryptedTextField(_("who reached out"), max_length=80, blank=True)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.REACHED_OUT)

    # Notes: never shown to anyone but the author.
    how_reached = EncryptedTextField(_("how they reached out"), max_length=SHORT_MAX, blank=True)
    what_they_said = EncryptedTextField(_("what they said"), max_length=TEXT_MAX, blank=True)
    ask_yourself = EncryptedTextField(blank=True)  # JSON: question key -> answer
    their_answers = EncryptedTextField(blank=True)  # JSON: question key -> their answer
    checklist = EncryptedTextField(blank=True)  # JSON: list of ticked CHECKLIST keys
    reply_draft = EncryptedTextField(_("your reply"), max_length=TEXT_MAX, blank=True)

    # Plan parts: what an audience the author chooses may see.
    conditions = EncryptedTextField(_("conditions for reconnecting"), max_length=TEXT_MAX, blank=True)
    boundaries = EncryptedTextField(_("boundaries"), max_length=TEXT_MAX, blank=True)
    expectations = EncryptedTextField(_("expectations"), max_length=TEXT_MAX, blank=True)
    support = EncryptedTextField(_("support from others"), max_length=TEXT_MAX, blank=True)
    signs_of_change = EncryptedTextField(_("signs of change"), max_length=TEXT_MAX, blank=True)
    review_on = models.DateField(_("look at this again on"), null=True, blank=True)
    review_reminded_on = models.DateField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("reach-out plan")
        verbose_name_plural = _("reach-out plans")

    def __str__(self) -> str:
        return f"plan {self.pk}"

    def answers(self, field: str) -> dict:
        return _json(getattr(self, field), {})

    @property
    def ticked(self) -> list[str]:
        return [item for item in _json(self.checklist, []) if item in rules.CHECKLIST]

    @property
    def about(self) -> str:
        if self.returning_member_id is not None:
            return self.returning_member.name
        return self.returning_name

    @property
    def signs(self) -> list[str]:
        return rules.split_lines(self.signs_of_change)


def _json(text: str, empty):
    try:
        value = json.loads(text) if text else empty
    except ValueError:
        return empty
    return value if isinstance(value, type(empty)) else empty


class Decision(models.Model):
    """One decision in a plan's history: a row per change, never edited."""

    class Choice(models.TextChoices):
        NOT_YET = rules.NOT_YET, _("Not yet")
        YES_WITH_CONDITIONS = rules.YES_WITH_CONDITIONS, _("Yes, with these conditions")
        NO_WITH_LOVE = rules.NO_WITH_LOVE, _("No, with love")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    decision = EncryptedTextField(_("decision"))
    note = EncryptedTextField(_("a note about it"), max_length=1000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"decision {self.pk}"

    @property
    def label(self) -> str:
        return dict(self.Choice.choices).get(self.decision, "")

    @property
    def circle_id(self):
        return self.plan.circle_id


class SupportPerson(models.Model):
    """Someone the member can reach in one tap when they need support."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = EncryptedTextField(_("name"), max_length=80, blank=True)
    reach = EncryptedTextField(_("phone, email or link"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"support person {self.pk}"

    @property
    def shown_name(self) -> str:
        return self.member.name if self.member_id else self.name

    @property
    def links(self) -> list[tuple[str, str]]:
        return rules.contact_links(self.reach)


class SupportPersonChange(models.Model):
    """A support person was added or removed: the kind of change and when, nothing else.

    Who they are and how to reach them are sealed on `SupportPerson`; this history keeps
    none of it, so it outlives a removal without keeping the contact.
    """

    class Change(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=10, choices=Change.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"support person {self.change}"


class Offer(models.Model):
    """A sign of change offered, with the author's consent, as a promise the person who
    reached out may take on. Only the author and that person ever see an offer; it names
    no plan. Until they join the circle, an offer waits on the invitation sent to them."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Taken on")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekdays", _("Once a week, on a set day")
        PER_WEEK = "per_week", _("A number of times each week")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="offers")
    to_member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = EncryptedTextField(_("what is offered"), max_length=SHORT_MAX)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(default=6)  # 0 = Monday
    times_per_week = models.PositiveSmallIntegerField(default=1)
    due_time = models.TimeField(default="20:00")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OFFERED)
    promise = models.ForeignKey(
        "ledger.Promise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"offer {self.pk}"
