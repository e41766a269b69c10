"""Golden tests for CSI-4 (Funk & Rogge 2007), SCORE-15 (Stratton et al. 2010) and BARC-10 (Vilsaint et al. 2017)."""

from __future__ import annotations

import pytest

from measures.catalogue import instrument
from measures.scoring import score

STRENGTHS = (1, 3, 6, 10, 15)
OVERWHELMED = (5, 7, 9, 11, 14)
COMMUNICATION = (2, 4, 8, 12, 13)


# CSI-4: item 1 is 0–6, items 2–4 are 0–5; higher is more satisfied; cut-off 13.5.


@pytest.mark.parametrize(
    ("answers", "total", "band", "below_cutoff"),
    [
        ({1: 4, 2: 3, 3: 3, 4: 3}, 13, "below_cutoff", True),
        ({1: 4, 2: 4, 3: 3, 4: 3}, 14, "above_cutoff", False),
        ({1: 0, 2: 0, 3: 0, 4: 0}, 0, "below_cutoff", True),
        ({1: 6, 2: 5, 3: 5, 4: 5}, 21, "above_cutoff", False),
    ],
)
def test_csi4_either_side_of_the_13_5_cutoff(answers, total, band, below_cutoff):
    result = score(instrument("csi4"), answers)
    assert result.total == total
    assert result.band.key == band
    assert [c.key for c in result.cutoffs] == (["dissatisfaction"] if below_cutoff else [])


def test_csi4_item_1_takes_a_6_but_the_others_do_not():
    assert score(instrument("csi4"), {1: 6, 2: 0, 3: 0, 4: 0}).total == 6
    with pytest.raises(ValueError, match="item 2"):
        score(instrument("csi4"), {1: 0, 2: 6, 3: 0, 4: 0})


def test_csi4_is_better_when_higher():
    assert instrument("csi4").better == "higher"


# SCORE-15: answers 1 (Describes us: Very well) to 5 (Not at all); the ten difficulty items are
# reversed so that every score reads higher = more difficulty.


def score15(answers):
    return score(instrument("score15"), answers)


def test_score15_reverses_exactly_the_ten_difficulty_items():
    reversed_items = {item.number for item in instrument("score15").items if item.reverse}
    assert reversed_items == set(OVERWHELMED + COMMUNICATION)
    assert not reversed_items & set(STRENGTHS)


def test_score15_subscales_are_the_published_items():
    subscales = {s.key: s.items for s in instrument("score15").subscales}
    assert subscales == {"strengths": STRENGTHS, "overwhelmed": OVERWHELMED, "communication": COMMUNICATION}


def test_score15_a_family_described_as_strong_and_untroubled_scores_lowest():
    answers = {n: 1 if n in STRENGTHS else 5 for n in range(1, 16)}
    result = score15(answers)
    assert result.total == 15
    assert result.subscales == {"strengths": 5, "overwhelmed": 5, "communication": 5}


def test_score15_a_family_described_as_troubled_and_without_strengths_scores_highest():
    answers = {n: 5 if n in STRENGTHS else 1 for n in range(1, 16)}
    result = score15(answers)
    assert result.total == 75
    assert result.subscales == {"strengths": 25, "overwhelmed": 25, "communication": 25}


def test_score15_all_partly_is_the_middle_of_every_scale():
    result = score15(dict.fromkeys(range(1, 16), 3))
    assert result.total == 45
    assert result.subscales == {"strengths": 15, "overwhelmed": 15, "communication": 15}


@pytest.mark.parametrize(
    ("item", "answer", "contribution"),
    [(6, 1, 1), (6, 5, 5), (7, 1, 5), (7, 5, 1), (2, 2, 4), (13, 4, 2)],
)
def test_score15_one_item_at_a_time(item, answer, contribution):
    # Everything else at "Partly" (3, which reverses to 3), so the total moves by the item alone.
    answers = dict.fromkeys(range(1, 16), 3) | {item: answer}
    assert score15(answers).total == 42 + contribution


def test_score15_a_subscale_needs_all_its_items():
    answers = dict.fromkeys(range(1, 16), 3)
    del answers[7]
    result = score15(answers)
    assert result.total is None
    assert result.subscales == {"strengths": 15, "overwhelmed": None, "communication": 15}


def test_score15_has_no_bands_so_no_band_is_shown():
    assert score15(dict.fromkeys(range(1, 16), 2)).band is None


# BARC-10: ten items 1–6, sum 10–60, no reverse items; 47 or more predicted sustained remission.


def barc(total):
    answers = dict.fromkeys(range(1, 11), 1)
    extra = total - 10
    for number in answers:
        step = min(5, extra)
        answers[number] += step
        extra -= step
    return score(instrument("barc10"), answers)


@pytest.mark.parametrize(("total", "meets"), [(10, False), (46, False), (47, True), (60, True)])
def test_barc10_range_and_the_47_cutoff(total, meets):
    result = barc(total)
    assert result.total == total
    assert result.band is None
    assert [c.key for c in result.cutoffs] == (["sustained_remission"] if meets else [])


def test_barc10_has_no_reverse_items_and_no_zero():
    found = instrument("barc10")
    assert not any(item.reverse for item in found.items)
    assert found.range == (10, 60)
    with pytest.raises(ValueError):
        score(found, {1: 0})


def test_no_missing_answers_are_allowed_where_no_rule_is_published():
    for instrument_id in ("phq9", "gad7", "csi4", "score15", "barc10"):
        found = instrument(instrument_id)
        assert (found.max_missing, found.prorate) == (0, False)
