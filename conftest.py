"""The fixed cast and the fixtures every test module shares (healthchecks style).

alice  – owner of the Rivera circle, person in recovery
bob    – partner in the circle
carol  – parent in the circle
pat    – the circle's professional (two-step login on)
olga   – outsider: a member of another circle only

Helpers to import (make_user, join, api_client, …) live in tests/support.py.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from circles.logic import create_circle
from circles.models import Member
from tests.support import api_client, give_totp, join, make_user, mark_recently_authenticated


@pytest.fixture
def cast(db):
    """The Rivera circle with alice, bob, carol and pat, and olga in her own circle."""
    alice = make_user("alice")
    owner = create_circle(alice, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = owner.circle
    Member.objects.filter(pk=owner.pk).update(joined_at=timezone.now() - timedelta(days=30))
    owner.refresh_from_db()
    earlier = timezone.now() - timedelta(days=30)
    bob = join(circle, make_user("bob"), Member.Role.PARTNER, joined_at=earlier)
    carol = join(circle, make_user("carol"), Member.Role.PARENT, joined_at=earlier)
    pat_user = make_user("pat")
    give_totp(pat_user)
    pat = join(circle, pat_user, Member.Role.PROFESSIONAL, joined_at=earlier)
    olga = create_circle(make_user("olga"), "Elsewhere", Member.Role.PARTNER)

    class Cast:
        pass

    c = Cast()
    c.circle, c.alice, c.bob, c.carol, c.pat, c.olga = circle, owner, bob, carol, pat, olga
    return c


@pytest.fixture
def at(cast, time_machine):
    """Move the clock to a moment and hold it there; the cast joined long before any date used."""
    Member.objects.filter(circle=cast.circle).update(joined_at=datetime(2020, 1, 1, tzinfo=UTC))

    def _at(moment: datetime) -> datetime:
        time_machine.move_to(moment, tick=False)
        return moment

    return _at


@pytest.fixture
def api():
    """A JSON API client for a member or user, with a fresh personal access token."""
    return api_client


@pytest.fixture
def login(client):
    """Log the test client in as a member (or user) without the login form."""

    def _login(who):
        user = who.user if isinstance(who, Member) else who
        client.force_login(user)
        mark_recently_authenticated(client, user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _no_language_leaks():
    """A test that switches language (a Spanish page, `translation.activate`) must not
    leave the next test in the same worker reading Spanish."""
    yield
    translation.deactivate()


# Fixtures through which a test reaches the database (pytest-django's, and every fixture of
# ours that needs one asks for one of these).
DATABASE_FIXTURES = {
    "_django_db_helper",
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
}


def pytest_collection_modifyitems(config, items):
    """With MEND_TESTS_DATABASE_ONLY=1 (CI's second run, on PostgreSQL), only the tests that
    reach the database run: the others (the coach, scoring, charts) cannot behave
    differently on another database, and they already ran in the first run."""
    if os.environ.get("MEND_TESTS_DATABASE_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        reaches = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames)
        (keep if reaches else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
