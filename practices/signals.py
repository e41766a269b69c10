"""Receivers practices connects to signals of apps below it; connected in apps.py."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.adapters import two_factor_required
from practices.models import Practitioner


@receiver(two_factor_required)
def practitioners_keep_two_factor(sender, user, **kwargs) -> bool:
    """Two-step login is required for anyone working for a practice."""
    return Practitioner.objects.current().filter(user=user).exists()
