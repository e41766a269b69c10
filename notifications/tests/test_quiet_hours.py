"""Quiet hours: plain times, hours past midnight, and days when the clocks change."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from notifications.logic import in_quiet_hours, notify, quiet_hours_end
from notifications.models import Kind, Notification, Preferences

NIGHT = (time(22, 0), time(7, 0))
AFTERNOON = (time(13, 0), time(15, 0))


@pytest.mark.parametrize(
    ("now", "quiet", "expected"),
    [
        (time(23, 30), NIGHT, True),
        (time(3, 0), NIGHT, True),
        (time(22, 0), NIGHT, True),
        (time(7, 0), NIGHT, False),
        (time(12, 0), NIGHT, False),
        (time(14, 0), AFTERNOON, True),
        (time(15, 0), AFTERNOON, False),
        (time(12, 59), AFTERNOON, False),
        (time(3, 0), (None, None), False),
        (time(3, 0), (time(3, 0), time(3, 0)), False),
    ],
)
def test_in_quiet_hours(now, quiet, expected):
    assert in_quiet_hours(now, *quiet) is expected


def _quiet(start, end) -> Preferences:
    return Preferences(quiet_start=start, quiet_end=end)


def test_outside_quiet_hours_the_end_is_now():
    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    assert quiet_hours_end(now, _quiet(*NIGHT), "UTC") == now


def test_quiet_hours_past_midnight_end_the_next_morning():
    late = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)
    assert quiet_hours_end(late, _quiet(*NIGHT), "UTC") == datetime(2026, 5, 5, 7, 0, tzinfo=UTC)


def test_quiet_hours_after_midnight_end_the_same_morning():
    early = datetime(2026, 5, 5, 3, 0, tzinfo=UTC)
    assert quiet_hours_end(early, _quiet(*NIGHT), "UTC") == datetime(2026, 5, 5, 7, 0, tzinfo=UTC)


def test_quiet_hours_end_at_7_local_on_the_night_the_clocks_go_forward():
    # 22:30 EST on 7 March 2026; the US clocks go forward that night, so 07:00 is EDT.
    night = datetime(2026, 3, 8, 3, 30, tzinfo=UTC)
    end = quiet_hours_end(night, _quiet(*NIGHT), "America/New_York")
    assert end == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)


def test_quiet_hours_end_at_7_local_on_the_night_the_clocks_go_back():
    # 23:30 EDT on 31 October 2026; the clocks go back that night, so 07:00 is EST.
    night = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    end = quiet_hours_end(night, _quiet(*NIGHT), "America/New_York")
    assert end == datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_an_unknown_time_zone_counts_as_utc():
    late = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)
    assert quiet_hours_end(late, _quiet(*NIGHT), "Mars/Olympus") == datetime(2026, 5, 5, 7, 0, tzinfo=UTC)


def test_a_notification_in_quiet_hours_is_kept_and_its_email_waits(cast, at, prefs):
    prefs(cast.bob, time_zone="America/New_York", quiet_start=time(22, 0), quiet_end=time(7, 0))
    now = at(datetime(2026, 3, 8, 3, 30, tzinfo=UTC))
    notification = notify(cast.bob.user, Kind.CONFIRM_WAITING, "/circles/", now=now)
    assert notification is not None
    assert notification.email_due_at == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)


def test_a_notification_outside_quiet_hours_is_emailed_straight_away(cast, at, prefs):
    prefs(cast.bob, time_zone="America/New_York", quiet_start=time(22, 0), quiet_end=time(7, 0))
    now = at(datetime(2026, 3, 8, 17, 0, tzinfo=UTC))
    notification = notify(cast.bob.user, Kind.CONFIRM_WAITING, "/circles/", now=now)
    assert notification.email_due_at == now


def test_a_muted_kind_is_not_created(cast, at, prefs):
    prefs(cast.bob, muted_kinds=[Kind.CONFIRM_WAITING])
    assert notify(cast.bob.user, Kind.CONFIRM_WAITING, "/circles/") is None
    assert notify(cast.bob.user, Kind.RENEGOTIATED, "/circles/") is not None
    assert list(Notification.objects.filter(user=cast.bob.user).values_list("kind", flat=True)) == [
        Kind.RENEGOTIATED
    ]


def test_with_email_off_no_email_is_due(cast, prefs):
    prefs(cast.bob, email=False)
    assert notify(cast.bob.user, Kind.CONFIRM_WAITING, "/circles/").email_due_at is None
