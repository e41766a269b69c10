"""GET never changes anything: every page route, opened by members, leaves every row as it was.

The routes are found, not listed. Each named page route is opened with GET by the owner
(the author of every entry below) and by a member who is not; a snapshot of every table
(each row's values, hashed) before and after must match. Only the bookkeeping of sessions
(the session row and allauth's "last seen") may change.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.urls import reverse

from tests.support import page_routes, route_values

BOOKKEEPING = {"sessions.session", "usersessions.usersession"}


@pytest.fixture
def values(cast):
    return route_values(cast)


def _snapshot() -> dict[str, str]:
    tables = {}
    for model in apps.get_models():
        if model._meta.label_lower in BOOKKEEPING:
            continue
        rows = sorted(map(repr, model._default_manager.order_by().values_list()))
        tables[model._meta.label_lower] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return tables


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def test_every_address_part_has_a_value(values):
    missing = {part for parts in page_routes().values() for part in parts} - set(values)
    assert missing == set()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_opening_every_page_with_get_changes_nothing(cast, login, values, who):
    client = login(getattr(cast, who))
    client.get(reverse("home"))  # the first request of a session records the session
    changed = {}
    for name, parts in sorted(page_routes().items()):
        url = reverse(name, kwargs={part: values[part] for part in parts})
        before = _snapshot()
        client.get(url)
        after = _snapshot()
        if _changed(before, after):
            changed[name] = _changed(before, after)
    assert changed == {}
