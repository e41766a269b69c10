"""Trends read a fixed number of queries, however long the history behind them."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from checkins import logic
from checkins import queries as trends
from checkins.models import CheckIn, Connection, Craving, Feeling, week_of
from circles.audience import Audience
from circles.models import Member
from tests.support import api_client, call

STATES = ["settled", "activated", "shut_down"]


def _history(cast, days: range) -> None:
    """One check-in a day by alice (two feelings, a connection, cravings), shared with the circle."""
    now = timezone.now()
    checkins = [
        CheckIn(
            circle_id=cast.circle.pk,
            author=cast.alice,
            state=STATES[day % 3],
            note=f"day {day}",
            audience=Audience.CIRCLE,
            created_at=now - timedelta(days=day, minutes=5),
        )
        for day in days
    ]
    CheckIn.objects.bulk_create(checkins)
    Feeling.objects.bulk_create(
        [
            Feeling(checkin=c, feeling=f, intensity=1 + i % 5)
            for i, c in enumerate(checkins)
            for f in ("sad", "hopeful")
        ]
    )
    Connection.objects.bulk_create(
        [Connection(checkin=c, member=cast.bob, score=1 + i % 5) for i, c in enumerate(checkins)]
    )
    Craving.objects.bulk_create(
        [
            Craving(
                circle_id=cast.circle.pk,
                author=cast.alice,
                checkin=c,
                level=i % 11,
                used=i % 30 == 0,
                audience=Audience.CIRCLE,
                created_at=c.created_at,
            )
            for i, c in enumerate(checkins)
        ]
    )


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def long_ago(cast):
    """Everyone joined years ago, so the whole history is theirs to see."""
    Member.objects.filter(circle=cast.circle).update(joined_at=timezone.now() - timedelta(days=3 * 365))
    return cast


@pytest.mark.parametrize("viewer", ["alice", "bob"])
def test_the_trends_page_issues_the_same_queries_for_4_weeks_or_2_years(long_ago, login, viewer):
    cast = long_ago
    client = login(getattr(cast, viewer))
    url = reverse("checkins:trends", args=[cast.circle.pk]) + f"?who={cast.alice.pk}&span=52"
    client.get(url)
    _history(cast, range(28))
    few, page = _queries(client, url)
    assert "Cravings by week" in page and page.count("<tr>") > 4
    _history(cast, range(28, 2 * 365))
    many, page = _queries(client, url)
    assert few == many
    assert "Cravings by week" in page and page.count("<tr>") > 52


def test_the_trends_api_issues_the_same_queries_for_4_weeks_or_2_years(long_ago):
    cast = long_ago
    client = api_client(cast.bob)
    url = f"/api/v1/checkins/trends?circle={cast.circle.pk}&who={cast.alice.pk}&weeks=52"
    _history(cast, range(28))
    few, _body = _queries(client, url)
    _history(cast, range(28, 2 * 365))
    many, body = _queries(client, url)
    assert few == many
    assert '"average"' in body and '"Bob"' in body


# Each check-in counts in its author's own week


@pytest.mark.parametrize(
    ("moment", "zone", "monday"),
    [
        ("2026-11-22T23:30:00+00:00", "UTC", date(2026, 11, 16)),  # late on Sunday
        ("2026-11-22T23:30:00+00:00", "Pacific/Auckland", date(2026, 11, 23)),  # Monday already there
        ("2026-11-23T03:00:00+00:00", "America/New_York", date(2026, 11, 16)),  # still Sunday evening
        ("2026-11-23T03:00:00+00:00", "Not/A_Zone", date(2026, 11, 23)),  # unknown: UTC
    ],
)
def test_week_of_is_the_monday_where_the_person_lives(moment, zone, monday):
    assert week_of(datetime.fromisoformat(moment), zone) == monday


def test_every_way_of_saving_a_check_in_stores_its_authors_week(cast):
    cast.alice.user.time_zone = "Pacific/Auckland"
    cast.alice.user.save()
    moment = datetime.fromisoformat("2026-11-22T23:30:00+00:00")
    saved = logic.record_checkin(cast.alice, logic.CheckInData(state="settled"), now=moment)
    [bulk] = CheckIn.objects.bulk_create(
        [CheckIn(circle_id=cast.circle.pk, author=cast.alice, state="settled", created_at=moment)]
    )
    assert saved.week == bulk.week == date(2026, 11, 23)
    assert set(CheckIn.objects.values_list("week", flat=True)) == {date(2026, 11, 23)}


def test_another_members_check_in_counts_in_their_own_week_not_the_viewers(long_ago):
    cast = long_ago
    cast.alice.user.time_zone = "Pacific/Kiritimati"  # UTC+14; bob lives in UTC
    cast.alice.user.save()
    this_monday = trends.weeks(timezone.now(), 1)[0]
    her_monday = this_monday - timedelta(weeks=1)
    # 00:30 on her Monday is still Sunday morning in UTC, in the week before for bob.
    moment = datetime.combine(her_monday, datetime.min.time(), tzinfo=UTC) - timedelta(hours=13, minutes=30)
    logic.record_checkin(
        cast.alice, logic.CheckInData(state="activated"), audience=Audience.CIRCLE, now=moment
    )
    body = call(api_client(cast.bob), "GET", f"/checkins/trends?circle={cast.circle.pk}&who={cast.alice.pk}")
    states = {row["week"]: row["activated"] for row in body.json()["states"]}
    assert states[her_monday.isoformat()] == 1
    assert states[(her_monday - timedelta(weeks=1)).isoformat()] == 0


@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(
        ["UTC", "Europe/Madrid", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
    ),
)
def test_week_of_is_always_the_monday_on_or_before_the_local_day(moment, zone):
    monday = week_of(moment, zone)
    local_day = moment.astimezone(zoneinfo.ZoneInfo(zone)).date()
    assert monday.weekday() == 0 and monday <= local_day < monday + timedelta(days=7)
