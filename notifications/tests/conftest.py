"""Shared helpers for notification tests: a controlled clock and preferences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from circles.models import Member
from notifications.models import Preferences


@pytest.fixture
def at(cast, time_machine):
    """Move the clock; the cast joined long before any date the tests use."""
    Member.objects.filter(circle=cast.circle).update(joined_at=datetime(2020, 1, 1, tzinfo=UTC))

    def _at(moment: datetime) -> datetime:
        time_machine.move_to(moment, tick=False)
        return moment

    return _at


@pytest.fixture
def prefs():
    """Save notification preferences for a member, in their own time zone."""

    def _prefs(member, *, time_zone="UTC", **values) -> Preferences:
        member.user.time_zone = time_zone
        member.user.save(update_fields=["time_zone"])
        saved, _created = Preferences.objects.update_or_create(user=member.user, defaults=values)
        return saved

    return _prefs
