"""When a promise falls due: pure functions over dates, times and time zones.

A due time is a local wall-clock time in the promiser's time zone, so "19:00" stays
19:00 on both sides of a daylight-saving change; it is stored in UTC.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class Rule:
    """One schedule version, as plain data."""

    frequency: str  # once | daily | weekdays | per_week
    due_time: time
    time_zone: str
    starts_on: date
    ends_on: date | None = None
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    times_per_week: int = 1


def local_due(day: date, at: time, time_zone: str) -> datetime:
    """The UTC instant of a local wall-clock time on a given day."""
    local = datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(UTC)


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def due_days(rule: Rule, start: date, end: date) -> list[tuple[date, int]]:
    """(local due date, slot) pairs of the rule that fall within [start, end]."""
    first = max(start, rule.starts_on)
    last = min(end, rule.ends_on) if rule.ends_on else end
    if first > last:
        return []
    if rule.frequency == "once":
        return [(rule.starts_on, 0)] if first <= rule.starts_on <= last else []
    if rule.frequency == "daily":
        return [(day, 0) for day in _days(first, last)]
    if rule.frequency == "weekdays":
        return [(day, 0) for day in _days(first, last) if day.weekday() in rule.weekdays]
    return _weekly_slots(rule, first, last)


def _weekly_slots(rule: Rule, first: date, last: date) -> list[tuple[date, int]]:
    """'N times a week' falls due at the end of each week (Sunday, or the last day)."""
    out = []
    for day in _days(first, last):
        week_end = day + timedelta(days=6 - day.weekday())
        closes = min(week_end, rule.ends_on) if rule.ends_on else week_end
        if day == closes:
            out.extend((day, slot) for slot in range(rule.times_per_week))
    return out


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
