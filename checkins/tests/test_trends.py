"""Trends read a fixed number of queries, however long the history behind them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checkins.models import CheckIn, Connection, Craving, Feeling
from circles.audience import Audience
from circles.models import Member
from circles.tests.test_api import api_client

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
