"""`GET /api/v1/account/access-log` and its CSV: the caller's own rows only, paged, with the
page's filters."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access_log.tests.helpers import many, seen
from circles.consent.categories import Category
from circles.models import Member
from tests.support import call, join, make_user


def _body(client, path):
    response = call(client, "GET", path)
    assert response.status_code == 200, response.content
    return response.json()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_api_lists_my_rows_with_ids_and_words(cast, api):
    row = seen(cast.pat, cast.alice, at=datetime(2026, 12, 7, 18, 5, tzinfo=UTC))
    body = _body(api(cast.alice), "/account/access-log")
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == str(row.pk)
    assert item["professional"] == {"id": str(cast.pat.pk), "name": "Pat"}
    assert item["circle"] == {"id": str(cast.circle.pk), "name": "Rivera"}
    assert (item["category"], item["category_text"]) == ("checkins", "Check-ins and time-outs")
    assert (item["kind"], item["kind_text"]) == ("checkins.checkin", "a check-in")
    assert item["object_id"] == str(row.object_id)
    assert item["purpose"] == "treatment"
    assert item["at"].startswith("2026-12-07T18:05")


def test_the_api_answers_in_spanish_when_asked(cast, api):
    seen(cast.pat, cast.alice)
    client = api(cast.alice)
    body = client.get("/api/v1/account/access-log", headers={"accept-language": "es"}).json()
    assert body["items"][0]["kind_text"] == "un registro"


@pytest.mark.parametrize("who", ["bob", "carol", "pat", "olga"])
def test_nobody_else_reads_the_members_rows_through_the_api(cast, api, who):
    seen(cast.pat, cast.alice)
    client = api(getattr(cast, who))
    assert _body(client, "/account/access-log") == {"items": [], "count": 0}
    assert len(_csv(call(client, "GET", "/account/access-log.csv"))) == 1  # the header only


def test_site_staff_read_nothing_through_the_api(cast, api):
    seen(cast.pat, cast.alice)
    staff = make_user("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    assert _body(api(staff), "/account/access-log")["count"] == 0


def test_the_api_needs_a_login(client, db):
    assert client.get("/api/v1/account/access-log").status_code == 401
    assert client.get("/api/v1/account/access-log.csv").status_code == 401


def test_the_api_is_paged(cast, api):
    many(cast.pat, cast.alice, 45)
    client = api(cast.alice)
    first = _body(client, "/account/access-log")
    assert (first["count"], len(first["items"])) == (45, 20)
    assert len(_body(client, "/account/access-log?page=3")["items"]) == 5
    assert _body(client, "/account/access-log?page=" + "9" * 30)["items"] == []


def test_the_api_filters_like_the_page(cast, api):
    quinn = join(cast.circle, make_user("quinn"), Member.Role.PROFESSIONAL)
    seen(cast.pat, cast.alice, at=datetime(2026, 12, 1, 12, tzinfo=UTC), category=Category.REPAIR)
    seen(quinn, cast.alice, at=datetime(2026, 12, 5, 12, tzinfo=UTC), category=Category.PROMISES)
    client = api(cast.alice)

    def kinds(query):
        return [i["category"] for i in _body(client, f"/account/access-log?{query}")["items"]]

    assert kinds(f"professional={quinn.pk}") == ["promises"]
    assert kinds("category=repair") == ["repair"]
    assert kinds("since=2026-12-02&until=2026-12-05") == ["promises"]
    assert kinds("until=2026-12-01") == ["repair"]


def test_a_backwards_range_or_an_unknown_category_is_refused_clearly(cast, api):
    client = api(cast.alice)
    backwards = call(client, "GET", "/account/access-log?since=2026-12-07&until=2026-12-01")
    assert backwards.status_code == 400 and backwards.json()["code"] == "bad_range"
    assert call(client, "GET", "/account/access-log?category=nope").status_code == 422
    assert call(client, "GET", "/account/access-log.csv?since=2026-12-07&until=2026-12-01").status_code == 400


def test_the_api_csv_has_every_row_and_neutral_cells(cast, api):
    cast.circle.name = "=cmd|' /C calc'!A0"
    cast.circle.save()
    many(cast.pat, cast.alice, 45)
    response = call(api(cast.alice), "GET", "/account/access-log.csv?category=checkins")
    assert response["Content-Type"].startswith("text/csv")
    table = _csv(response)
    assert len(table) == 46
    assert {row[2] for row in table[1:]} == {"'=cmd|' /C calc'!A0"}


def test_the_api_csv_is_described_as_csv():
    from mend.api import api as mend_api

    operation = mend_api.get_openapi_schema(path_prefix="/api/v1/")["paths"]["/api/v1/account/access-log.csv"]
    assert list(operation["get"]["responses"]["200"]["content"]) == ["text/csv"]


def test_the_api_asks_the_same_number_of_queries_for_a_few_rows_or_many(cast, api):
    client = api(cast.alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "GET", "/account/access-log").status_code == 200
        return len(captured)

    many(cast.pat, cast.alice, 3)
    few = queries()
    many(cast.pat, cast.alice, 1000)
    assert queries() == few
