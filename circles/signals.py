"""Receivers circles connects to signals of apps below it; connected in apps.py."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.adapters import two_factor_required
from circles.models import Member


@receiver(two_factor_required)
def professionals_keep_two_factor(sender, user, **kwargs) -> bool:
    """Two-step login is required for anyone working as a professional in a circle."""
    return Member.objects.current().filter(user=user, role=Member.Role.PROFESSIONAL).exists()
