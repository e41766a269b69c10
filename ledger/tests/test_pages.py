"""Ledger pages through the real HTTP stack."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from ledger import logic
from ledger.models import Occurrence, Promise, SmallMoment
from ledger.tests.factories import new_promise


def _url(name, cast, *args):
    return reverse(f"ledger:{name}", args=[cast.circle.pk, *args])


def test_making_a_weekly_promise_through_the_form(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    response = login(cast.alice).post(
        _url("new", cast),
        {
            "what": "Call Mum",
            "recipients": [cast.bob.pk],
            "frequency": "weekdays",
            "weekdays": ["6"],
            "due_time": "19:00",
            "starts_on": "2026-03-02",
            "audience": "circle",
        },
    )
    promise = Promise.objects.get()
    assert response.status_code == 302
    assert (promise.what, list(promise.recipients.all())) == ("Call Mum", [cast.bob])
    assert promise.current_schedule.weekdays == [6]


def test_a_promise_without_recipients_is_refused_and_keeps_what_was_typed(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    response = login(cast.alice).post(
        _url("new", cast),
        {"what": "Home by 10", "frequency": "daily", "due_time": "22:00", "starts_on": "2026-03-02"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Please choose who you promise" in page and "Home by 10" in page
    assert not Promise.objects.exists()


def test_a_promise_cannot_start_in_the_past(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    response = login(cast.alice).post(
        _url("new", cast),
        {
            "what": "x",
            "to_circle": "on",
            "frequency": "daily",
            "due_time": "22:00",
            "starts_on": "2026-02-01",
        },
    )
    assert "the past stays as it was" in response.content.decode()


def test_the_ledger_shows_what_is_open_and_what_waits_for_confirmation(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once", what="Call Mum").occurrences.get()
    assert "Call Mum" in login(cast.alice).get(_url("mine", cast)).content.decode()
    logic.answer(occurrence, "report_kept", cast.alice)
    page = login(cast.bob).get(_url("mine", cast)).content.decode()
    assert "Waiting for you to confirm" in page and "Call Mum" in page


def test_reporting_kept_and_confirming_through_the_pages(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    login(cast.alice).post(_url("answer", cast, occurrence.pk, "report_kept"))
    login(cast.bob).post(_url("answer", cast, occurrence.pk, "confirm"))
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "kept_confirmed"


def test_disputing_leads_to_a_respectful_prompt_to_talk(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    response = login(cast.bob).post(_url("answer", cast, occurrence.pk, "dispute"), {"note": ""}, follow=True)
    page = response.content.decode()
    assert "A chance to talk" in page and "not to keep score" in page


def test_someone_not_promised_is_told_kindly_they_cannot_confirm(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    response = login(cast.carol).post(_url("answer", cast, occurrence.pk, "confirm"), follow=True)
    assert "Only the person it was promised to" in response.content.decode()
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "kept"


def test_renegotiating_needs_a_note_and_keeps_it(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    client = login(cast.alice)
    response = client.post(_url("answer", cast, occurrence.pk, "renegotiate"), {"note": ""})
    assert "Please add a few words" in response.content.decode()
    client.post(_url("answer", cast, occurrence.pk, "renegotiate"), {"note": "Working late, call tomorrow"})
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "renegotiated"


def test_promiser_pauses_resumes_and_ends(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    client = login(cast.alice)
    client.post(_url("pause", cast, promise.pk), {"reason": "hospital"})
    assert Promise.objects.get(pk=promise.pk).state == "paused"
    client.post(_url("resume", cast, promise.pk))
    assert Promise.objects.get(pk=promise.pk).state == "active"
    client.post(_url("end", cast, promise.pk))
    assert Promise.objects.get(pk=promise.pk).state == "ended"


def test_only_the_promiser_can_pause(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    response = login(cast.bob).post(_url("pause", cast, promise.pk), {"reason": "holiday"})
    assert response.status_code == 403


def test_changing_the_plan_through_the_page(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob])
    login(cast.alice).post(
        _url("change", cast, promise.pk),
        {"frequency": "per_week", "times_per_week": "3", "due_time": "21:00", "starts_on": "2026-03-03"},
    )
    assert promise.schedules.count() == 2


def test_promise_page_shows_history_in_warm_words_and_why(cast, login, at):
    at(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob], frequency="weekdays", weekdays=(6,))
    occurrence = promise.occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    page = login(cast.bob).get(_url("promise", cast, promise.pk)).content.decode()
    assert "Why this number?" in page and "Kept" in page
    assert "FAILED" not in page.upper().replace("FAILED_", "")


def test_one_tap_small_moment(cast, login):
    client = login(cast.bob)
    client.post(
        _url("moments", cast), {"about": cast.alice.pk, "kind": "call_returned", "audience": "circle"}
    )
    moment = SmallMoment.objects.get()
    assert (moment.author, moment.about, moment.kind) == (cast.bob, cast.alice, "call_returned")
    assert "Returned a call" in login(cast.carol).get(_url("moments", cast)).content.decode()


def test_custom_small_moment_needs_words(cast, login):
    response = login(cast.bob).post(
        _url("moments", cast), {"about": cast.alice.pk, "kind": "custom", "audience": "only_me"}
    )
    assert "Please say in a few words" in response.content.decode()
    assert not SmallMoment.objects.exists()


def test_relationship_page_has_a_chart_and_a_table(cast, login, at):
    at(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.answer(occurrence, "confirm", cast.bob)
    page = login(cast.bob).get(_url("relationship", cast, cast.alice.pk)).content.decode()
    assert "<svg" in page and "<table" in page and "Score at the end of each month" in page


def test_relationship_with_an_outsider_is_404(cast, login):
    assert login(cast.bob).get(_url("relationship", cast, cast.olga.pk)).status_code == 404


def test_how_scores_work_page(cast, login):
    page = login(cast.bob).get(_url("how_scores_work", cast)).content.decode()
    assert "never brings it to zero" in page


def test_circle_home_shows_follow_through_and_small_moments(cast, login, at):
    at(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.note_moment(cast.bob, cast.alice, "on_time", audience="circle")
    page = login(cast.bob).get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert "follow-through" in page and "Was on time" in page
