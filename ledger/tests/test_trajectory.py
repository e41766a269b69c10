"""The trajectory score: worked numbers from docs/trajectory.md, then its promised properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.rules.trajectory import (
    HALF_LIFE_DAYS,
    HORIZON_DAYS,
    OUTCOMES,
    Event,
    Tally,
    explain,
    recent_run,
    score,
    series,
    weight,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HORIZON = timedelta(days=HORIZON_DAYS)
HORIZON_SECONDS = int(HORIZON.total_seconds())


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def daily(outcome: str, days: int, *, start: int = 0) -> list[Event]:
    return [Event(ago(d), outcome) for d in range(start, start + days)]


# --- worked numbers (the same as docs/trajectory.md) -------------------------------


def test_no_events_means_not_enough_yet():
    assert score([], NOW) is None


def test_one_confirmed_keep_today_scores_two_thirds():
    assert score([Event(NOW, "kept_confirmed")], NOW) == pytest.approx(66.67, abs=0.005)


def test_one_miss_today_scores_one_third_not_zero():
    assert score([Event(NOW, "missed")], NOW) == pytest.approx(33.33, abs=0.005)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("kept_confirmed", 66.67),
        ("kept", 63.64),
        ("renegotiated", 60.0),
        ("disputed", 50.0),
        ("missed_owned", 45.45),
        ("missed", 33.33),
    ],
)
def test_a_single_outcome_scores_as_documented(outcome, expected):
    assert score([Event(NOW, outcome)], NOW) == pytest.approx(expected, abs=0.005)


def test_an_event_28_days_old_weighs_half_of_one_today():
    assert weight(HALF_LIFE_DAYS) == 0.5
    old, new = explain([Event(ago(28), "kept")], NOW), explain([Event(NOW, "kept")], NOW)
    assert old.lines[0].credit == pytest.approx(new.lines[0].credit / 2)


def test_a_recent_keep_outweighs_an_older_miss():
    assert score([Event(NOW, "kept_confirmed"), Event(ago(28), "missed")], NOW) == pytest.approx(60.0)


def test_a_recent_miss_outweighs_an_older_keep():
    assert score([Event(NOW, "missed"), Event(ago(28), "kept_confirmed")], NOW) == pytest.approx(40.0)


def test_a_week_of_daily_keeping_scores_about_87():
    assert score(daily("kept", 7), NOW) == pytest.approx(86.95, abs=0.005)


def test_four_weekly_keeps_score_about_83():
    events = [Event(ago(7 * week), "kept") for week in range(4)]
    assert score(events, NOW) == pytest.approx(83.23, abs=0.005)


def test_one_miss_after_a_long_run_keeps_the_score_high():
    assert score([*daily("kept", 399, start=1), Event(NOW, "missed")], NOW) == pytest.approx(96.74, abs=0.005)


def test_owning_the_miss_counts_for_more_than_saying_nothing():
    history = daily("kept", 399, start=1)
    owned = score([*history, Event(NOW, "missed_owned")], NOW)
    silent = score([*history, Event(NOW, "missed")], NOW)
    assert owned == pytest.approx(98.35, abs=0.005)
    assert owned > silent


def test_events_at_the_horizon_count_and_older_ones_do_not():
    assert score([Event(NOW - HORIZON, "missed")], NOW) is not None
    assert score([Event(NOW - HORIZON - timedelta(seconds=1), "missed")], NOW) is None


def test_events_after_now_do_not_count():
    assert score([Event(NOW + timedelta(seconds=1), "kept")], NOW) is None


def test_with_the_history_start_given_an_old_keep_raises_the_score():
    # The prior sits where the history began, so a keep recorded anywhere in it helps.
    start = ago(200)
    before = score([Event(NOW, "missed")], NOW, since=start)
    after = score([Event(NOW, "missed"), Event(ago(200), "kept")], NOW, since=start)
    assert after > before


def test_without_the_history_start_the_oldest_event_anchors_the_prior():
    # Callers must pass `since`; without it an older keep moves the prior back.
    before = score([Event(NOW, "missed")], NOW)
    after = score([Event(NOW, "missed"), Event(ago(200), "kept")], NOW)
    assert after < before


def test_events_must_be_scored_outcomes_at_aware_instants():
    with pytest.raises(ValueError, match="outcome"):
        Event(NOW, "pending")
    with pytest.raises(ValueError, match="timezone"):
        Event(datetime(2025, 6, 1, 12), "kept")
    with pytest.raises(ValueError, match="count"):
        Event(NOW, "kept", count=0)


# --- explain -------------------------------------------------------------------------


def test_explain_lists_each_outcome_once_most_influential_first():
    events = [Event(NOW, "kept_confirmed"), Event(ago(1), "kept_confirmed"), Event(ago(28), "missed")]
    why = explain(events, NOW)
    assert [line.outcome for line in why.lines] == ["kept_confirmed", "missed"]
    assert why.lines[0].count == 2
    assert why.lines[1].debit == pytest.approx(0.5)
    assert why.prior_weight == pytest.approx(0.5)
    assert why.score == score(events, NOW)


def test_explain_shares_and_the_prior_add_up_to_everything():
    why = explain([Event(NOW, "kept_confirmed"), Event(ago(28), "missed")], NOW)
    assert [line.share for line in why.lines] == pytest.approx([0.4, 0.2])
    assert why.prior_share + sum(line.share for line in why.lines) == pytest.approx(1.0)


def test_explain_with_nothing_counted_has_no_lines():
    why = explain([Event(ago(HORIZON_DAYS + 1), "kept")], NOW)
    assert (why.score, why.prior_weight, why.lines, why.prior_share) == (None, 0.0, (), 0.0)


def test_explain_counts_multiplied_events():
    why = explain([Event(NOW, "kept", count=3)], NOW)
    assert (why.lines[0].count, why.lines[0].credit) == (3, pytest.approx(2.25))


# --- recent_run ----------------------------------------------------------------------


def test_a_run_counts_back_from_the_newest_until_a_break():
    assert recent_run(["kept", "kept_confirmed", "kept", "missed", "kept"]) == 3


def test_renegotiating_ahead_does_not_break_a_run():
    assert recent_run(["kept", "renegotiated", "kept_confirmed", "kept", "kept"]) == 5


@pytest.mark.parametrize("breaker", ["missed", "missed_owned", "disputed"])
def test_a_miss_or_dispute_ends_the_run(breaker):
    assert recent_run([breaker, "kept", "kept"]) == 0


def test_no_outcomes_is_no_run():
    assert recent_run([]) == 0


def test_a_run_refuses_unknown_outcomes():
    with pytest.raises(ValueError, match="pending"):
        recent_run(["kept", "pending"])


# --- series --------------------------------------------------------------------------


def test_series_scores_each_point_with_only_what_had_happened_by_then():
    events = [Event(ago(60), "missed"), Event(ago(30), "kept_confirmed"), Event(NOW, "kept")]
    points = [ago(90), ago(60), ago(30), NOW]
    result = series(events, points)
    assert [p for p, _ in result] == points
    assert result[0][1] is None
    assert result[1][1] == pytest.approx(33.33, abs=0.005)
    assert [s for _, s in result] == [score(events, p) for p in points]


def test_series_of_a_few_thousand_events_agrees_with_score():
    outcomes = [OUTCOMES[i % len(OUTCOMES)] for i in range(3000)]
    events = [Event(ago(i / 3), o) for i, o in enumerate(outcomes)]
    points = [ago(30 * month) for month in range(36)]
    assert series(events, points) == [(p, score(events, p)) for p in points]


# --- properties ----------------------------------------------------------------------

outcomes = st.sampled_from(OUTCOMES)
within = st.integers(0, HORIZON_SECONDS).map(lambda s: NOW - timedelta(seconds=s))
anywhere = st.integers(-30 * 86400, HORIZON_SECONDS + 60 * 86400).map(lambda s: NOW - timedelta(seconds=s))
histories = st.lists(st.builds(Event, at=anywhere, outcome=outcomes, count=st.integers(1, 5)), max_size=40)
counted_histories = st.lists(
    st.builds(Event, at=within, outcome=outcomes, count=st.integers(1, 5)), max_size=40
)


@given(histories)
def test_the_score_stays_between_0_and_100(events):
    value = score(events, NOW)
    assert value is None or 0 <= value <= 100


@given(counted_histories, st.sampled_from(["kept", "kept_confirmed"]), st.data())
def test_adding_a_keep_never_lowers_the_score(events, outcome, data):
    # Anywhere in the history, which began at `start` (the prior's anchor).
    start = min((e.at for e in events), default=NOW - HORIZON)
    start -= timedelta(seconds=data.draw(st.integers(0, 90 * 86400)))
    # Within the history and within the horizon (older keeps are not counted at all).
    age = data.draw(st.integers(0, int(min(NOW - start, HORIZON).total_seconds())))
    before = score(events, NOW, since=start)
    after = score([*events, Event(NOW - timedelta(seconds=age), outcome)], NOW, since=start)
    assert after is not None
    # The tolerance only absorbs float summation order; real gains are far larger.
    assert after > 50 if before is None else after >= before - 1e-9


@given(st.integers(400, 800), st.sampled_from(["kept", "kept_confirmed"]), st.integers(0, 86399))
def test_a_long_daily_run_scores_at_least_99(days, outcome, second):
    now = NOW + timedelta(seconds=second)
    events = [Event(now - timedelta(days=d), outcome) for d in range(days)]
    assert score(events, now) >= 99


@given(histories, st.randoms(use_true_random=False))
def test_the_same_history_in_any_order_scores_the_same(events, rng):
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert score(shuffled, NOW) == score(events, NOW)


credited = st.builds(Event, at=within, outcome=st.sampled_from([o for o in OUTCOMES if o != "missed"]))


@given(counted_histories, credited, within)
def test_one_miss_never_brings_a_score_with_credit_to_zero(events, credit, at):
    assert score([*events, credit, Event(at, "missed")], NOW) > 0


@given(histories, st.integers(-3650 * 86400, 3650 * 86400))
def test_moving_now_and_every_event_together_changes_nothing(events, shift_seconds):
    shift = timedelta(seconds=shift_seconds)
    moved = [Event(e.at + shift, e.outcome, e.count) for e in events]
    assert score(moved, NOW + shift) == score(events, NOW)


@given(counted_histories, st.data())
def test_while_nothing_new_happens_the_score_is_frozen(events, data):
    # A paused promise adds no events; until its oldest event passes the horizon,
    # every weight fades by the same factor and the score stays where it was.
    oldest = min((e.at for e in events), default=NOW)
    room = int((HORIZON - (NOW - oldest)).total_seconds())
    later = NOW + timedelta(seconds=data.draw(st.integers(0, room)))
    before, after = score(events, NOW), score(events, later)
    assert after == before if before is None else after == pytest.approx(before, rel=1e-9)


@given(
    st.lists(st.builds(Event, at=anywhere, outcome=outcomes, count=st.integers(1, 3)), max_size=60),
    st.lists(anywhere, max_size=36),
)
def test_series_agrees_with_score_at_every_point(events, points):
    assert series(events, points) == [(p, score(events, p)) for p in points]


# --- the per-instant tally the pages use gives exactly the same numbers --------------


def one_per_instant_and_outcome(events: list[Event]) -> list[Event]:
    """As the database gives them: at most one (counted) event per instant and outcome."""
    kept: dict[tuple[datetime, str], Event] = {}
    for event in events:
        kept.setdefault((event.at, event.outcome), event)
    return list(kept.values())


day_instants = st.integers(-30, HORIZON_DAYS + 400).map(
    lambda d: datetime(2025, 5, 31, tzinfo=UTC) - timedelta(days=d)
)
daily_histories = st.lists(
    st.builds(Event, at=day_instants, outcome=outcomes, count=st.integers(1, 9)), max_size=80
).map(one_per_instant_and_outcome)
maybe_since = st.none() | anywhere


@given(daily_histories, maybe_since, st.lists(anywhere, max_size=14))
def test_the_tally_equals_the_pure_functions_on_the_same_history(events, since, points):
    tally = Tally.of(events, since)
    assert tally.score(NOW) == score(events, NOW, since)
    assert tally.explain(NOW) == explain(events, NOW, since)
    assert tally.series(points) == series(events, points, since)


@given(histories, maybe_since)
def test_the_tally_agrees_when_one_instant_has_several_events_of_one_outcome(events, since):
    expected, value = score(events, NOW, since), Tally.of(events, since).score(NOW)
    assert value == expected if expected is None else value == pytest.approx(expected, rel=1e-12)


def test_the_tally_of_five_years_of_daily_history_equals_the_pure_functions():
    outcomes_cycle = [OUTCOMES[(i * 7) % len(OUTCOMES)] for i in range(5 * 365)]
    events = [Event(ago(d), o, 1 + d % 3) for d, o in enumerate(outcomes_cycle)]
    events += [
        Event(ago(d), "kept_confirmed", 2)
        for d in range(0, 5 * 365, 2)
        if outcomes_cycle[d] != "kept_confirmed"
    ]
    since = ago(5 * 365 + 3)
    tally = Tally.of(events, since)
    points = [ago(30 * month) for month in range(60)]
    assert tally.series(points) == series(events, points, since)
    assert tally.explain(NOW) == explain(events, NOW, since)


def test_a_tally_grows_oldest_first_with_a_count_per_outcome():
    tally = Tally()
    tally.append(ago(2), [1, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError):
        tally.append(ago(3), [1, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError):
        tally.append(ago(1), [1, 0])
    with pytest.raises(ValueError):
        tally.append(ago(1).replace(tzinfo=None), [1, 0, 0, 0, 0, 0])
    assert not Tally() and tally
    tally.append(ago(1), [0, 0, 0, 0, 0, 0])  # nothing answered then: no event
    assert tally.events() == [Event(ago(2), OUTCOMES[0])]
    assert tally.score(NOW) == score(tally.events(), NOW)
    assert Tally().score(NOW) is None and Tally().explain(NOW).lines == ()
