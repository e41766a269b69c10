"""A member's own repair phrases and favourites.

Both are private to the member who made them: not entries shared through the Audience
mechanism but personal tools, like a notebook. Every query goes through `.of(member)`.
They belong to one membership, so they leave with it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.models import Member
from lib.fields import EncryptedTextField
from phrases.library import PURPOSES

TEXT_MAX = 300
OWN_MAX = 200  # per member: keeps the library page and the picker quick


class OwnedQuerySet(models.QuerySet):
    def of(self, member: Member | None):
        """Only ever the member's own rows: nobody else sees them, not even the professional."""
        if member is None:
            return self.none()
        return self.filter(member_id=member.pk)


class OwnPhrase(models.Model):
    """A phrase a member wrote for themselves, in their own words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="own_phrases")
    purpose = models.CharField(
        _("purpose"), max_length=20, blank=True, choices=[(key, key) for key in PURPOSES]
    )
    text = EncryptedTextField(_("your phrase"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("own phrase")
        verbose_name_plural = _("own phrases")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"own phrase {self.pk}"


class Favourite(models.Model):
    """A phrase a member keeps at the top: a built-in one (by id) or one of their own."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="favourite_phrases")
    builtin = models.CharField(max_length=40, blank=True)
    own = models.ForeignKey(OwnPhrase, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("favourite phrase")
        verbose_name_plural = _("favourite phrases")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(own__isnull=True) & ~Q(builtin="")) | (Q(own__isnull=False) & Q(builtin="")),
                name="favourite_is_builtin_or_own",
            ),
            models.UniqueConstraint(
                fields=["member", "builtin"], condition=~Q(builtin=""), name="one_favourite_per_builtin"
            ),
            models.UniqueConstraint(
                fields=["member", "own"], condition=Q(own__isnull=False), name="one_favourite_per_own"
            ),
        ]

    def __str__(self) -> str:
        return f"favourite {self.pk}"

    @property
    def key(self) -> str:
        return self.builtin or str(self.own_id)
