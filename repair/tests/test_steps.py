"""The repair state machine, without a database: every legal and illegal move."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair.rules.steps import (
    NOT_QUITE,
    YES,
    Action,
    OwnPhase,
    Party,
    Refused,
    RepairState,
    Status,
    Step,
    apply,
    check,
    current_step,
    is_repaired,
    may_read_side,
    own_phase,
    understood,
)

A, B, C = "a", "b", "c"


def fresh(*ids: str) -> RepairState:
    return RepairState(parties=tuple(Party(i) for i in ids or (A, B)))


def run(state: RepairState, *moves) -> RepairState:
    for move in moves:
        actor, action, *rest = move
        kwargs = rest[0] if rest else {}
        state = apply(state, actor, action, **kwargs)
    return state


def refused(state, actor, action, **kwargs) -> str:
    with pytest.raises(Refused) as caught:
        check(state, actor, action, **kwargs)
    return caught.value.code


THROUGH_REGULATE = [(A, Action.RECOGNISE), (A, Action.SETTLED), (B, Action.RECOGNISE), (B, Action.SETTLED)]
BOTH_SIDES = [*THROUGH_REGULATE, (A, Action.SIDE), (B, Action.SIDE)]
BOTH_UNDERSTOOD = [
    *BOTH_SIDES,
    (A, Action.REFLECT, {"subject": B}),
    (B, Action.ANSWER, {"subject": A, "answer": YES}),
    (B, Action.REFLECT, {"subject": A}),
    (A, Action.ANSWER, {"subject": B, "answer": YES}),
]


def finish(state, who):
    return run(state, (who, Action.PART), (who, Action.VULNERABLE), (who, Action.REBUILD))


# --- legal moves ---------------------------------------------------------------------------


def test_a_fresh_repair_starts_everyone_at_step_one():
    state = fresh()
    assert state.status == Status.OPEN
    assert current_step(state, A) == current_step(state, B) == Step.RECOGNISE


def test_each_person_moves_at_their_own_pace():
    state = run(fresh(), (A, Action.RECOGNISE), (A, Action.SETTLED))
    assert current_step(state, A) == Step.OWN
    assert current_step(state, B) == Step.RECOGNISE


def test_a_person_can_stay_paused_at_regulate_as_long_as_they_need():
    state = run(fresh(), (A, Action.RECOGNISE), (A, Action.PAUSING), (A, Action.PAUSING))
    assert current_step(state, A) == Step.REGULATE
    state = apply(state, A, Action.SETTLED)
    assert current_step(state, A) == Step.OWN


def test_own_and_communicate_goes_side_reflecting_understood_part():
    state = run(fresh(), *THROUGH_REGULATE)
    assert own_phase(state, A) == OwnPhase.SIDE
    state = run(state, (A, Action.SIDE), (B, Action.SIDE))
    assert own_phase(state, A) == OwnPhase.REFLECTING
    state = run(state, (A, Action.REFLECT, {"subject": B}))
    assert own_phase(state, A) == OwnPhase.REFLECTING
    state = run(state, (B, Action.ANSWER, {"subject": A, "answer": YES}))
    assert understood(state, A, B)
    assert own_phase(state, A) == OwnPhase.UNDERSTOOD
    state = apply(state, A, Action.PART)
    assert own_phase(state, A) == OwnPhase.PART_NAMED
    assert current_step(state, A) == Step.VULNERABLE


def test_not_quite_loops_until_understood():
    state = run(
        fresh(),
        *BOTH_SIDES,
        (A, Action.REFLECT, {"subject": B}),
        (B, Action.ANSWER, {"subject": A, "answer": NOT_QUITE}),
    )
    assert not understood(state, A, B)
    assert own_phase(state, A) == OwnPhase.REFLECTING
    state = run(state, (A, Action.REFLECT, {"subject": B}), (B, Action.ANSWER, {"subject": A, "answer": YES}))
    assert understood(state, A, B)


def test_repaired_when_every_person_finished_step_five():
    state = run(fresh(), *BOTH_UNDERSTOOD)
    state = finish(state, A)
    assert state.status == Status.OPEN and not is_repaired(state)
    state = finish(state, B)
    assert state.status == Status.REPAIRED
    assert current_step(state, A) is None


def test_three_people_each_reflect_both_others():
    ids = (A, B, C)
    state = fresh(*ids)
    for who in ids:
        state = run(state, (who, Action.RECOGNISE), (who, Action.SETTLED), (who, Action.SIDE))
    for who in ids:
        for other in ids:
            if other != who:
                state = run(
                    state,
                    (who, Action.REFLECT, {"subject": other}),
                    (other, Action.ANSWER, {"subject": who, "answer": YES}),
                )
    assert all(own_phase(state, who) == OwnPhase.UNDERSTOOD for who in ids)
    for who in ids:
        state = finish(state, who)
    assert state.status == Status.REPAIRED


@pytest.mark.parametrize("ender", [A, B])
def test_anyone_can_pause_and_anyone_can_resume(ender):
    state = apply(fresh(), ender, Action.PAUSE)
    assert state.status == Status.PAUSED
    state = apply(state, B if ender == A else A, Action.RESUME)
    assert state.status == Status.OPEN


def test_not_now_ends_without_blame_and_can_be_picked_up_again():
    state = apply(fresh(), A, Action.NOT_NOW)
    assert state.status == Status.NOT_NOW
    assert apply(state, B, Action.RESUME).status == Status.OPEN


def test_a_paused_repair_can_end_not_now():
    state = run(fresh(), (A, Action.PAUSE), (B, Action.NOT_NOW))
    assert state.status == Status.NOT_NOW


# --- illegal moves -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "step"),
    [
        (Action.SETTLED, Step.REGULATE),
        (Action.PAUSING, Step.REGULATE),
        (Action.SIDE, Step.OWN),
        (Action.PART, Step.OWN),
        (Action.VULNERABLE, Step.VULNERABLE),
        (Action.REBUILD, Step.REBUILD),
    ],
)
def test_a_later_step_before_the_earlier_ones_is_refused(action, step):
    with pytest.raises(Refused) as caught:
        check(fresh(), A, action)
    assert caught.value.code == "step_order" and caught.value.step == step


def test_step_four_before_step_three_is_refused():
    state = run(fresh(), (A, Action.RECOGNISE), (A, Action.SETTLED), (A, Action.SIDE))
    with pytest.raises(Refused) as caught:
        check(state, A, Action.VULNERABLE)
    assert (caught.value.code, caught.value.step) == ("step_order", Step.VULNERABLE)


@pytest.mark.parametrize("action", [Action.RECOGNISE, Action.SETTLED])
def test_a_finished_step_cannot_be_taken_twice(action):
    state = run(fresh(), (A, Action.RECOGNISE), (A, Action.SETTLED))
    assert refused(state, A, action) == "already_done"


def test_pausing_after_settling_is_refused():
    state = run(fresh(), (A, Action.RECOGNISE), (A, Action.SETTLED))
    assert refused(state, A, Action.PAUSING) == "already_done"


def test_side_twice_is_refused():
    state = run(fresh(), *THROUGH_REGULATE, (A, Action.SIDE))
    assert refused(state, A, Action.SIDE) == "side_written"


def test_reflecting_before_my_side_is_refused():
    state = run(fresh(), *THROUGH_REGULATE, (B, Action.SIDE))
    assert refused(state, A, Action.REFLECT, subject=B) == "side_first"


def test_reflecting_a_side_not_yet_written_is_refused():
    state = run(fresh(), *THROUGH_REGULATE, (A, Action.SIDE))
    assert refused(state, A, Action.REFLECT, subject=B) == "no_side_yet"


@pytest.mark.parametrize("subject", [A, "stranger"])
def test_reflecting_myself_or_a_stranger_is_refused(subject):
    state = run(fresh(), *BOTH_SIDES)
    assert refused(state, A, Action.REFLECT, subject=subject) == "not_party"


def test_a_second_reflection_while_one_waits_for_an_answer_is_refused():
    state = run(fresh(), *BOTH_SIDES, (A, Action.REFLECT, {"subject": B}))
    assert refused(state, A, Action.REFLECT, subject=B) == "waiting_answer"


def test_reflecting_again_once_understood_is_refused():
    state = run(fresh(), *BOTH_UNDERSTOOD)
    assert refused(state, A, Action.REFLECT, subject=B) == "already_understood"


def test_naming_my_part_before_my_side_is_refused():
    state = run(fresh(), *THROUGH_REGULATE)
    assert refused(state, A, Action.PART) == "side_first"


def test_naming_my_part_before_being_understood_is_refused():
    state = run(fresh(), *BOTH_SIDES)
    assert refused(state, A, Action.PART) == "understand_first"


def test_answering_with_nothing_to_answer_is_refused():
    state = run(fresh(), *BOTH_SIDES)
    assert refused(state, B, Action.ANSWER, subject=A, answer=YES) == "nothing_to_answer"


def test_answering_my_own_reflection_is_refused():
    state = run(fresh(), *BOTH_SIDES, (A, Action.REFLECT, {"subject": B}))
    assert refused(state, A, Action.ANSWER, subject=A, answer=YES) == "not_party"


def test_an_answer_other_than_yes_or_not_quite_is_refused():
    state = run(fresh(), *BOTH_SIDES, (A, Action.REFLECT, {"subject": B}))
    assert refused(state, B, Action.ANSWER, subject=A, answer="maybe") == "bad_answer"


def test_someone_outside_the_repair_cannot_act():
    assert refused(fresh(), C, Action.RECOGNISE) == "not_party"
    assert refused(fresh(), C, Action.PAUSE) == "not_party"


@pytest.mark.parametrize(
    "action", [Action.RECOGNISE, Action.SETTLED, Action.SIDE, Action.PART, Action.VULNERABLE, Action.REBUILD]
)
def test_no_step_while_paused(action):
    assert refused(apply(fresh(), A, Action.PAUSE), B, action) == "paused"


def test_no_step_after_not_now():
    assert refused(apply(fresh(), A, Action.NOT_NOW), A, Action.RECOGNISE) == "not_now"


def test_no_answer_while_paused():
    state = run(fresh(), *BOTH_SIDES, (A, Action.REFLECT, {"subject": B}), (A, Action.PAUSE))
    assert refused(state, B, Action.ANSWER, subject=A, answer=YES) == "paused"


def test_pausing_twice_or_resuming_an_open_repair_is_refused():
    assert refused(fresh(), A, Action.RESUME) == "not_paused"
    assert refused(apply(fresh(), A, Action.PAUSE), B, Action.PAUSE) == "not_open"
    assert refused(apply(fresh(), A, Action.NOT_NOW), B, Action.NOT_NOW) == "not_open"


def test_a_repaired_repair_cannot_be_paused_resumed_ended_or_stepped():
    state = finish(finish(run(fresh(), *BOTH_UNDERSTOOD), A), B)
    assert refused(state, A, Action.PAUSE) == "not_open"
    assert refused(state, A, Action.RESUME) == "not_paused"
    assert refused(state, A, Action.NOT_NOW) == "not_open"
    assert refused(state, A, Action.REBUILD) == "repaired"


# --- reading sides -------------------------------------------------------------------------


def test_a_person_cannot_read_the_others_side_before_writing_their_own():
    state = run(fresh(), *THROUGH_REGULATE, (B, Action.SIDE))
    assert not may_read_side(state, A, B)
    assert may_read_side(state, B, B)
    state = apply(state, A, Action.SIDE)
    assert may_read_side(state, A, B)


def test_someone_outside_the_repair_is_left_to_the_audience_rule():
    state = run(fresh(), *THROUGH_REGULATE, (B, Action.SIDE))
    assert may_read_side(state, C, B)


# --- properties ----------------------------------------------------------------------------

ACTIONS = list(Action)
moves = st.lists(
    st.tuples(
        st.sampled_from([A, B, C]),
        st.sampled_from(ACTIONS),
        st.sampled_from([A, B, C]),
        st.sampled_from([YES, NOT_QUITE]),
    ),
    max_size=60,
)


def _walk(sequence):
    state = fresh(A, B, C)
    states = [state]
    for actor, action, subject, answer in sequence:
        try:
            state = apply(state, actor, action, subject=subject, answer=answer)
        except Refused:
            continue
        states.append(state)
    return states


@settings(max_examples=200, deadline=None)
@given(moves)
def test_steps_are_always_taken_in_order(sequence):
    for state in _walk(sequence):
        for party in state.parties:
            done = [
                party.recognised,
                party.regulate == "settled",
                party.part,
                party.vulnerable,
                party.rebuilt,
            ]
            # Once a step is not done, no later step is done.
            assert done == sorted(done, reverse=True)


@settings(max_examples=200, deadline=None)
@given(moves)
def test_repaired_exactly_when_everyone_rebuilt_and_then_final(sequence):
    states = _walk(sequence)
    for earlier, later in itertools.pairwise(states):
        if earlier.status == Status.REPAIRED:
            assert later == earlier  # nothing moves a repaired repair
    for state in states:
        assert (state.status == Status.REPAIRED) == is_repaired(state)


@settings(max_examples=200, deadline=None)
@given(moves)
def test_part_is_named_only_after_every_other_side_was_understood(sequence):
    for state in _walk(sequence):
        for party in state.parties:
            if party.part:
                assert party.side
                assert all(understood(state, party.id, other.id) for other in state.others(party.id))


@settings(max_examples=200, deadline=None)
@given(moves)
def test_a_reflection_is_only_ever_of_a_side_written_by_both(sequence):
    for state in _walk(sequence):
        for reflection in state.reflections:
            assert state.party(reflection.reflector).side and state.party(reflection.subject).side
