"""The safety rule over plain answers: recall first, no database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety import rules
from safety.rules import NO, NOT_SURE, QUESTIONS, YES, clean_answers, risk_indicated

choices = st.sampled_from([YES, NO, NOT_SURE])
full_answers = st.fixed_dictionaries(dict.fromkeys(QUESTIONS, choices))
partial_answers = st.dictionaries(st.sampled_from(list(QUESTIONS)), choices)
# No per-example deadline: the machines running the suite are shared and busy.
relaxed = settings(deadline=None)


def all_no() -> dict[str, str]:
    return dict.fromkeys(QUESTIONS, NO)


def test_all_no_indicates_no_risk():
    assert risk_indicated(all_no()) is False


def test_nothing_answered_indicates_no_risk():
    assert risk_indicated({}) is False


@pytest.mark.parametrize("key", list(QUESTIONS))
def test_a_single_yes_indicates_risk(key):
    assert risk_indicated({**all_no(), key: YES}) is True


@pytest.mark.parametrize("key", list(QUESTIONS))
def test_a_single_not_sure_indicates_risk(key):
    assert risk_indicated({**all_no(), key: NOT_SURE}) is True


def test_not_sure_about_fear_counts_as_risk():
    assert risk_indicated({**all_no(), "afraid": NOT_SURE})


def test_the_set_asks_about_fear_threats_harm_and_control():
    assert {"afraid", "threatened", "hurt", "controlled"} <= set(QUESTIONS)


@relaxed
@given(full_answers, st.sampled_from(list(QUESTIONS)))
def test_any_yes_indicates_risk(answers, key):
    assert risk_indicated({**answers, key: YES})


@relaxed
@given(full_answers)
def test_risk_exactly_when_some_answer_is_not_no(answers):
    assert risk_indicated(answers) == any(value != NO for value in answers.values())


@relaxed
@given(full_answers, st.sampled_from(list(QUESTIONS)))
def test_answering_no_never_turns_risk_on(answers, key):
    if not risk_indicated(answers):
        assert not risk_indicated({**answers, key: NO})


@relaxed
@given(full_answers, st.sampled_from(list(QUESTIONS)), choices)
def test_more_worrying_answers_never_turn_risk_off(answers, key, value):
    # "no" < "not sure" <= "yes": moving one answer away from "no" never removes risk.
    if risk_indicated(answers) and answers[key] == NO:
        assert risk_indicated({**answers, key: value})


@relaxed
@given(partial_answers, partial_answers)
def test_more_answers_never_hide_a_risk_already_given(first, more):
    combined = {**more, **first}  # the first answers stay as they were
    if risk_indicated(first):
        assert risk_indicated(combined)


@relaxed
@given(full_answers)
def test_clean_answers_keeps_a_full_set_as_it_is(answers):
    assert clean_answers(answers) == answers


def test_clean_answers_refuses_an_unknown_question():
    with pytest.raises(rules.AnswersRefused, match="unknown"):
        clean_answers({**all_no(), "mood": YES})


def test_clean_answers_refuses_a_missing_question():
    answers = all_no()
    del answers["hurt"]
    with pytest.raises(rules.AnswersRefused, match="hurt"):
        clean_answers(answers)


@pytest.mark.parametrize("value", ["maybe", "", "YES", None, True])
def test_clean_answers_refuses_an_unknown_choice(value):
    with pytest.raises(rules.AnswersRefused, match="not_sure"):
        clean_answers({**all_no(), "afraid": value})
