"""Ledger rules against the database, with a controlled clock."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time

import pytest

from ledger import logic
from ledger.models import Occurrence, OccurrenceChange, Promise
from ledger.rules import outcomes
from ledger.rules.schedule import Rule
from ledger.tests.factories import new_promise
from notifications.models import Notification


def test_a_daily_promise_lays_out_today_and_tomorrow(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    days = sorted(o.due_date for o in promise.occurrences.all())
    assert days == [date(2026, 3, 2), date(2026, 3, 3)]


def test_laying_out_twice_creates_nothing_new(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    assert logic.lay_out(promise) == 0


def test_due_at_1900_local_stays_1900_across_daylight_saving(cast, at):
    cast.alice.user.time_zone = "America/New_York"
    cast.alice.user.save()
    at(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))  # the US clocks change on 8 March 2026
    promise = new_promise(cast.alice, [cast.bob], tz="America/New_York")
    for day in range(3):
        at(datetime(2026, 3, 7 + day, 12, 0, tzinfo=UTC))
        logic.lay_out(promise)
    zone = zoneinfo.ZoneInfo("America/New_York")
    local_times = {o.due_at.astimezone(zone).time() for o in promise.occurrences.all()}
    utc_hours = sorted({o.due_at.astimezone(UTC).hour for o in promise.occurrences.all()})
    assert local_times == {time(19, 0)}
    assert utc_hours == [23, 0] or utc_hours == [0, 23]


def test_missed_after_grace_respects_local_time_across_dst(cast, at):
    cast.alice.user.time_zone = "America/New_York"
    cast.alice.user.save()
    at(datetime(2026, 3, 8, 12, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob], tz="America/New_York", frequency="once")
    occurrence = promise.occurrences.get()
    # Due 19:00 EDT = 23:00 UTC; grace is 24 hours.
    at(datetime(2026, 3, 9, 22, 59, tzinfo=UTC))
    assert logic.mark_missed() == 0
    at(datetime(2026, 3, 9, 23, 0, tzinfo=UTC))
    assert logic.mark_missed() == 1
    occurrence.refresh_from_db()
    assert occurrence.outcome == "missed"
    assert OccurrenceChange.objects.get(occurrence=occurrence).by is None


def test_kept_then_confirmed_is_recorded_step_by_step(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.answer(occurrence, "confirm", cast.bob)
    changes = list(occurrence.changes.values_list("before", "after"))
    assert changes == [("pending", "kept"), ("kept", "kept_confirmed")]
    assert Notification.objects.filter(user=cast.bob.user, kind="confirm_waiting").exists()


def test_someone_who_was_not_promised_cannot_confirm(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    with pytest.raises(outcomes.Refused):
        logic.answer(occurrence, "confirm", cast.carol)


def test_a_dispute_asks_the_promiser_to_talk(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.answer(occurrence, "dispute", cast.bob, "I waited and no call came")
    assert Notification.objects.filter(user=cast.alice.user, kind="talk_request").exists()
    assert occurrence.changes.get(after="disputed").note == "I waited and no call came"


def test_renegotiating_is_only_possible_before_it_is_due(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    at(datetime(2026, 3, 2, 19, 0, tzinfo=UTC))
    with pytest.raises(outcomes.Refused):
        logic.answer(occurrence, "renegotiate", cast.alice, "Can we move it?")


def test_pausing_drops_future_occurrences_and_resuming_brings_them_back(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    logic.pause(promise, "illness")
    assert promise.occurrences.count() == 0
    at(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    assert logic.lay_out(promise) == 0
    logic.resume(promise)
    assert sorted(o.due_date for o in promise.occurrences.all()) == [date(2026, 3, 10), date(2026, 3, 11)]


def test_changing_the_schedule_keeps_the_past(cast, at):
    at(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    today = promise.occurrences.get(due_date=date(2026, 3, 2))
    logic.answer(today, "report_kept", cast.alice)
    new_rule = Rule("weekdays", time(9, 0), "UTC", date(2026, 3, 3), weekdays=(0, 2))
    logic.change_schedule(promise, new_rule)
    assert Occurrence.objects.get(pk=today.pk).outcome == "kept"
    assert not promise.occurrences.filter(due_date=date(2026, 3, 3)).exists()
    assert promise.schedules.count() == 2


def test_reminders_go_out_once_before_due(cast, at):
    at(datetime(2026, 3, 2, 18, 10, tzinfo=UTC))
    new_promise(cast.alice, [cast.bob], frequency="once")
    assert logic.send_reminders() == 1
    assert logic.send_reminders() == 0
    assert Notification.objects.filter(user=cast.alice.user, kind="promise_due").count() == 1


def test_ending_a_promise_stops_it(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    logic.end(promise)
    at(datetime(2026, 3, 5, 8, 0, tzinfo=UTC))
    assert logic.lay_out_all() == 0
    assert Promise.objects.get(pk=promise.pk).state == "ended"
