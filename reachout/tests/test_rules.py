"""The pure rules of the reach-out guide, without a database."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reachout import rules


def test_pause_is_step_two_and_deciding_is_last():
    assert rules.step_number("pause") == 2
    assert rules.step_after("decide") is None
    assert rules.step_before("reached_out") is None


@given(st.sampled_from(rules.STEPS))
def test_after_then_before_comes_back(step):
    following = rules.step_after(step)
    if following is not None:
        assert rules.step_before(following) == step
        assert rules.step_number(following) == rules.step_number(step) + 1


@given(st.sets(st.sampled_from([*rules.CHECKLIST, "something else"])))
def test_any_ticked_sign_suggests_waiting(ticked):
    assert rules.suggests_waiting(ticked) == bool(ticked & set(rules.CHECKLIST))


def test_yes_needs_conditions_written_down():
    assert rules.decision_problem(rules.YES_WITH_CONDITIONS, None, "  ") == "no_conditions"
    assert rules.decision_problem(rules.YES_WITH_CONDITIONS, None, "sober and honest") is None


def test_the_same_decision_twice_is_not_a_change():
    assert rules.decision_problem(rules.NOT_YET, rules.NOT_YET, "") == "same"
    assert rules.decision_problem("maybe", None, "") == "unknown"


def test_the_same_decision_with_a_new_note_is_a_change():
    assert rules.decision_problem(rules.NOT_YET, rules.NOT_YET, "", note="He relapsed again") is None
    assert (
        rules.decision_problem(rules.NOT_YET, rules.NOT_YET, "", note=" same ", current_note="same") == "same"
    )
    # An empty note leaves the earlier one standing: saving the step again changes nothing.
    assert (
        rules.decision_problem(rules.NOT_YET, rules.NOT_YET, "", note="  ", current_note="a note") == "same"
    )
    assert rules.is_change(rules.NO_WITH_LOVE, rules.NOT_YET)


@given(
    st.lists(
        st.tuples(st.sampled_from(rules.DECISIONS), st.sampled_from(["", "a", "b", " a "])),
        min_size=1,
        max_size=8,
    )
)
def test_history_with_notes_records_each_change_once(entries):
    start = datetime(2026, 1, 1)
    history: list[rules.DecisionRow] = []
    for i, (choice, note) in enumerate(entries):
        last = history[-1] if history else None
        problem = rules.decision_problem(
            choice,
            last.decision if last else None,
            "some conditions",
            note=note,
            current_note=last.note if last else "",
        )
        if problem is None:
            history.append(rules.DecisionRow(choice, start + timedelta(days=i), note.strip()))
    # Neighbours differ in their decision, or the later one carries a new, non-empty note.
    assert all(
        a.decision != b.decision or (b.note and b.note != a.note) for a, b in itertools.pairwise(history)
    )
    # Every decision or note that was offered as a change is the latest row's, at the end.
    choice, note = entries[-1]
    assert history[-1].decision == choice or not rules.is_change(choice, history[-1].decision)
    if history[-1].decision == choice and note.strip():
        assert history[-1].note == note.strip()


@given(st.lists(st.sampled_from(rules.DECISIONS), min_size=1, max_size=8))
def test_history_keeps_every_change_and_the_latest_is_current(choices):
    start = datetime(2026, 1, 1)
    history: list[rules.DecisionRow] = []
    for i, choice in enumerate(choices):
        current = rules.current_decision(history)
        if rules.decision_problem(choice, current, "some conditions") is None:
            history.append(rules.DecisionRow(choice, start + timedelta(days=i)))
    assert rules.current_decision(list(reversed(history))) == history[-1].decision
    # History records changes only: no two neighbours are the same.
    assert all(a.decision != b.decision for a, b in itertools.pairwise(history))


def test_review_reminder_is_due_once_per_date():
    day = date(2026, 5, 1)
    assert not rules.review_due(None, day, None)
    assert not rules.review_due(day, day - timedelta(days=1), None)
    assert rules.review_due(day, day, None)
    assert not rules.review_due(day, day + timedelta(days=3), day)
    assert rules.review_due(day, day, day - timedelta(days=30))


def test_contact_links_for_phone_email_and_link():
    assert rules.contact_links("+1 (555) 123-4567") == [
        ("call", "tel:+15551234567"),
        ("text", "sms:+15551234567"),
    ]
    assert rules.contact_links("sam@example.test") == [("email", "mailto:sam@example.test")]
    assert rules.contact_links("https://meet.example/abc") == [("link", "https://meet.example/abc")]
    assert rules.contact_links("javascript:alert(1)") == []
    assert rules.contact_links("ask at the Tuesday meeting") == []


@given(st.text(max_size=60))
def test_contact_links_are_only_safe_schemes(text):
    for _kind, href in rules.contact_links(text):
        assert href.split(":", 1)[0] in {"tel", "sms", "mailto", "https"}
        assert "\n" not in href and " " not in href


def test_signs_are_one_a_line():
    assert rules.split_lines("- weekly meeting\n\n* calls when sober \n") == [
        "weekly meeting",
        "calls when sober",
    ]
