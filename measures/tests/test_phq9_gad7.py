"""Golden tests for PHQ-9 and GAD-7 against the published tables (Kroenke 2001, Spitzer 2006)."""

from __future__ import annotations

import pytest

from measures.catalogue import instrument
from measures.scoring import score


def answers_totalling(instrument_id: str, total: int) -> dict[int, int]:
    """Answers to the scored items that add up to `total`, filled from item 1 on."""
    found = instrument(instrument_id)
    answers = {}
    for item in found.scored_items:
        answers[item.number] = min(item.highest, total)
        total -= answers[item.number]
    assert total == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_at_every_published_boundary(total, band):
    result = score(instrument("phq9"), answers_totalling("phq9", total))
    assert result.total == total
    assert result.band.key == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_at_every_published_boundary(total, band):
    result = score(instrument("gad7"), answers_totalling("gad7", total))
    assert result.total == total
    assert result.band.key == band


def test_phq9_item_10_is_not_scored():
    answers = answers_totalling("phq9", 3) | {10: 3}
    assert score(instrument("phq9"), answers).total == 3


def test_phq9_item_9_above_0_flags_crisis_whatever_the_total():
    answers = dict.fromkeys(range(1, 10), 0) | {9: 1}
    result = score(instrument("phq9"), answers)
    assert result.band.key == "minimal"
    assert [flag.kind for flag in result.flags] == ["crisis"]


def test_phq9_item_9_flags_even_when_the_total_cannot_be_given():
    result = score(instrument("phq9"), {9: 2})
    assert result.total is None
    assert [flag.kind for flag in result.flags] == ["crisis"]


def test_phq9_item_9_at_0_flags_nothing():
    result = score(instrument("phq9"), answers_totalling("phq9", 24))
    assert result.flags == ()


def test_a_missing_item_gives_no_total_as_no_rule_is_published():
    answers = answers_totalling("phq9", 12)
    del answers[3]
    result = score(instrument("phq9"), answers)
    assert (result.total, result.band, result.missing, result.complete) == (None, None, 1, False)


@pytest.mark.parametrize("bad", [4, -1, "2", 1.0, True])
def test_an_answer_outside_the_options_is_refused(bad):
    with pytest.raises(ValueError, match="item 2"):
        score(instrument("gad7"), {1: 0, 2: bad})


def test_an_unknown_item_is_refused():
    with pytest.raises(ValueError, match="no item 8"):
        score(instrument("gad7"), {8: 0})


def test_the_spanish_items_keep_the_published_usted():
    phq9, gad7 = instrument("phq9"), instrument("gad7")
    assert "usted" in phq9.item(6).text["es"]
    assert "su preocupación" in gad7.item(2).text["es"]
    for found in (phq9, gad7):
        for item in found.items:
            assert " te " not in f" {item.text['es']} "
            assert "Te has" not in item.text["es"]


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_the_answers_are_the_published_four(instrument_id):
    item = instrument(instrument_id).item(1)
    assert [o.label["en"] for o in item.options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [o.label["es"] for o in item.options] == [
        "Ningún día",
        "Varios días",
        "Más de la mitad de los días",
        "Casi todos los días",
    ]
    assert item.values == (0, 1, 2, 3)
