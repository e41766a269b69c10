from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from circles.audience import AudienceEntry, AudienceQuerySet
from circles.consent.categories import Category
from circles.models import Member
from lib.fields import EncryptedTextField
from safety.logic import flagged_by

TEXT_MAX = 1000


class AppreciationQuerySet(AudienceQuerySet):
    def visible_to(self, member: Member | None):
        """As every entry, except that thanks to `member` from someone `member` said they are
        not safe with never reach `member`. The author is not told (safety/logic.py)."""
        visible = super().visible_to(member)
        if member is None:
            return visible
        return visible.exclude(to_member_id=member.pk, author_id__in=flagged_by(member))


class Appreciation(AudienceEntry):
    """A short note of thanks from one member to another member, or to the circle."""

    consent_category = Category.APPRECIATIONS

    to_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appreciations_received",
        verbose_name=_("who you are thanking"),
        help_text=_("Leave empty to thank the whole circle."),
    )
    text = EncryptedTextField(_("what you appreciate"), max_length=TEXT_MAX)

    objects = AppreciationQuerySet.as_manager()

    class Meta(AudienceEntry.Meta):
        verbose_name = _("appreciation")
        verbose_name_plural = _("appreciations")

    def __str__(self) -> str:
        return f"appreciation {self.pk}"
