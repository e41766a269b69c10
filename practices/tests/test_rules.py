import pytest
from hypothesis import given
from hypothesis import strategies as st

from practices import rules


def test_a_reply_answers_a_new_request():
    assert rules.after(rules.NEW, rules.REPLY) == rules.ANSWERED


def test_a_reply_keeps_an_invited_request_invited():
    assert rules.after(rules.INVITED, rules.REPLY) == rules.INVITED


def test_an_invitation_moves_any_open_request_to_invited():
    for state in (rules.NEW, rules.ANSWERED, rules.INVITED):
        assert rules.after(state, rules.INVITE) == rules.INVITED


def test_a_closed_request_takes_nothing_more():
    for act in rules.ACTS:
        assert not rules.allowed(rules.CLOSED, act)
        with pytest.raises(ValueError):
            rules.after(rules.CLOSED, act)


@given(st.lists(st.sampled_from(rules.ACTS), max_size=12))
def test_every_sequence_of_acts_stays_in_known_states_and_closed_is_final(acts):
    state = rules.NEW
    for act in acts:
        if rules.allowed(state, act):
            before, state = state, rules.after(state, act)
            assert state in rules.STATES
            assert before != rules.CLOSED
        else:
            assert state == rules.CLOSED


def test_an_owners_own_request_is_the_yes():
    assert rules.needs_an_owner(True, False) is False


def test_anyone_elses_request_waits_for_an_owner():
    assert rules.needs_an_owner(False, False) is True
    assert rules.needs_an_owner(True, True) is True  # an owner who stepped away does not let anyone in
