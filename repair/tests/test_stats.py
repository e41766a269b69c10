"""Time to repair: worked examples, then the promised properties."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair.rules.stats import (
    MonthMedian,
    RuptureSpan,
    median,
    median_time_to_repair,
    monthly_medians,
    open_count,
    time_to_repair,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def repaired(logged_days_ago: float, took: timedelta) -> RuptureSpan:
    logged = NOW - timedelta(days=logged_days_ago)
    return RuptureSpan(logged_at=logged, repaired_at=logged + took)


def open_(logged_days_ago: float = 1) -> RuptureSpan:
    return RuptureSpan(logged_at=NOW - timedelta(days=logged_days_ago), repaired_at=None)


def not_now(logged_days_ago: float = 1) -> RuptureSpan:
    return RuptureSpan(logged_at=NOW - timedelta(days=logged_days_ago), repaired_at=None, ended=True)


# --- time_to_repair ----------------------------------------------------------------


def test_time_to_repair_is_wall_time_from_logging_to_repaired():
    assert time_to_repair(repaired(3, 5 * H)) == 5 * H


def test_open_paused_and_not_now_ruptures_have_no_time_to_repair():
    assert time_to_repair(open_()) is None
    assert time_to_repair(not_now()) is None


def test_pauses_count_in_the_time_to_repair():
    # Logged Monday, paused for two days to calm down, repaired Thursday: three days.
    logged = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    span = RuptureSpan(logged_at=logged, repaired_at=logged + 3 * D)
    assert time_to_repair(span) == 3 * D


def test_a_repair_before_its_logging_time_counts_as_zero():
    span = RuptureSpan(logged_at=NOW, repaired_at=NOW - H)
    assert time_to_repair(span) == timedelta(0)


def test_repaired_wins_over_ended():
    span = RuptureSpan(logged_at=NOW - D, repaired_at=NOW, ended=True)
    assert time_to_repair(span) == D
    assert open_count([span]) == 0


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        RuptureSpan(logged_at=datetime(2026, 1, 1), repaired_at=None)
    with pytest.raises(ValueError, match="timezone-aware"):
        RuptureSpan(logged_at=NOW, repaired_at=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        median_time_to_repair([], datetime(2026, 1, 1))


# --- median_time_to_repair ---------------------------------------------------------


def test_empty_input_has_no_median():
    assert median_time_to_repair([], NOW) is None
    assert median([]) is None


def test_median_of_an_odd_number_is_the_middle_one():
    spans = [repaired(10, 1 * H), repaired(10, 9 * H), repaired(10, 4 * H)]
    assert median_time_to_repair(spans, NOW) == 4 * H


def test_median_of_an_even_number_is_the_mean_of_the_middle_two():
    spans = [repaired(10, 1 * H), repaired(10, 2 * H), repaired(10, 4 * H), repaired(10, 10 * H)]
    assert median_time_to_repair(spans, NOW) == 3 * H


def test_open_paused_and_not_now_ruptures_are_left_out_of_the_median():
    spans = [repaired(10, 2 * H), open_(1), open_(200), not_now(5)]
    assert median_time_to_repair(spans, NOW) == 2 * H


def test_only_open_ruptures_means_no_median_yet():
    assert median_time_to_repair([open_(), not_now()], NOW) is None


def test_the_window_goes_by_the_repair_moment():
    # Logged 100 days ago, repaired 20 days later: repaired 80 days ago, inside 90 days.
    inside = repaired(100, 20 * D)
    # Repaired 91 days ago: outside.
    outside = repaired(95, 4 * D)
    assert median_time_to_repair([inside, outside], NOW) == 20 * D
    assert median_time_to_repair([outside], NOW) is None
    assert median_time_to_repair([outside], NOW, days=120) == 4 * D


def test_window_edges_exactly_days_ago_is_out_and_now_is_in():
    edge = RuptureSpan(logged_at=NOW - 91 * D, repaired_at=NOW - 90 * D)
    at_now = RuptureSpan(logged_at=NOW - H, repaired_at=NOW)
    assert median_time_to_repair([edge], NOW) is None
    assert median_time_to_repair([at_now], NOW) == H


def test_repairs_after_now_are_not_counted():
    later = RuptureSpan(logged_at=NOW - H, repaired_at=NOW + H)
    assert median_time_to_repair([later], NOW) is None
    assert monthly_medians([later], NOW, months=1)[0].repaired == 0


def test_a_rupture_with_several_parties_counts_once():
    # Three people in one rupture, each finishing step 5 at a different time: the rupture is
    # repaired once (when the repair is marked repaired), so the caller builds one span.
    logged = NOW - 3 * D
    ruptures = {
        "alice-bob-carol": (logged, [logged + H, logged + 2 * H, logged + 6 * H]),
        "alice-bob": (logged, [logged + 2 * H, logged + 2 * H]),
    }
    spans = [RuptureSpan(logged_at=at, repaired_at=max(done)) for at, done in ruptures.values()]
    assert len(spans) == 2
    assert median_time_to_repair(spans, NOW) == 4 * H
    assert monthly_medians(spans, NOW, months=1)[0].repaired == 2


# --- open_count --------------------------------------------------------------------


def test_open_count_counts_open_and_paused_not_repaired_or_not_now():
    spans = [open_(), open_(30), not_now(), repaired(3, H)]
    assert open_count(spans) == 2
    assert open_count([]) == 0


# --- monthly_medians ---------------------------------------------------------------


def test_monthly_medians_cover_the_last_months_oldest_first_with_empty_months():
    months = monthly_medians([], NOW, months=3)
    assert months == [
        MonthMedian(date(2026, 1, 1), None, 0),
        MonthMedian(date(2026, 2, 1), None, 0),
        MonthMedian(date(2026, 3, 1), None, 0),
    ]
    assert len(monthly_medians([], NOW)) == 12
    assert monthly_medians([], NOW)[0].month == date(2025, 4, 1)
    assert monthly_medians([], NOW, months=0) == []


def test_monthly_medians_cross_the_year():
    now = datetime(2026, 1, 5, tzinfo=UTC)
    assert [m.month for m in monthly_medians([], now, months=3)] == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]


def test_month_boundaries_go_by_the_repair_moment():
    last_of_feb = datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC)
    first_of_march = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    spans = [
        RuptureSpan(logged_at=last_of_feb - 2 * H, repaired_at=last_of_feb),
        RuptureSpan(logged_at=last_of_feb - H, repaired_at=first_of_march),  # logged Feb, repaired Mar
        RuptureSpan(logged_at=first_of_march, repaired_at=first_of_march + 5 * H),
    ]
    feb, mar = monthly_medians(spans, NOW, months=2)
    assert feb == MonthMedian(date(2026, 2, 1), 2 * H, 1)
    assert mar.month == date(2026, 3, 1)
    assert mar.repaired == 2
    assert mar.median == (H + timedelta(seconds=1) + 5 * H) / 2


def test_months_follow_the_time_zone_of_now():
    # 23:30 UTC on 28 Feb is already 1 March in UTC+2.
    plus_two = timezone(timedelta(hours=2))
    at = datetime(2026, 2, 28, 23, 30, tzinfo=UTC)
    span = RuptureSpan(logged_at=at - H, repaired_at=at)
    feb_utc, mar_utc = monthly_medians([span], NOW, months=2)
    assert (feb_utc.repaired, mar_utc.repaired) == (1, 0)
    feb_local, mar_local = monthly_medians([span], NOW.astimezone(plus_two), months=2)
    assert (feb_local.repaired, mar_local.repaired) == (0, 1)


def test_repairs_older_than_the_months_shown_are_left_out():
    old = RuptureSpan(logged_at=NOW - 400 * D, repaired_at=NOW - 399 * D)
    assert sum(m.repaired for m in monthly_medians([old], NOW)) == 0


def test_open_ruptures_do_not_appear_in_months():
    months = monthly_medians([open_(), not_now(), repaired(2, H)], NOW, months=1)
    assert months == [MonthMedian(date(2026, 3, 1), H, 1)]


# --- properties --------------------------------------------------------------------

seconds = st.integers(min_value=0, max_value=200 * 24 * 3600)
repaired_spans = st.builds(
    lambda ago, took: RuptureSpan(
        logged_at=NOW - timedelta(seconds=ago),
        repaired_at=NOW - timedelta(seconds=ago) + timedelta(seconds=min(took, ago)),
    ),
    seconds,
    seconds,
)
open_spans = st.builds(
    lambda ago, ended: RuptureSpan(logged_at=NOW - timedelta(seconds=ago), repaired_at=None, ended=ended),
    seconds,
    st.booleans(),
)
any_spans = st.lists(st.one_of(repaired_spans, open_spans), max_size=30)


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40))
def test_median_lies_between_min_and_max(values):
    durations = [timedelta(seconds=v) for v in values]
    assert min(durations) <= median(durations) <= max(durations)


@given(any_spans)
def test_window_median_lies_between_the_shortest_and_longest_counted_repair(spans):
    result = median_time_to_repair(spans, NOW)
    counted = [time_to_repair(s) for s in spans if s.repaired_at is not None and s.repaired_at > NOW - 90 * D]
    if not counted:
        assert result is None
    else:
        assert min(counted) <= result <= max(counted)


@given(any_spans, st.randoms(use_true_random=False))
def test_order_of_input_does_not_matter(spans, rnd: random.Random):
    shuffled = list(spans)
    rnd.shuffle(shuffled)
    assert median_time_to_repair(shuffled, NOW) == median_time_to_repair(spans, NOW)
    assert monthly_medians(shuffled, NOW) == monthly_medians(spans, NOW)
    assert open_count(shuffled) == open_count(spans)


@given(any_spans, open_spans)
def test_adding_an_open_rupture_never_changes_a_median(spans, extra):
    more = [*spans, extra]
    assert median_time_to_repair(more, NOW) == median_time_to_repair(spans, NOW)
    assert monthly_medians(more, NOW) == monthly_medians(spans, NOW)
    assert open_count(more) == open_count(spans) + (0 if extra.ended else 1)


@given(any_spans)
def test_monthly_counts_add_up_to_the_repairs_in_those_months(spans):
    months = monthly_medians(spans, NOW)
    first = datetime(2025, 4, 1, tzinfo=UTC)
    inside = [s for s in spans if s.repaired_at is not None and first <= s.repaired_at <= NOW]
    assert sum(m.repaired for m in months) == len(inside)
    assert all((m.median is None) == (m.repaired == 0) for m in months)
