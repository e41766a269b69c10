"""The collapse and sentence rules over plain data: no database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from notifications import rules
from notifications.models import Kind

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
CIRCLE = uuid.uuid4()
PAUSE, REPAIR = uuid.uuid4(), uuid.uuid4()
ALEX, SAM = uuid.uuid4(), uuid.uuid4()


def _event(kind=Kind.REPAIR_STEP, target=REPAIR, actor=ALEX, minutes=0, circle=CIRCLE) -> rules.Item:
    return rules.Item(
        kind=kind, circle_id=circle, target_id=target, actor_id=actor, at=NOON + timedelta(minutes=minutes)
    )


# --- collapse --------------------------------------------------------------------------


def test_five_steps_of_one_repair_make_one_item_counting_five():
    items: list[rules.Item] = []
    for minute in range(5):
        items = rules.collapse(items, _event(minutes=minute, actor=ALEX if minute % 2 else SAM))
    assert len(items) == 1
    (item,) = items
    assert item.count == 5
    assert item.at == NOON + timedelta(minutes=4)  # moved up to the latest
    assert item.actor_id == SAM  # the latest one who acted


def test_other_kinds_other_things_and_other_circles_stay_apart():
    items = rules.collapse([], _event())
    items = rules.collapse(items, _event(kind=Kind.REPAIR_INVITED))
    items = rules.collapse(items, _event(target=uuid.uuid4()))
    items = rules.collapse(items, _event(circle=uuid.uuid4()))
    assert len(items) == 4 and all(i.count == 1 for i in items)


def test_a_read_item_is_left_alone_and_news_starts_a_new_one():
    read = replace(_event(), read=True)
    items = rules.collapse([read], _event(minutes=5))
    assert items == [read, _event(minutes=5)]


def test_news_of_a_thing_that_names_none_never_joins_another():
    # Rows from before notifications named their thing may be about different things.
    items = rules.collapse([], _event(target=None))
    items = rules.collapse(items, _event(target=None, minutes=1))
    assert len(items) == 2


def test_reminders_about_nothing_in_particular_gather():
    items = rules.collapse([], _event(kind=Kind.CHECKIN_REMINDER, target=None, actor=None))
    items = rules.collapse(items, _event(kind=Kind.CHECKIN_REMINDER, target=None, actor=None, minutes=60))
    assert len(items) == 1 and items[0].count == 2


def test_an_older_event_arriving_late_never_moves_the_time_back():
    item = rules.collapse([], _event(minutes=10))
    (merged,) = rules.collapse(item, _event(minutes=1))
    assert merged.at == NOON + timedelta(minutes=10)


events = st.builds(
    _event,
    kind=st.sampled_from([Kind.REPAIR_STEP, Kind.TIMEOUT_CALLED, Kind.CHECKIN_REMINDER]),
    target=st.sampled_from([PAUSE, REPAIR]),
    actor=st.sampled_from([ALEX, SAM, None]),
    minutes=st.integers(0, 600),
)


@given(st.lists(events, max_size=30))
def test_one_unread_item_per_thing_and_every_event_counted(sequence):
    items: list[rules.Item] = []
    for event in sequence:
        items = rules.collapse(items, event)
    keys = [(i.kind, i.circle_id, i.target_id) for i in items]
    assert len(keys) == len(set(keys))
    assert sum(i.count for i in items) == len(sequence)


# --- sentences -------------------------------------------------------------------------


def test_a_pause_names_the_person_and_until_when():
    seen = rules.Seen(kind=Kind.TIMEOUT_CALLED, actor="Alex", facts={"until": "19:20"})
    assert rules.sentence(seen) == "Alex called a pause until 19:20"
    with translation.override("es"):
        assert rules.sentence(seen) == "Alex pidió una pausa hasta las 19:20"


def test_each_act_of_someone_names_them():
    for kind in rules.BY_SOMEONE:
        line = rules.sentence(rules.Seen(kind=kind, actor="Alex", facts={"until": "19:20"}))
        assert line.startswith("Alex "), kind
        with translation.override("es"):
            assert "Alex" in rules.sentence(rules.Seen(kind=kind, actor="Alex", facts={"until": "19:20"}))


def test_a_thing_the_viewer_can_no_longer_see_reads_neutrally_without_a_name():
    for kind in Kind.values:
        seen = rules.Seen(kind=kind, visible=False, actor="Alex", facts={"until": "19:20", "with": "Alex"})
        line = rules.sentence(seen)
        assert line == "An update you can no longer open"
        assert "Alex" not in line and "19:20" not in line
        assert not rules.offers_repair(seen)


def test_without_a_name_to_show_an_act_says_only_its_kind():
    assert rules.sentence(rules.Seen(kind=Kind.TIMEOUT_CALLED)) == "Someone called a pause"


def test_rows_from_before_keep_their_plain_label():
    seen = rules.Seen(kind=Kind.REPAIR_STEP, has_target=False, actor="Alex")
    assert rules.sentence(seen) == "A repair you are part of moved on"


def test_reminders_and_times():
    assert rules.sentence(rules.Seen(kind=Kind.PROMISE_DUE, facts={"to": "Sam"})) == (
        "Your promise to Sam is coming up"
    )
    assert rules.sentence(rules.Seen(kind=Kind.PROMISE_DUE, facts={"to": ""})) == (
        "Your promise to the circle is coming up"
    )
    assert rules.sentence(rules.Seen(kind=Kind.TIMEOUT_RETURN, facts={"with": "Sam"})).startswith(
        "Your pause with Sam is over"
    )
    assert rules.times(1) == ""
    assert rules.times(5) == "5 updates"
    with translation.override("es"):
        assert rules.times(5) == "5 novedades"


def test_only_a_promise_seen_differently_offers_a_repair():
    assert rules.offers_repair(rules.Seen(kind=Kind.TALK_REQUEST, actor="Sam"))
    assert not rules.offers_repair(rules.Seen(kind=Kind.TALK_REQUEST, has_target=False))
    assert not rules.offers_repair(rules.Seen(kind=Kind.CONFIRM_WAITING, actor="Sam"))
