"""A promise missed or seen differently leads to "Start a repair": the five steps, begun
with the promise already named (issue 14, point 9)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from ledger import logic as ledger
from ledger.tests.factories import new_promise
from notifications.models import Kind, Notification
from repair.models import Rupture
from tests.support import selected

EMPTY = "That promise can’t be opened here, so the form starts empty."


def _new(cast, promise_id) -> str:
    return reverse("repair:new", args=[cast.circle.pk]) + f"?promise={promise_id}"


def _disputed(cast, what="Call Mum", audience="circle"):
    promise = new_promise(cast.alice, [cast.bob], audience=audience, what=what)
    occurrence = promise.occurrences.order_by("due_at").first()
    ledger.answer(occurrence, "report_kept", cast.alice)
    ledger.answer(occurrence, "dispute", cast.bob)
    return promise, occurrence


def test_the_form_starts_with_the_promise_named_and_the_other_person_ticked(cast, login):
    promise, _occurrence = _disputed(cast)
    page = login(cast.alice).get(_new(cast, promise.pk)).content.decode()
    assert "About the promise “Call Mum”:" in page
    assert selected(page, "others") == [str(cast.bob.pk)]
    assert EMPTY not in page


def test_the_person_it_was_promised_to_can_start_it_too_in_spanish(cast, login):
    promise, _occurrence = _disputed(cast)
    cast.bob.user.language = "es"
    cast.bob.user.save()
    page = login(cast.bob).get(_new(cast, promise.pk)).content.decode()
    assert "Sobre la promesa “Call Mum”:" in page
    assert selected(page, "others") == [str(cast.alice.pk)]


def test_when_it_happened_is_the_time_it_fell_due(cast, login, at):
    at(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    promise, occurrence = _disputed(cast)
    at(occurrence.due_at + timedelta(days=1))
    page = login(cast.alice).get(_new(cast, promise.pk)).content.decode()
    assert f'value="{occurrence.due_at:%Y-%m-%dT%H:%M}"' in page


@pytest.mark.parametrize("which", ["private", "unknown", "junk", "other circle"])
def test_a_promise_one_may_not_see_gives_the_same_plain_empty_form(cast, login, which):
    private = new_promise(cast.carol, [], audience="only_me", what="canary-private-promise")
    elsewhere = new_promise(cast.olga, [], audience="only_me", what="canary-elsewhere")
    value = {
        "private": private.pk,
        "unknown": uuid.uuid4(),
        "junk": "not-an-id",
        "other circle": elsewhere.pk,
    }[which]
    response = login(cast.alice).get(_new(cast, value))
    page = response.content.decode()
    assert response.status_code == 200
    assert EMPTY in page
    assert "canary" not in page and "About the promise" not in page


def test_saving_starts_the_repair_and_the_talk_request_is_dealt_with(cast, login):
    promise, _occurrence = _disputed(cast)
    talk = Notification.objects.get(user=cast.alice.user, kind=Kind.TALK_REQUEST)
    client = login(cast.alice)
    response = client.post(
        _new(cast, promise.pk),
        {
            "others": [cast.bob.pk],
            "what": "About the promise “Call Mum”: we saw it differently",
            "happened_at": "2026-01-01T10:00",
            "size": "small",
            "audience": "only_me",
        },
    )
    rupture = Rupture.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("repair:detail", args=[cast.circle.pk, rupture.pk])
    assert set(rupture.parties.all()) == {cast.alice, cast.bob}
    talk.refresh_from_db()
    assert talk.read_at is not None
    assert Notification.objects.filter(user=cast.bob.user, kind=Kind.REPAIR_INVITED).count() == 1


def test_the_promise_page_and_the_talk_page_offer_it_for_a_disputed_one(cast, login):
    promise, occurrence = _disputed(cast)
    start = f'href="{_new(cast, promise.pk)}"'
    for member in (cast.alice, cast.bob):
        page = (
            login(member).get(reverse("ledger:promise", args=[cast.circle.pk, promise.pk])).content.decode()
        )
        assert start in page and "Start a repair" in page
    talk = (
        login(cast.alice).get(reverse("ledger:talk", args=[cast.circle.pk, occurrence.pk])).content.decode()
    )
    assert start in talk


def test_a_missed_one_offers_it_and_a_pending_one_does_not(cast, login, at):
    at(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    client = login(cast.alice)
    url = reverse("ledger:promise", args=[cast.circle.pk, promise.pk])
    assert "Start a repair" not in client.get(url).content.decode()
    at(promise.occurrences.order_by("due_at").first().due_at + timedelta(days=2))
    assert ledger.mark_missed() >= 1
    assert "Start a repair" in login(cast.alice).get(url).content.decode()  # a new session, days later


def test_someone_who_only_reads_the_promise_is_not_offered_it(cast, login):
    promise, _occurrence = _disputed(cast)
    page = (
        login(cast.carol).get(reverse("ledger:promise", args=[cast.circle.pk, promise.pk])).content.decode()
    )
    assert "Start a repair" not in page
