"""Every paginated list answers an out-of-range page number with JSON, never a 500.

The routes are found, not listed: any API operation wrapped by ninja's `@paginate`
is asked, and so is the one paginated page (the notifications).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ledger.tests.factories import new_promise
from mend.api import api
from tests.support import practice_values

ODD_PAGES = ["0", "-1", "abc", "1.5", "99999999999", "9" * 30, ""]
# Page and page size together past what a database offset can hold.
FAR = {"page": str(10**17), "page_size": "100"}


def _paginated_routes() -> list[str]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if getattr(operation.view_func, "_ninja_is_paginated", False):
                    found.append(prefix + path)
    return sorted(found)


PAGINATED = _paginated_routes()


def test_the_paginated_routes_are_found():
    assert len(PAGINATED) >= 8


@pytest.mark.parametrize("page", ODD_PAGES)
@pytest.mark.parametrize("route", PAGINATED)
def test_an_odd_page_number_is_an_empty_page_or_a_clear_refusal_in_json(cast, api, route, page):
    # The one route naming an object (a promise's occurrences) gets a promise the asker sees.
    path = re.sub(r"\{[^}]+\}", str(new_promise(cast.alice, [cast.bob]).pk), route)
    response = api(cast.alice).get(f"/api/v1{path}", {"circle": cast.circle.pk, "page": page})
    assert response.status_code in (200, 404, 422), response.content[:300]
    body = response.json()
    if response.status_code == 200:
        assert body["items"] == [] or page in ("", "1.5")
    else:
        assert body["detail"]


def _asked(cast, route: str):
    """(who asks, the path): a practice's lists are asked by its admin (pat), the rest by alice."""
    if "{practice_id}" in route:
        return cast.pat, route.replace("{practice_id}", str(practice_values(cast)["practice_id"]))
    return cast.alice, re.sub(r"\{[^}]+\}", str(new_promise(cast.alice, [cast.bob]).pk), route)


@pytest.mark.parametrize("route", PAGINATED)
def test_a_page_past_any_offset_the_database_holds_is_empty(cast, api, route):
    who, path = _asked(cast, route)
    response = api(who).get(f"/api/v1{path}", {"circle": cast.circle.pk, **FAR})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("page", ODD_PAGES)
def test_the_notifications_page_answers_an_odd_page_number(cast, login, page):
    response = login(cast.bob).get(reverse("notifications:list"), {"page": page})
    assert response.status_code in (200, 404)
