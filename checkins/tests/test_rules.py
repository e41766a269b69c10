"""The trend page's one-sentence reading and its picture, over plain weeks of counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from checkins.rules import CLEAR_CHANGE, Reading, read_states, sentence, state_shares

MONDAY = date(2026, 3, 2)


def weeks(*counts: dict) -> list[tuple[date, dict]]:
    """Weeks oldest first, ending with this week."""
    return [(MONDAY - timedelta(weeks=len(counts) - 1 - i), c) for i, c in enumerate(counts)]


def month_then_fortnight(before: dict, recent: dict, older: int = 4) -> list[tuple[date, dict]]:
    """`older` empty weeks, then the month before (four weeks of `before`), then two of `recent`."""
    return weeks(*[{}] * older, *[before] * 4, *[recent] * 2)


def test_no_check_ins_at_all_says_so():
    assert read_states(weeks(*[{}] * 26)) == Reading("none")


@pytest.mark.parametrize(
    "history",
    [
        month_then_fortnight({"settled": 2}, {"settled": 1}, older=0),  # two this fortnight: too few
        month_then_fortnight({}, {"settled": 3, "activated": 3}),  # nothing the month before
        weeks({"settled": 3}, {"activated": 5}),  # only two weeks shown
    ],
)
def test_too_little_to_compare_is_said_honestly(history):
    assert read_states(history).kind == "too_little"


def test_more_settled_check_ins_lately_read_as_calmer():
    reading = read_states(
        month_then_fortnight({"activated": 2, "settled": 1}, {"settled": 2, "activated": 1})
    )
    assert reading.kind == "calmer"
    assert (round(reading.recent, 2), round(reading.before, 2)) == (0.67, 0.33)


def test_fewer_settled_names_what_rose_more():
    edge = read_states(month_then_fortnight({"settled": 2, "shut_down": 1}, {"activated": 2, "shut_down": 1}))
    shut = read_states(month_then_fortnight({"settled": 2, "activated": 1}, {"shut_down": 2, "activated": 1}))
    assert (edge.kind, shut.kind) == ("on_edge", "shut_down")


def test_a_small_change_reads_as_about_the_same():
    # Half settled the month before, 6 of 10 lately: ten points, below a clear change.
    reading = read_states(
        month_then_fortnight({"settled": 5, "activated": 5}, {"settled": 3, "activated": 2}, older=0)
    )
    assert reading.kind == "steady" and reading.recent - reading.before < CLEAR_CHANGE


@given(
    before=st.lists(st.sampled_from(["settled", "activated", "shut_down"]), max_size=12),
    recent=st.lists(st.sampled_from(["settled", "activated", "shut_down"]), max_size=12),
)
def test_every_history_gets_a_reading_and_a_sentence(before, recent):
    def count(states):
        return {s: states.count(s) for s in set(states)}

    history = weeks(count(before), {}, {}, {}, count(recent), {})
    reading = read_states(history)
    assert reading.kind in {"none", "too_little", "calmer", "on_edge", "shut_down", "steady"}
    if len(before) >= 3 and len(recent) >= 3:
        assert reading.kind not in {"none", "too_little"}
    assert sentence(reading) and sentence(reading, "Alex")


def test_the_sentence_is_about_me_or_about_them():
    reading = Reading("calmer", 0.7, 0.25)
    assert sentence(reading) == (
        "You have been calmer than in the month before: 70% of your check-ins in the last two weeks "
        "were settled, against 25%."
    )
    assert sentence(reading, "Alex").startswith("Alex has been calmer than in the month before: 70%")
    assert "No check-ins from Alex shared with you" in sentence(Reading("none"), "Alex")


def test_the_sentence_in_spanish():
    with translation.override("es"):
        assert sentence(Reading("calmer", 0.7, 0.25)).startswith(
            "Has estado más en calma que el mes anterior"
        )
        assert "Todavía no hay registros suficientes" in sentence(Reading("too_little"))


def test_the_picture_is_each_states_share_with_gaps_for_empty_weeks():
    labels = {"settled": "Settled", "activated": "Activated", "shut_down": "Shut down"}
    series = state_shares(weeks({"settled": 1, "activated": 3}, {}), labels)
    assert [s.label for s in series] == ["Settled", "Activated", "Shut down"]
    assert [[value for _when, value in s.points] for s in series] == [[25, None], [75, None], [0, None]]
