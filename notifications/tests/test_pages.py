"""The notifications page, opening one, marking all read, and the count in the header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.logic import notify
from notifications.models import Kind, Notification

LIST = reverse("notifications:list")


def _notify(member, kind=Kind.CONFIRM_WAITING, *, url="/circles/", minutes_ago=0) -> Notification:
    when = datetime(2026, 5, 4, 12, 0, tzinfo=UTC) - timedelta(minutes=minutes_ago)
    return notify(member.user, kind, url, circle_id=member.circle_id, now=when)


def test_the_page_lists_my_notifications_newest_first(cast, login):
    _notify(cast.bob, Kind.RENEGOTIATED, minutes_ago=30)
    _notify(cast.bob, Kind.CONFIRM_WAITING)
    _notify(cast.carol, Kind.TALK_REQUEST)
    page = login(cast.bob).get(LIST).content.decode()
    newer = page.index("Someone is waiting for your confirmation")
    older = page.index("A promise to you was changed in advance")
    assert newer < older
    assert "Someone would like to talk about a promise" not in page


def test_unread_notifications_stand_out(cast, login):
    _notify(cast.bob)
    page = login(cast.bob).get(LIST).content.decode()
    assert "<strong>Someone is waiting for your confirmation</strong>" in page


def test_the_page_says_so_when_there_is_nothing(cast, login):
    page = login(cast.bob).get(LIST).content.decode()
    assert "Nothing here yet" in page


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# A GET (a prefetching browser, a mail scanner) goes there too, but never changes anything.
@pytest.mark.parametrize(("method", "marks_read"), [("post", True), ("get", False)])
def test_opening_a_notification_goes_to_its_page_and_a_post_marks_it_read(cast, login, method, marks_read):
    target = reverse("ledger:mine", args=[cast.circle.pk])
    notification = _notify(cast.bob, url=target)
    response = getattr(login(cast.bob), method)(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == target
    notification.refresh_from_db()
    assert (notification.read_at is not None) is marks_read


def test_someone_elses_notification_is_a_404_and_stays_unread(cast, login):
    notification = _notify(cast.bob)
    response = login(cast.olga).post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_opens_a_notification_with_a_post(cast, login):
    notification = _notify(cast.bob)
    page = login(cast.bob).get(LIST).content.decode()
    assert f'<form method="post" action="{reverse("notifications:open", args=[notification.pk])}"' in page


def test_a_notification_pointing_off_site_goes_to_the_list_instead(cast, login):
    notification = _notify(cast.bob, url="https://evil.example/")
    response = login(cast.bob).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_mark_all_as_read_marks_only_mine(cast, login):
    _notify(cast.bob)
    _notify(cast.bob, Kind.RENEGOTIATED)
    carols = _notify(cast.carol)
    response = login(cast.bob).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=cast.bob.user, read_at__isnull=True).exists()
    carols.refresh_from_db()
    assert carols.read_at is None


def test_mark_all_as_read_needs_a_post(cast, login):
    _notify(cast.bob)
    assert login(cast.bob).get(reverse("notifications:read_all")).status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_header_shows_how_many_are_unread(cast, login):
    for kind in (Kind.CONFIRM_WAITING, Kind.RENEGOTIATED, Kind.TALK_REQUEST):
        _notify(cast.bob, kind)
    Notification.objects.filter(kind=Kind.TALK_REQUEST).update(read_at=datetime(2026, 5, 4, tzinfo=UTC))
    page = login(cast.bob).get(reverse("circles:list")).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> unread</span></span>' in page


def test_the_header_shows_no_count_when_everything_is_read(cast, login):
    page = login(cast.bob).get(reverse("circles:list")).content.decode()
    assert 'href="/notifications/"' in page
    assert 'visually-hidden"> unread' not in page


def _queries(client, path) -> list[str]:
    client.get(path)  # the first request of a session records it; count the ones after
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_count_is_one_query_however_many_there_are(cast, login):
    client = login(cast.bob)
    _notify(cast.bob)
    few = _queries(client, reverse("circles:list"))
    for minutes in range(1, 40):
        _notify(cast.bob, minutes_ago=minutes)
    many = _queries(client, reverse("circles:list"))
    assert len(few) == len(many)
    counts = [sql for sql in many if "notifications_notification" in sql]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()


def test_the_list_page_queries_do_not_grow_with_notifications(cast, login):
    client = login(cast.bob)
    _notify(cast.bob)
    few = _queries(client, LIST)
    for minutes in range(1, 40):
        _notify(cast.bob, minutes_ago=minutes)
    assert len(_queries(client, LIST)) == len(few)


def test_signed_out_pages_do_not_count_notifications(client, db):
    sql = _queries(client, reverse("account_login"))
    assert not [q for q in sql if "notifications_notification" in q]
