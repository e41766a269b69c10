"""The rules of "today" (home/logic.py) over plain data: no database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from home import logic
from home.logic import Answered, Facts
from repair.rules.steps import NOT_QUITE, YES, Party, Reflection, RepairState, Status, Step

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
ME, ALEX, SAM, PRO = (uuid.uuid4() for _ in range(4))
NAMES = {ME: "Robin", ALEX: "Alex", SAM: "Sam", PRO: "Dr Lee"}


@pytest.fixture(autouse=True)
def _english_in_utc():
    with translation.override("en"), timezone.override(UTC):
        yield


def facts(**extra) -> Facts:
    values = {
        "circle_id": uuid.uuid4(),
        "member_id": ME,
        "role": "recovery",
        "status": "active",
        "now": NOW,
        "names": NAMES,
    }
    return Facts(**(values | extra))


def answered(author, outcomes, *, to=(ALEX,), to_circle=False, days_apart=1, newest=NOW) -> list[Answered]:
    """Outcomes oldest first, one a day up to `newest`."""
    n = len(outcomes)
    return [
        Answered(author, tuple(to), to_circle, newest - timedelta(days=days_apart * (n - 1 - i)), outcome)
        for i, outcome in enumerate(outcomes)
    ]


# --- runs: words and dots, never a streak back to zero --------------------------------------


def test_six_of_the_last_seven_promises_are_celebrated_in_words_and_dots():
    history = answered(ME, ["kept", "kept", "missed", "kept_confirmed", "kept", "kept", "kept"])
    [item] = logic.run_items(facts(answered=history))
    assert item.sentence == "You kept 6 of your last 7 promises to Alex."
    assert item.dots == ("kept", "kept", "other", "kept", "kept", "kept", "kept")
    assert item.kind == "run"


def test_a_miss_last_time_does_not_send_the_run_back_to_zero():
    history = answered(ME, ["kept"] * 6 + ["missed"])
    [item] = logic.run_items(facts(answered=history))
    assert item.sentence == "You kept 6 of your last 7 promises to Alex."
    assert "0" not in item.sentence


def test_every_one_kept_reads_as_every_one():
    [item] = logic.run_items(facts(answered=answered(ME, ["kept", "renegotiated", "kept_confirmed"])))
    assert item.sentence == "You kept every one of your last 3 promises to Alex."
    assert item.dots == ("kept", "changed", "kept")


def test_a_low_number_is_never_put_on_show():
    assert logic.run_items(facts(answered=answered(ME, ["kept", "missed", "kept", "missed", "kept"]))) == []
    assert logic.run_items(facts(answered=answered(ME, ["kept", "kept"]))) == []


def test_only_the_last_seven_times_count():
    history = answered(ME, ["missed"] * 5 + ["kept"] * 7)
    [item] = logic.run_items(facts(answered=history))
    assert item.sentence == "You kept every one of your last 7 promises to Alex."
    assert len(item.dots) == logic.RUN_WINDOW


def test_times_older_than_the_window_are_left_out():
    old = answered(ME, ["kept"] * 5, newest=NOW - timedelta(days=logic.RUN_DAYS + 1))
    assert logic.run_items(facts(answered=old)) == []


def test_someone_elses_run_toward_me_is_celebrated_too():
    [item] = logic.run_items(facts(answered=answered(ALEX, ["kept"] * 4 + ["missed_owned"], to=(ME,))))
    assert item.sentence == "Alex kept 4 of their last 5 promises to you."
    assert item.url.endswith(f"/with/{ALEX}/")


def test_a_run_toward_the_circle_is_mine_and_theirs():
    mine = answered(ME, ["kept"] * 3, to=(), to_circle=True)
    [item] = logic.run_items(facts(answered=mine))
    assert item.sentence == "You kept every one of your last 3 promises to the circle."
    theirs = answered(ALEX, ["kept"] * 3, to=(), to_circle=True)
    [item] = logic.run_items(facts(answered=theirs))
    assert item.sentence == "Alex kept every one of their last 3 promises to you."


def test_the_professional_is_not_the_circle_a_promise_was_made_to():
    theirs = answered(ALEX, ["kept"] * 3, to=(), to_circle=True)
    assert logic.run_items(facts(answered=theirs, role="professional")) == []


def test_promises_to_two_people_make_a_run_toward_each():
    items = logic.run_items(facts(answered=answered(ME, ["kept"] * 3, to=(ALEX, SAM))))
    assert sorted(i.sentence for i in items) == [
        "You kept every one of your last 3 promises to Alex.",
        "You kept every one of your last 3 promises to Sam.",
    ]


def test_no_run_with_someone_i_said_i_may_not_be_safe_with():
    history = answered(ALEX, ["kept"] * 5, to=(ME,)) + answered(ME, ["kept"] * 5)
    assert logic.run_items(facts(answered=history, apart=frozenset({ALEX}))) == []


def test_a_run_with_someone_who_left_is_not_shown():
    history = answered(ME, ["kept"] * 5)
    assert logic.run_items(facts(answered=history, names={ME: "Robin"})) == []


# --- repairs: the step I can take now ------------------------------------------------------


def state(me: Party, other: Party, reflections=(), status=Status.OPEN) -> RepairState:
    return RepairState(parties=(me, other), status=status, reflections=tuple(reflections))


SETTLED = {"recognised": True, "regulate": "settled"}


def test_a_new_repair_starts_at_step_one():
    assert logic.next_repair_step(state(Party(ME), Party(ALEX)), ME) == Step.RECOGNISE


def test_step_three_waits_on_the_other_when_there_is_nothing_to_reflect_yet():
    waiting_for_their_side = state(Party(ME, side=True, **SETTLED), Party(ALEX, **SETTLED))
    assert logic.next_repair_step(waiting_for_their_side, ME) is None
    waiting_for_their_answer = state(
        Party(ME, side=True, **SETTLED), Party(ALEX, side=True, **SETTLED), [Reflection(ME, ALEX)]
    )
    assert logic.next_repair_step(waiting_for_their_answer, ME) is None


def test_step_three_is_mine_when_a_side_waits_to_be_reflected_or_i_may_name_my_part():
    their_side_is_in = state(Party(ME, side=True, **SETTLED), Party(ALEX, side=True, **SETTLED))
    assert logic.next_repair_step(their_side_is_in, ME) == Step.OWN
    not_quite = state(
        Party(ME, side=True, **SETTLED), Party(ALEX, side=True, **SETTLED), [Reflection(ME, ALEX, NOT_QUITE)]
    )
    assert logic.next_repair_step(not_quite, ME) == Step.OWN
    understood = state(
        Party(ME, side=True, **SETTLED), Party(ALEX, side=True, **SETTLED), [Reflection(ME, ALEX, YES)]
    )
    assert logic.next_repair_step(understood, ME) == Step.OWN


def test_a_paused_or_finished_repair_asks_nothing():
    assert logic.next_repair_step(state(Party(ME), Party(ALEX), status=Status.PAUSED), ME) is None
    done = Party(ME, side=True, part=True, vulnerable=True, rebuilt=True, **SETTLED)
    assert logic.next_repair_step(state(done, Party(ALEX)), ME) is None


def test_pausing_at_step_two_is_offered_gently():
    repair = logic.OpenRepair(
        uuid.uuid4(), ("Alex",), state(Party(ME, recognised=True, regulate="pausing"), Party(ALEX))
    )
    [item] = logic.repair_items(facts(repairs=[repair]))
    assert item.sentence == "Your repair with Alex waits at step 2 for as long as you need."
    assert item.url.endswith("/step/2/")


def test_a_repair_with_two_others_names_both():
    repair = logic.OpenRepair(uuid.uuid4(), ("Alex", "Sam"), state(Party(ME), Party(ALEX)))
    [item] = logic.repair_items(facts(repairs=[repair]))
    assert item.sentence == "Your repair with Alex and Sam: step 1 of 5 is ready when you are."
    assert item.label == "Go to step 1"


# --- what needs me now ---------------------------------------------------------------------


def due(hours: float, what="Call Mum") -> logic.Due:
    return logic.Due(uuid.uuid4(), uuid.uuid4(), what, NOW + timedelta(hours=hours))


def test_a_promise_due_later_today_offers_i_kept_it_in_one_tap():
    [item] = logic.due_items(facts(due=[due(7)]))
    assert item.sentence == "“Call Mum” is due by 19:00."
    assert item.post_label == "I kept it" and item.post_url.endswith("/report_kept/")


def test_a_promise_just_past_its_time_asks_how_it_went():
    [item] = logic.due_items(facts(due=[due(-1)]))
    assert item.sentence == "“Call Mum” was due at 11:00. How did it go?"


def test_more_than_three_open_promises_point_to_the_promises_page():
    items = logic.due_items(facts(due=[due(h) for h in (1, 2, 3, 4)]))
    assert len(items) == 4
    assert items[-1].sentence == "More of your promises are open now." and not items[-1].post_url


def test_a_kept_report_waits_for_my_confirmation():
    waiting = logic.Waiting(uuid.uuid4(), uuid.uuid4(), "Call Mum", "Alex", NOW - timedelta(hours=2))
    [item] = logic.confirm_items(facts(waiting=[waiting]))
    assert item.sentence == "Alex says they kept “Call Mum” (10:00). Did it happen?"
    assert item.post_url.endswith("/confirm/") and item.url.endswith("/dispute/")


def test_pauses_read_differently_for_who_called_them_and_when_time_is_up():
    mine = logic.Pause(uuid.uuid4(), "Alex", True, NOW + timedelta(minutes=20))
    theirs = logic.Pause(uuid.uuid4(), "Alex", False, NOW + timedelta(minutes=20))
    over = logic.Pause(uuid.uuid4(), "Alex", False, NOW - timedelta(minutes=5))
    forgotten = logic.Pause(uuid.uuid4(), "Alex", True, NOW - timedelta(days=logic.PAUSE_DAYS + 1))
    sentences = [i.sentence for i in logic.pause_items(facts(pauses=[mine, theirs, over, forgotten]))]
    assert sentences == [
        "You are taking a pause from Alex until 12:20. Let your body settle first.",
        "Alex called a pause until 12:20. Let your body settle first.",
        "It’s time to come back together with Alex, gently.",
    ]


def test_answers_others_wait_for_come_before_my_own_list():
    reflection = logic.ReflectionWaiting(uuid.uuid4(), uuid.uuid4(), "Alex")
    items = logic.needs_now(facts(due=[due(3)], reflections=[reflection], offers_waiting=1))
    assert [i.kind for i in items] == ["reflection", "due", "offer"]
    assert items[0].sentence.startswith("Alex put your side of a rupture into their own words.")
    assert items[2].label == "1 offer waits for your answer"
    assert items[2].sentence.startswith("A sign of change was offered to you as a promise.")


# --- celebrating -----------------------------------------------------------------------


def test_a_repair_finished_lately_is_celebrated_and_an_old_one_is_not():
    recent = logic.Repaired(uuid.uuid4(), ("Alex",), True, NOW - timedelta(days=3))
    theirs = logic.Repaired(uuid.uuid4(), ("Alex", "Sam"), False, NOW - timedelta(days=1))
    old = logic.Repaired(uuid.uuid4(), ("Alex",), True, NOW - timedelta(days=logic.REPAIRED_DAYS + 1))
    first, second = logic.repaired_items(facts(repaired=[recent, theirs, old]))
    # The date follows the language's one date format, whatever it is.
    assert first.sentence.startswith("Alex and Sam repaired a rupture on ") and "6" in first.sentence
    assert second.sentence.startswith("You and Alex repaired a rupture on ")
    assert second.sentence.endswith("That took courage from all of you.")
    assert second.label == "Read the summary"


def test_thanks_to_me_come_first_with_a_short_quote():
    long_text = " ".join(["thank you"] * 30)
    to_circle = logic.Thanks(uuid.uuid4(), "Sam", False, "For dinner", NOW - timedelta(hours=1))
    to_me = logic.Thanks(uuid.uuid4(), "Alex", True, long_text, NOW - timedelta(days=2))
    old = logic.Thanks(uuid.uuid4(), "Alex", True, "Long ago", NOW - timedelta(days=logic.THANKS_DAYS + 1))
    items = logic.thanks_items(facts(thanks=[to_circle, to_me, old]))
    assert [i.sentence for i in items] == ["Alex thanked you.", "Sam thanked the circle."]
    assert items[0].quote.endswith("…") and len(items[0].quote.split()) == 20


# --- the reach-out guide, and the first steps ------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "place"),
    [
        ("recovery", "active", None),
        ("professional", "active", None),
        ("sponsor", "active", None),
        ("partner", "active", "later"),
        ("parent", "paused", "later"),
        ("child", "stepped_away", "first"),
        ("partner", "stepped_away", "first"),
    ],
)
def test_the_reach_out_guide_is_offered_where_it_fits(role, status, place):
    assert logic.reachout_place(role, status) == place


def test_a_newcomer_with_nothing_yet_gets_first_steps_that_fit_their_role():
    recovery = logic.today(facts(newcomer=True))
    assert [i.label for i in recovery.first_steps] == ["Make a small promise", "Check in"]
    partner = logic.today(facts(newcomer=True, role="partner"))
    assert partner.first_steps[0].label == "Write a few words of thanks"
    pro = logic.today(facts(newcomer=True, role="professional"))
    assert pro.first_steps[0].label == "See the people in this circle"
    stepped_away = logic.today(facts(newcomer=True, role="partner", status="stepped_away"))
    assert [i.label for i in stepped_away.first_steps] == ["Check in"]
    alone = logic.today(facts(newcomer=True, alone=True))
    assert alone.first_steps[0].label == "Invite someone"


def test_first_steps_give_way_to_anything_real():
    busy = facts(newcomer=True, due=[due(2)])
    assert logic.is_quiet(replace(busy, due=())) and not logic.is_quiet(busy)
    assert logic.today(busy).first_steps == []
    assert logic.today(facts(newcomer=False)).first_steps == []


def test_spanish_words():
    with translation.override("es"):
        [item] = logic.run_items(facts(answered=answered(ME, ["kept"] * 6 + ["missed"])))
    assert item.sentence == "Cumpliste 6 de tus últimas 7 promesas a Alex."
