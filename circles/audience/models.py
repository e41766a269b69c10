"""The entry base and its queryset: where visibility is decided in the database.

`AudienceQuerySet.visible_to(member)` is the only place; `policy.may_see` states the
same rule over plain data and is the oracle the tests compare against.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.consent.queries import SEES_TRENDS, scopes_covering
from circles.models import Circle, Member, StepAway


class Audience(models.TextChoices):
    ONLY_ME = "only_me", _("Only me")
    CHOSEN = "chosen", _("Members I choose")
    CIRCLE = "circle", _("The whole circle")


def professional_clause(member: Member, category: str) -> Q:
    """What the professional `member` may see of others' entries of `category`, besides
    the time rules (circles/consent: a member's recorded consent).

    Entries shared beyond "only me" with the per-entry flag set (the author shared it
    with the professional), whose author has a consent in force that names this
    professional and covers `category` at the level of entries, for an entry made within
    the consent's data range (`data_from` … `data_to`). Revoked, replaced and expired
    consents cover nothing, from the next query on.
    """
    covered = scopes_covering(member, category)
    return Q(professional_may_see=True) & ~Q(audience=Audience.ONLY_ME) & Exists(covered)


class AudienceQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None):
        """Entries of the member's circle that this member may see."""
        if member is None or member.left_at is not None:
            return self.none()
        own = Q(author_id=member.pk)
        after_joining = Q(created_at__gte=member.joined_at)
        if member.role == Member.Role.PROFESSIONAL:
            # The consent's data range decides how far back: from the day of signing unless
            # the member chose an earlier day (CLINICAL.md, "no history unless chosen").
            shared = professional_clause(member, self.model.consent_category)
        else:
            chosen = self.model.chosen.through.objects.filter(
                **{self.model.chosen_link_field(): OuterRef("pk")}, member_id=member.pk
            )
            shared = Q(audience=Audience.CIRCLE) & after_joining | Q(audience=Audience.CHOSEN) & Exists(
                chosen
            )
        # Nothing made (or last shared) while the viewer or the author had stepped away
        # crosses between them; sharing it again after coming back is a new, explicit act.
        moment = Coalesce(OuterRef("shared_at"), OuterRef("created_at"))
        apart = StepAway.objects.filter(
            Q(member_id=member.pk) | Q(member_id=OuterRef("author_id")),
            started_at__lte=moment,
        ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        return self.filter(circle_id=member.circle_id).filter(own | (shared & ~Exists(apart)))

    def counted_for(self, professional: Member | None, at=None):
        """The entries a professional's trends and scores may be computed from: never to
        be listed or shown, only counted (circles.consent, "trends only").

        Entries of the professional's circle by other members, not kept to "only me",
        whose author has a consent in force naming
        the professional that covers the kind's category at "trends only" or above, for
        an entry made within the consent's data range. The per-entry flag is not needed:
        the member chose trends for the whole category.
        """
        if professional is None or professional.left_at is not None or not professional.is_professional:
            return self.none()
        covered = scopes_covering(professional, self.model.consent_category, levels=SEES_TRENDS, at=at)
        return (
            self.filter(circle_id=professional.circle_id)
            .exclude(author_id=professional.pk)
            .exclude(audience=Audience.ONLY_ME)
            .filter(Exists(covered))
        )

    def authored_by(self, member: Member):
        return self.filter(author_id=member.pk)


class AudienceEntry(models.Model):
    """Base for every kind of entry a member records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(
        _("who can see this"), max_length=10, choices=Audience.choices, default=Audience.ONLY_ME
    )
    chosen = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("chosen members"))
    professional_may_see = models.BooleanField(_("the circle’s professional may see this"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When its audience was last chosen; decides, with step-away periods, what crosses.
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = AudienceQuerySet.as_manager()

    # Which consent category covers this kind of entry (circles.consent.categories).
    consent_category: str = ""

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def save(self, *args, **kwargs):
        if self.audience == Audience.ONLY_ME:
            # Private means private, even from the professional.
            self.professional_may_see = False
        super().save(*args, **kwargs)

    @classmethod
    def chosen_link_field(cls) -> str:
        """Name of the through table's column pointing back at this entry."""
        return f"{cls._meta.model_name}_id"

    def set_audience(self, audience: str, chosen=(), professional_may_see: bool = False) -> None:
        """Change who can see this entry. Chosen members must be reachable in its circle."""
        self.audience = audience
        self.professional_may_see = professional_may_see and audience != Audience.ONLY_ME
        self.shared_at = max(timezone.now(), self.created_at)
        self.save(update_fields=["audience", "professional_may_see", "shared_at", "updated_at"])
        allowed = Member.objects.choosable_by(self.author)
        picked = [m.pk for m in chosen] if audience == Audience.CHOSEN else []
        self.chosen.set(allowed.filter(pk__in=picked))
