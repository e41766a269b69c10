"""Reliable change by each instrument's published threshold, and the trend word after three results."""

from __future__ import annotations

import pytest

from measures.catalogue import instrument, parse
from measures.scoring import (
    DETERIORATED,
    IMPROVED,
    IMPROVING,
    NO_RELIABLE_CHANGE,
    NO_THRESHOLD,
    STEADY,
    WORSENING,
    change,
    score,
    trend,
)
from measures.tests.builders import tiny_instrument


def totalling(instrument_id, total):
    found = instrument(instrument_id)
    answers = {}
    for item in found.scored_items:
        answers[item.number] = min(item.highest, max(item.lowest, total))
        total -= answers[item.number]
    return score(found, answers)


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        (16, 10, IMPROVED),
        (16, 11, NO_RELIABLE_CHANGE),
        (10, 15, NO_RELIABLE_CHANGE),
        (10, 16, DETERIORATED),
        (12, 12, NO_RELIABLE_CHANGE),
    ],
)
def test_phq9_reliable_change_is_6_points(before, after, direction):
    result = change(instrument("phq9"), totalling("phq9", before), totalling("phq9", after))
    assert (result.points, result.direction, result.threshold) == (after - before, direction, 6)
    assert "NHS Talking Therapies" in result.source


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [(12, 8, IMPROVED), (12, 9, NO_RELIABLE_CHANGE), (5, 8, NO_RELIABLE_CHANGE), (5, 9, DETERIORATED)],
)
def test_gad7_reliable_change_is_4_points(before, after, direction):
    result = change(instrument("gad7"), totalling("gad7", before), totalling("gad7", after))
    assert (result.direction, result.threshold) == (direction, 4)
    assert "IAPT" in result.source


@pytest.mark.parametrize("instrument_id", ["csi4", "score15", "barc10"])
def test_without_a_published_threshold_the_raw_change_is_reported(instrument_id):
    found = instrument(instrument_id)
    low = found.range[0]
    result = change(found, low, low + 9)
    assert (result.points, result.direction, result.threshold, result.source) == (9, NO_THRESHOLD, None, None)


def test_a_result_without_a_total_has_no_change():
    incomplete = score(instrument("phq9"), {1: 2})
    with pytest.raises(ValueError, match="total"):
        change(instrument("phq9"), incomplete, totalling("phq9", 4))


def test_higher_is_better_turns_the_direction_round():
    found = parse(tiny_instrument(better="higher"))
    assert change(found, 1, 3).direction == IMPROVED
    assert change(found, 3, 1).direction == DETERIORATED


def test_no_trend_before_three_results():
    assert trend([]) is None
    assert trend([totalling("phq9", 20), totalling("phq9", 10)]) is None


def test_results_without_a_total_do_not_count_towards_the_three():
    incomplete = score(instrument("phq9"), {1: 1})
    assert trend([totalling("phq9", 20), incomplete, totalling("phq9", 10)]) is None


@pytest.mark.parametrize(
    ("totals", "word"),
    [
        ((20, 15, 10), IMPROVING),
        ((5, 11, 17), WORSENING),
        ((12, 14, 11), STEADY),
        ((20, 22, 19, 14), IMPROVING),
    ],
)
def test_phq9_trend_words(totals, word):
    assert trend([totalling("phq9", t) for t in totals]) == word


def test_trend_follows_which_way_is_better():
    rising = [totalling("barc10", t) for t in (30, 40, 50)]
    assert trend(rising) == IMPROVING


def test_a_trend_mixes_no_instruments():
    with pytest.raises(ValueError, match="one instrument"):
        trend([totalling("phq9", 3), totalling("gad7", 3), totalling("phq9", 3)])


def test_prorating_when_an_instrument_allows_it():
    found = parse(tiny_instrument(scoring={"method": "sum", "max_missing": 1, "prorate": True}))
    result = score(found, {1: 2, 2: 1})
    # item 3 missing: (2 + 1) × 3/2 = 4.5, rounded half up
    assert (result.total, result.prorated, result.missing, result.complete) == (5, True, 1, False)
    assert score(found, {1: 2}).total is None


def test_allowed_missing_items_without_prorating_sum_what_was_answered():
    found = parse(tiny_instrument(scoring={"method": "sum", "max_missing": 1, "prorate": False}))
    result = score(found, {1: 2, 2: None, 3: 0})
    assert (result.total, result.prorated) == (4, False)
