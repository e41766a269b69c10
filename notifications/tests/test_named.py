"""Notifications that help, through the real pages: they name the person and the thing,
gather repeated news, are read once acted on, offer a repair for a promise seen
differently, and never show what the reader may not see (issue 14, point 9)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins import logic as checkins
from circles.audience import Audience
from ledger import logic as ledger
from ledger.tests.factories import new_promise
from notifications.logic import deliver_due_emails, mark_done, notify
from notifications.models import Kind, Notification
from repair import logic as repair
from repair.tests.helpers import log, through_regulate, write_sides
from safety import logic as safety
from safety.tests.helpers import afraid

LIST = reverse("notifications:list")


def _page(client) -> str:
    return client.get(LIST).content.decode()


def _items(page: str) -> list[str]:
    """The text of each item's button, tags stripped."""
    buttons = re.findall(r'<button type="submit" class="link-button notice-open">(.*?)</button>', page, re.S)
    return [re.sub(r"<[^>]+>", "", b).strip() for b in buttons]


def _kept_and_disputed(cast, audience="circle"):
    promise = new_promise(cast.alice, [cast.bob], audience=audience, what="Call Mum")
    occurrence = promise.occurrences.order_by("due_at").first()
    ledger.answer(occurrence, "report_kept", cast.alice)
    return promise, occurrence


# --- naming ----------------------------------------------------------------------------


def test_a_pause_names_who_called_it_and_until_when_on_the_readers_clock(cast, login, at):
    at(datetime(2026, 5, 4, 17, 0, tzinfo=UTC))
    cast.bob.user.time_zone = "Europe/Madrid"  # UTC+2 in May
    cast.bob.user.save()
    checkins.call_timeout(cast.alice, cast.bob, 20)
    client = login(cast.bob)
    assert _items(_page(client)) == ["Alice called a pause until 19:20"]
    cast.bob.user.language = "es"
    cast.bob.user.save()
    assert _items(_page(client)) == ["Alice pidió una pausa hasta las 19:20"]


def test_promise_news_names_the_person_never_the_promise_text(cast, login):
    _promise, occurrence = _kept_and_disputed(cast)
    bob_page = _page(login(cast.bob))
    assert "Alice says they kept a promise to you. Can you confirm it?" in _items(bob_page)
    assert "Call Mum" not in bob_page  # the entry's text stays on the promise's own page
    ledger.answer(occurrence, "dispute", cast.bob)
    alice_page = _page(login(cast.alice))
    assert "Bob saw your promise differently and would like to talk" in _items(alice_page)
    assert "Call Mum" not in alice_page


def test_a_promise_seen_differently_offers_to_start_a_repair_with_it(cast, login):
    promise, occurrence = _kept_and_disputed(cast)
    ledger.answer(occurrence, "dispute", cast.bob)
    page = _page(login(cast.alice))
    start = reverse("repair:new", args=[cast.circle.pk]) + f"?promise={promise.pk}"
    assert f'href="{start}"' in page and "Start a repair" in page


def test_the_email_still_says_nothing_but_that_there_is_an_update(cast, login):
    checkins.call_timeout(cast.alice, cast.bob, 20)
    assert deliver_due_emails() == 1
    (message,) = mail.outbox
    for word in ("Alice", "pause", "Rivera"):
        assert word not in message.subject and word not in message.body


# --- gathering -------------------------------------------------------------------------


def test_news_of_one_repair_gathers_in_one_item(cast, login):
    rupture = log(cast.alice, cast.bob, cast.carol)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)  # both tell carol
    repair.pause(cast.alice, rupture)
    repair.resume(cast.alice, rupture)
    steps = Notification.objects.filter(user=cast.carol.user, kind=Kind.REPAIR_STEP)
    assert steps.count() == 1
    assert steps.get().count == 4
    items = _items(_page(login(cast.carol)))
    assert items == [
        "Alice moved on in a repair you share",
        "Alice invited you to repair something between you",
    ]
    assert "4 updates" in _page(login(cast.carol))


def test_once_read_new_news_is_a_new_item(cast, login):
    rupture = log(cast.alice, cast.bob)
    repair.pause(cast.alice, rupture)
    Notification.objects.filter(user=cast.bob.user).update(read_at=datetime(2026, 1, 1, tzinfo=UTC))
    repair.resume(cast.alice, rupture)
    assert Notification.objects.filter(user=cast.bob.user, kind=Kind.REPAIR_STEP).count() == 2


def test_the_list_costs_the_same_queries_however_many_items(cast, login):
    client = login(cast.bob)
    checkins.call_timeout(cast.alice, cast.bob, 20)
    _kept_and_disputed(cast)
    client.get(LIST)  # the first request of a session does its own one-off work
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for what in ("Walk", "Cook", "Read", "Call Dad"):
        promise = new_promise(cast.alice, [cast.bob], what=what)
        ledger.answer(promise.occurrences.first(), "report_kept", cast.alice)
        checkins.call_timeout(cast.carol, cast.bob, 20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST).content.decode()
    assert len(_items(page)) == 10
    assert len(many) == len(few)


# --- acting marks read -----------------------------------------------------------------


def _unread(member, kind) -> int:
    return Notification.objects.filter(user=member.user, kind=kind, read_at__isnull=True).count()


def test_confirming_a_promise_on_its_page_marks_the_news_read(cast, login):
    _promise, occurrence = _kept_and_disputed(cast)
    assert _unread(cast.bob, Kind.CONFIRM_WAITING) == 1
    login(cast.bob).post(reverse("ledger:answer", args=[cast.circle.pk, occurrence.pk, "confirm"]))
    assert _unread(cast.bob, Kind.CONFIRM_WAITING) == 0


def test_coming_back_from_a_pause_marks_it_read(cast, login):
    timeout = checkins.call_timeout(cast.alice, cast.bob, 20)
    checkins.come_back(timeout, cast.bob)
    assert _unread(cast.bob, Kind.TIMEOUT_CALLED) == 0


def test_taking_a_step_marks_the_repair_news_read_for_that_person_only(cast):
    rupture = log(cast.alice, cast.bob, cast.carol)
    through_regulate(rupture, cast.bob)
    assert _unread(cast.bob, Kind.REPAIR_INVITED) == 0
    assert _unread(cast.carol, Kind.REPAIR_INVITED) == 1


def test_checking_in_marks_the_reminder_read(cast):
    notify(cast.bob.user, Kind.CHECKIN_REMINDER, "/", circle_id=cast.circle.pk)
    checkins.record_checkin(cast.bob, checkins.CheckInData(state="settled"))
    assert _unread(cast.bob, Kind.CHECKIN_REMINDER) == 0


def test_mark_done_touches_only_that_persons_items_about_that_thing(cast):
    promise, _occurrence = _kept_and_disputed(cast)
    other = new_promise(cast.alice, [cast.bob], what="Walk")
    ledger.answer(other.occurrences.first(), "report_kept", cast.alice)
    notify(cast.carol.user, Kind.CONFIRM_WAITING, "/", circle_id=cast.circle.pk, about=promise)
    assert mark_done(cast.bob, promise) == 1
    assert _unread(cast.bob, Kind.CONFIRM_WAITING) == 1  # the other promise's
    assert _unread(cast.carol, Kind.CONFIRM_WAITING) == 1


# --- never what the reader may not see -------------------------------------------------


def test_a_promise_no_longer_shared_reads_neutrally_and_opens_nothing(cast, login):
    promise, _occurrence = _kept_and_disputed(cast)
    promise.set_audience(Audience.ONLY_ME)
    client = login(cast.bob)
    page = _page(client)
    assert _items(page) == ["An update you can no longer open"]
    assert "Alice" not in page.split("<main", 1)[1]
    (item,) = Notification.objects.filter(user=cast.bob.user)
    response = client.post(reverse("notifications:open", args=[item.pk]), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "That is no longer here to open." in response.content.decode()


def test_news_from_someone_she_said_she_is_not_safe_with_no_longer_names_him(cast, login):
    timeout = checkins.call_timeout(cast.bob, cast.alice, 20)
    rupture = log(cast.alice, cast.bob)
    repair.pause(cast.bob, rupture)
    assert "Bob called a pause" in " ".join(_items(_page(login(cast.alice))))
    safety.record_answers(cast.alice, cast.bob, afraid())
    page = _page(login(cast.alice))
    assert _items(page) == ["An update you can no longer open"] * 2
    main = page.split("<main", 1)[1]
    assert "Bob" not in main and "Start a repair" not in main
    assert timeout.pk  # the pause itself is his, made as always


def test_an_outsider_never_opens_someone_elses_item(cast, login):
    checkins.call_timeout(cast.alice, cast.bob, 20)
    (item,) = Notification.objects.filter(user=cast.bob.user)
    assert login(cast.olga).post(reverse("notifications:open", args=[item.pk])).status_code == 404
    assert "Alice" not in _page(login(cast.olga)).split("<main", 1)[1]


def test_a_member_who_left_sees_nothing_of_the_circle_in_old_items(cast, login):
    checkins.call_timeout(cast.alice, cast.bob, 20)
    cast.bob.left_at = datetime(2026, 1, 1, tzinfo=UTC)
    cast.bob.save()
    assert _items(_page(login(cast.bob))) == ["An update you can no longer open"]


def test_a_private_promise_text_never_reaches_the_list(cast, login):
    canary = "canary-7f3a private words"
    promise = new_promise(cast.alice, [cast.bob], audience=Audience.CIRCLE, what=canary)
    ledger.answer(promise.occurrences.first(), "report_kept", cast.alice)
    for member in (cast.alice, cast.bob, cast.carol, cast.pat):
        assert canary not in _page(login(member))


def test_gathered_news_sends_one_email_not_one_per_event(cast):
    rupture = log(cast.alice, cast.bob)
    for _ in range(3):
        repair.pause(cast.alice, rupture)
        repair.resume(cast.alice, rupture)
    assert deliver_due_emails() == 2  # the invitation, and the repair moving on (six times)
    repair.pause(cast.alice, rupture)  # still unread: it gathers, and no new email is due
    assert deliver_due_emails() == 0
    assert len(mail.outbox) == 2
