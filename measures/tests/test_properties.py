"""Properties that must hold for every instrument file, whatever the answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.catalogue import Instrument, all_instruments
from measures.scoring import score

INSTRUMENTS = sorted(all_instruments().values(), key=lambda found: found.id)


def complete_answers(found: Instrument):
    return st.fixed_dictionaries({item.number: st.sampled_from(item.values) for item in found.items})


def answers_and_item(found: Instrument):
    """Complete answers plus one scored item whose answer is not yet its highest."""
    return complete_answers(found).flatmap(
        lambda answers: st.tuples(
            st.just(answers),
            st.sampled_from(
                [item for item in found.scored_items if answers[item.number] < item.highest] or [None]
            ),
        )
    )


@pytest.mark.parametrize("found", INSTRUMENTS, ids=lambda found: found.id)
def test_the_total_stays_within_the_published_range(found):
    @settings(max_examples=80, deadline=None)
    @given(complete_answers(found))
    def check(answers):
        result = score(found, answers)
        assert found.range[0] <= result.total <= found.range[1]
        assert result.complete
        if found.bands:
            assert result.band is not None and result.band.holds(result.total)
        for subscale in found.subscales:
            items = [found.item(n) for n in subscale.items]
            low, high = sum(i.lowest for i in items), sum(i.highest for i in items)
            assert low <= result.subscales[subscale.key] <= high

    check()


@pytest.mark.parametrize("found", INSTRUMENTS, ids=lambda found: found.id)
def test_raising_one_answer_moves_the_total_as_published(found):
    """Raising any item's answer never lowers the total; a reverse-scored item's lowers it."""

    @settings(max_examples=80, deadline=None)
    @given(answers_and_item(found))
    def check(pair):
        answers, item = pair
        if item is None:
            return
        before = score(found, answers).total
        after = score(found, answers | {item.number: answers[item.number] + 1}).total
        if item.reverse:
            assert after == before - 1
        else:
            assert after == before + 1

    check()


@pytest.mark.parametrize("found", INSTRUMENTS, ids=lambda found: found.id)
def test_an_unscored_item_never_changes_the_total(found):
    unscored = [item for item in found.items if not item.scored]

    @settings(max_examples=50, deadline=None)
    @given(complete_answers(found))
    def check(answers):
        for item in unscored:
            moved = answers | {
                item.number: item.highest if answers[item.number] != item.highest else item.lowest
            }
            assert score(found, moved).total == score(found, answers).total

    check()


@pytest.mark.parametrize("found", INSTRUMENTS, ids=lambda found: found.id)
def test_more_missing_items_than_allowed_gives_no_total(found):
    @settings(max_examples=50, deadline=None)
    @given(complete_answers(found), st.data())
    def check(answers, data):
        scored = [item.number for item in found.scored_items]
        dropped = data.draw(
            st.lists(st.sampled_from(scored), min_size=found.max_missing + 1, unique=True), label="dropped"
        )
        result = score(found, {n: v for n, v in answers.items() if n not in dropped})
        assert result.total is None and result.band is None and result.cutoffs == ()
        assert result.missing == len(dropped)

    check()


@given(st.integers(min_value=-5, max_value=10), st.sampled_from(INSTRUMENTS))
@settings(max_examples=100, deadline=None)
def test_an_answer_outside_an_item_options_is_refused(value, found):
    item = found.items[0]
    if value in item.values:
        return
    with pytest.raises(ValueError):
        score(found, {item.number: value})


@given(st.sampled_from(INSTRUMENTS), st.data())
@settings(max_examples=60, deadline=None)
def test_only_phq9_item_9_above_0_raises_the_crisis_flag(found, data):
    answers = data.draw(complete_answers(found))
    kinds = [flag.kind for flag in score(found, answers).flags]
    expected = ["crisis"] if found.id == "phq9" and answers[9] > 0 else []
    assert kinds == expected
