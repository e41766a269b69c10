""" "Who has seen my information": the member reads the rows about them, in plain words, in
their language and time zone, filtered, in pages, and as CSV; nobody else ever reads them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access_log.logic import Shown, record
from access_log.models import AccessRecord
from access_log.tests.helpers import many, seen
from circles.consent.categories import Category
from circles.models import Member
from tests.support import give_totp, join, make_user

PAGE = reverse("access_log:list")
CSV = reverse("access_log:csv")


def _text(response) -> str:
    return response.content.decode()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_page_lists_what_the_professional_was_shown_in_plain_words(cast, login):
    record(cast.pat, [Shown(cast.alice.pk, Category.CHECKINS, "checkins.checkin")])
    page = _text(login(cast.alice).get(PAGE))
    assert "Pat saw a check-in" in page
    assert "Rivera" in page and "Check-ins and time-outs" in page
    assert "For: My treatment with this professional" in page


def test_when_is_written_in_the_members_time_zone_and_mends_format(cast, login):
    seen(cast.pat, cast.alice, at=datetime(2026, 12, 7, 18, 5, tzinfo=UTC))
    cast.alice.user.time_zone = "America/Mexico_City"
    cast.alice.user.save()
    assert "7 December 2026, 12:05" in _text(login(cast.alice).get(PAGE))


def test_the_page_is_in_spanish_for_a_spanish_speaker(cast, login):
    seen(cast.pat, cast.alice, at=datetime(2026, 12, 7, 18, 5, tzinfo=UTC))
    cast.alice.user.language = "es"
    cast.alice.user.save()
    page = _text(login(cast.alice).get(PAGE))
    assert "Quién ha visto mi información" in page
    assert "Pat vio un registro" in page
    assert "7 de diciembre de 2026, 18:05" in page


def test_an_empty_log_says_what_will_appear_here(cast, login):
    page = _text(login(cast.alice).get(PAGE))
    assert (
        "When a professional you have given consent to opens something of yours, it is listed here." in page
    )
    assert "Download" not in page


def test_every_kind_reads_as_words_and_an_unknown_kind_still_reads(cast, login):
    seen(cast.pat, cast.alice, kind="caseload", category=Category.PROMISES)
    seen(cast.pat, cast.alice, kind="chart", category=Category.SCORES, days_ago=1)
    seen(cast.pat, cast.alice, kind="something.new", days_ago=2)
    page = _text(login(cast.alice).get(PAGE))
    assert "Pat saw the caseload row" in page
    assert "Pat saw trend charts" in page
    assert "Pat saw something of yours" in page


def test_rows_from_every_membership_are_listed_even_a_circle_left(cast, login):
    other = Member.objects.get(pk=cast.olga.pk)
    alice_there = join(other.circle, cast.alice.user, Member.Role.FRIEND)
    quinn = join(other.circle, make_user("quinn"), Member.Role.PROFESSIONAL)
    seen(quinn, alice_there)
    seen(cast.pat, cast.alice, days_ago=1)
    Member.objects.filter(pk=alice_there.pk).update(left_at=datetime(2026, 1, 1, tzinfo=UTC))
    page = _text(login(cast.alice).get(PAGE))
    assert "Quinn saw a check-in" in page and "Pat saw a check-in" in page
    assert "Elsewhere" in page


def test_only_the_last_three_years_are_shown(cast, login):
    seen(cast.pat, cast.alice, days_ago=3 * 365 - 2, kind="chart")
    seen(cast.pat, cast.alice, days_ago=3 * 365 + 2, kind="caseload")
    page = _text(login(cast.alice).get(PAGE))
    assert "Pat saw trend charts" in page
    assert "caseload" not in page


# --- who may read -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "carol", "pat", "olga"])
def test_nobody_else_reads_the_members_rows(cast, login, who):
    record(cast.pat, [Shown(cast.alice.pk, Category.CHECKINS, "checkins.checkin")])
    client = login(getattr(cast, who))
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 200
        body = _text(response) if url == PAGE else b"".join(response.streaming_content).decode()
        assert "saw a check-in" not in body and "a check-in" not in body


def test_site_staff_read_nothing_and_the_admin_lists_no_access_records(cast, client):
    record(cast.pat, [Shown(cast.alice.pk, Category.CHECKINS, "checkins.checkin")])
    staff = make_user("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    give_totp(staff)
    client.force_login(staff)
    assert "saw a check-in" not in _text(client.get(PAGE))
    assert client.get("/admin/access_log/accessrecord/").status_code == 404
    from django.contrib import admin

    assert AccessRecord not in admin.site._registry


def test_the_page_and_the_download_need_a_login(client, db):
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_settings_and_account_activity_link_to_it(cast, login):
    client = login(cast.alice)
    assert PAGE in _text(client.get(reverse("accounts:profile")))
    assert PAGE in _text(client.get(reverse("audit:activity")))


# --- filters ------------------------------------------------------------------------------


def _two_professionals(cast):
    quinn = join(cast.circle, make_user("quinn"), Member.Role.PROFESSIONAL)
    seen(cast.pat, cast.alice, days_ago=1, category=Category.CHECKINS, kind="checkins.checkin")
    seen(quinn, cast.alice, days_ago=10, category=Category.PROMISES, kind="ledger.promise")
    seen(cast.pat, cast.alice, days_ago=20, category=Category.REPAIR, kind="repair.rupture")
    return quinn


def test_filter_by_professional(cast, login):
    quinn = _two_professionals(cast)
    page = _text(login(cast.alice).get(PAGE, {"professional": str(quinn.pk)}))
    assert "Quinn saw a promise" in page and "Pat saw" not in page


def test_filter_by_category(cast, login):
    _two_professionals(cast)
    page = _text(login(cast.alice).get(PAGE, {"category": Category.REPAIR}))
    assert "Pat saw a rupture" in page and "a check-in" not in page and "a promise" not in page


def test_filter_by_days_in_the_members_own_time_zone(cast, login):
    _two_professionals(cast)
    today = datetime.now(UTC).date()
    asked = {"since": str(today - timedelta(days=15)), "until": str(today - timedelta(days=5))}
    page = _text(login(cast.alice).get(PAGE, asked))
    assert "Quinn saw a promise" in page and "a check-in" not in page and "a rupture" not in page


def test_a_day_is_the_members_day_not_utcs(cast, login):
    # 23:30 in Mexico City on 6 December is 05:30 UTC on 7 December.
    seen(cast.pat, cast.alice, at=datetime(2026, 12, 7, 5, 30, tzinfo=UTC))
    cast.alice.user.time_zone = "America/Mexico_City"
    cast.alice.user.save()
    client = login(cast.alice)
    assert "Pat saw" in _text(client.get(PAGE, {"since": "2026-12-06", "until": "2026-12-06"}))
    assert "Pat saw" not in _text(client.get(PAGE, {"since": "2026-12-07", "until": "2026-12-07"}))


def test_a_backwards_range_gets_a_clear_message_and_keeps_what_was_typed(cast, login):
    _two_professionals(cast)
    response = login(cast.alice).get(PAGE, {"since": "2026-12-07", "until": "2026-12-01"})
    assert response.status_code == 200
    page = _text(response)
    assert "Please choose a last day on or after the first." in page
    assert 'value="2026-12-07"' in page


@pytest.mark.parametrize(
    "asked",
    [
        {"professional": "not-a-uuid"},
        {"professional": "00000000-0000-0000-0000-000000000000"},
        {"category": "nope"},
        {"since": "yesterday"},
        {"page": "x" * 40},
        {"page": "9" * 30},
    ],
)
def test_bad_input_never_fails(cast, login, asked):
    _two_professionals(cast)
    client = login(cast.alice)
    assert client.get(PAGE, asked).status_code == 200
    assert client.get(CSV, asked).status_code == 200


def test_a_filter_with_nothing_found_says_so(cast, login):
    _two_professionals(cast)
    page = _text(login(cast.alice).get(PAGE, {"category": Category.MEASURES}))
    assert "Nothing matches these choices." in page and "Show everything" in page


def test_another_members_professional_is_not_offered_as_a_choice(cast, login):
    seen(cast.pat, cast.bob)
    page = _text(login(cast.alice).get(PAGE))
    assert str(cast.pat.pk) not in page


# --- many rows ----------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    client.get(url, params or {})  # the first request of a session records it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_many_rows_come_in_pages_with_the_same_number_of_queries(cast, login):
    client = login(cast.alice)
    many(cast.pat, cast.alice, 3)
    few = _queries(client, PAGE)
    many(cast.pat, cast.alice, 2000)
    assert _queries(client, PAGE) == few
    assert _queries(client, PAGE, {"page": "40"}) == few
    first = client.get(PAGE)
    assert first.context["page"].paginator.count == 2003
    assert len(first.context["lines"]) == 30
    assert "page=2" in _text(first)


def test_page_links_keep_the_filters(cast, login):
    many(cast.pat, cast.alice, 40, category=Category.SCORES)
    page = _text(login(cast.alice).get(PAGE, {"category": Category.SCORES}))
    assert "category=scores&amp;page=2" in page


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_has_the_same_rows_and_filters(cast, login):
    _two_professionals(cast)
    response = login(cast.alice).get(CSV, {"category": Category.PROMISES})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = _csv(response)
    assert table[0] == ["When", "Professional", "Circle", "Information", "What was shown", "Purpose"]
    assert [row[1:] for row in table[1:]] == [
        ["Quinn", "Rivera", "Promises and follow-through", "a promise", "My treatment with this professional"]
    ]


def test_the_csv_is_in_the_members_language_and_time_zone(cast, login):
    seen(cast.pat, cast.alice, at=datetime(2026, 12, 7, 18, 5, tzinfo=UTC))
    cast.alice.user.language, cast.alice.user.time_zone = "es", "America/Mexico_City"
    cast.alice.user.save()
    table = _csv(login(cast.alice).get(CSV))
    assert table[0][0] == "Cuándo"
    assert table[1][0] == "2026-12-07T12:05:00-06:00"
    assert table[1][4] == "un registro"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_run_as_formulas(cast, login, start):
    name = f"{start}HYPERLINK(1)"
    cast.circle.name = name
    cast.circle.save()
    seen(cast.pat, cast.alice)
    table = _csv(login(cast.alice).get(CSV))
    assert table[1][2] == "'" + name
