"""Sending notifications: one function every feature calls."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from notifications.models import Notification, Preferences


def preferences_for(user) -> Preferences:
    prefs = getattr(user, "notification_preferences", None)
    return prefs if prefs is not None else Preferences(user=user)


def in_quiet_hours(local_now: time, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in quiet hours (which may run past midnight)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_now < end
    return local_now >= start or local_now < end


def quiet_hours_end(now: datetime, prefs: Preferences, time_zone: str) -> datetime:
    """`now`, or the end of the quiet hours `now` falls in, as a UTC instant."""
    zone = zoneinfo.ZoneInfo(time_zone)
    local = now.astimezone(zone)
    if not in_quiet_hours(local.time(), prefs.quiet_start, prefs.quiet_end):
        return now
    end_day = local.date() if local.time() < prefs.quiet_end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, prefs.quiet_end, tzinfo=zone).astimezone(UTC)


def notify(user, kind: str, url: str, *, circle_id=None, now: datetime | None = None) -> Notification | None:
    """Tell a person something is waiting for them, unless they switched this kind off."""
    now = now or timezone.now()
    prefs = preferences_for(user)
    if kind in (prefs.muted_kinds or []):
        return None
    email_due = quiet_hours_end(now, prefs, user.time_zone) if prefs.email else None
    return Notification.objects.create(
        user=user, circle_id=circle_id, kind=kind, url=url, created_at=now, email_due_at=email_due
    )
