"""Time to repair, as plain math over rupture spans.

No Django here on purpose: the numbers are pure functions of (spans, now), so they can be
tested without a database and explained in docs/repair-stats.md exactly as written.

Decisions, in the product's words:

- **Time to repair** is wall time from the moment a rupture was logged to the moment it was
  marked repaired. Pauses count: a paused repair is still an open rupture, and the time
  someone needed to calm down is part of the real time it took.
- **One span per rupture.** A rupture between three people is one rupture, repaired once,
  so it counts once however many parties it has. Callers build exactly one `RuptureSpan`
  per rupture.
- **Only repaired ruptures count towards medians.** Open, paused and "not now" ruptures are
  left out, so adding an open rupture never changes a median. `open_count` counts the ones
  still waiting (open or paused, not ended "not now").
- **Windows go by the repair moment.** `median_time_to_repair` looks at ruptures repaired in
  the last `days` days up to `now`; `monthly_medians` groups by the calendar month (in the
  time zone of `now`) in which the repair happened. Repairs later than `now` are not counted.
- With an even number of repairs the median is the mean of the two middle ones.
- A repair recorded before its own logging time (a clock out of step) counts as zero.
- The numbers are for the circle as a whole: nothing here is per member, on purpose —
  time to repair is an encouraging signal, never a league table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "MonthMedian",
    "RuptureSpan",
    "median",
    "median_time_to_repair",
    "monthly_medians",
    "open_count",
    "time_to_repair",
]

_ZERO = timedelta(0)


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class RuptureSpan:
    """One rupture, however many people were in it.

    `repaired_at` is None while the rupture is open or paused, and when it ended "not now".
    `ended` is True when it ended "not now" (no one is waiting on it any more). When
    `repaired_at` is set the rupture counts as repaired and `ended` is ignored.
    """

    logged_at: datetime
    repaired_at: datetime | None
    ended: bool = False

    def __post_init__(self) -> None:
        # Fail at construction rather than deep inside a chart when a naive datetime slips in.
        _aware(self.logged_at, "RuptureSpan.logged_at")
        if self.repaired_at is not None:
            _aware(self.repaired_at, "RuptureSpan.repaired_at")

    @property
    def repaired(self) -> bool:
        return self.repaired_at is not None


@dataclass(frozen=True)
class MonthMedian:
    """The median time to repair of the ruptures repaired in one calendar month."""

    month: date  # the first day of the month
    median: timedelta | None  # None when nothing was repaired that month
    repaired: int


def time_to_repair(span: RuptureSpan) -> timedelta | None:
    """Wall time from logging to repaired (pauses included); None when not repaired."""
    if span.repaired_at is None:
        return None
    return max(span.repaired_at - span.logged_at, _ZERO)


def median(durations: Iterable[timedelta]) -> timedelta | None:
    """The median of some durations; the mean of the two middle ones when even; None if empty."""
    ordered = sorted(durations)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    return low + (high - low) / 2


def median_time_to_repair(spans: Iterable[RuptureSpan], now: datetime, days: int = 90) -> timedelta | None:
    """Median time to repair of the ruptures repaired in the last `days` days (up to `now`).

    None when no rupture was repaired in that window.
    """
    _aware(now, "now")
    since = now - timedelta(days=days)
    return median(
        time_to_repair(span)
        for span in spans
        if span.repaired_at is not None and since < span.repaired_at <= now
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) - count
    return date(index // 12, index % 12 + 1, 1)


def monthly_medians(spans: Iterable[RuptureSpan], now: datetime, months: int = 12) -> list[MonthMedian]:
    """One `MonthMedian` per calendar month, the last `months` months up to `now`, oldest first.

    Months follow the time zone of `now` (pass a local `now` to group by local months). The
    current month is included, so far as it has gone; empty months are kept (median None) so a
    chart has an even rhythm.
    """
    _aware(now, "now")
    if months < 1:
        return []
    tz = now.tzinfo
    current = _month_start(now.date())
    first = _months_back(current, months - 1)
    by_month: dict[date, list[timedelta]] = defaultdict(list)
    for span in spans:
        if span.repaired_at is None or span.repaired_at > now:
            continue
        month = _month_start(span.repaired_at.astimezone(tz).date())
        if month >= first:
            by_month[month].append(time_to_repair(span))
    result = []
    for back in range(months - 1, -1, -1):
        month = _months_back(current, back)
        durations = by_month.get(month, [])
        result.append(MonthMedian(month=month, median=median(durations), repaired=len(durations)))
    return result


def open_count(spans: Iterable[RuptureSpan]) -> int:
    """How many ruptures are still waiting: not repaired and not ended "not now" (paused counts)."""
    return sum(1 for span in spans if span.repaired_at is None and not span.ended)
