"""The busiest pages read a fixed number of SQL queries, however long the history is.

Two large families (bench/large_family.py) live side by side in one test database, one
with 1 year and one with 5 years of daily promises, small moments and appreciations.
The person in recovery, who can see the most, opens the same pages in both.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.large_family import build_large_family

# (label, url name, the other member for a relationship page)
PAGES = (
    ("ledger", "ledger:mine", None),
    ("relationship with partner", "ledger:relationship", "alex"),
    ("relationship with parent", "ledger:relationship", "maria"),
    ("circle home", "circles:home", None),
)


def _url(family: dict, name: str, other: str | None) -> str:
    args = [family["circle"].pk] + ([family["members"][other].pk] if other else [])
    return reverse(name, args=args)


def _query_counts(client, family: dict) -> dict[str, int]:
    """Queries per page for the person in recovery, after one warm-up request each."""
    client.force_login(family["recovery"].user)
    counts = {}
    for label, name, other in PAGES:
        url = _url(family, name, other)
        assert client.get(url).status_code == 200, label
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(queries)
    return counts


@pytest.mark.django_db
def test_pages_issue_the_same_number_of_queries_for_one_and_five_years(client):
    one_year = build_large_family(1, seed=1)
    five_years = build_large_family(5, seed=5)
    assert five_years["counts"]["occurrences"] > 20_000  # "tens of thousands"

    short, long = _query_counts(client, one_year), _query_counts(client, five_years)

    assert long == short
    assert all(n < 30 for n in long.values()), long
