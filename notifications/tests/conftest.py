"""Shared helpers for notification tests: preferences (the clock, `at`, is in the root conftest)."""

from __future__ import annotations

import pytest

from notifications.models import Preferences


@pytest.fixture
def prefs():
    """Save notification preferences for a member, in their own time zone."""

    def _prefs(member, *, time_zone="UTC", **values) -> Preferences:
        member.user.time_zone = time_zone
        member.user.save(update_fields=["time_zone"])
        saved, _created = Preferences.objects.update_or_create(user=member.user, defaults=values)
        return saved

    return _prefs
