"""GET never changes anything: every page route, opened by members, leaves every row as it was.

The routes are found, not listed. Each named page route is opened with GET by the owner
(the author of every entry below) and by a member who is not; a snapshot of every table
(each row's values, hashed) before and after must match. Only the bookkeeping of sessions
(the session row and allauth's "last seen") may change.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from checkins.logic import CheckInData
from circles.audience import Audience
from circles.models import Invitation
from ledger import logic as ledger_logic
from ledger.tests.factories import new_promise
from notifications.logic import notify
from phrases.logic import add_own
from reachout import logic as reachout_logic
from reachout.models import SupportPerson
from repair.tests.helpers import rupture_with_reflection

BOOKKEEPING = {"sessions.session", "usersessions.usersession"}
NOT_PAGES = ("admin:", "api-1:")


def _named_routes(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", str(pattern.pattern))


def _page_routes() -> dict[str, list[str]]:
    routes = {}
    for name, found in _named_routes():
        if not name.startswith(NOT_PAGES):
            routes[name] = [a or b for a, b in found]
    return routes


@pytest.fixture
def values(cast):
    """A value for every kind of address part, each naming something the owner may open."""
    promise = new_promise(cast.alice, [cast.bob], frequency="once", audience="circle")
    rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    reachout_logic.share(plan, "circle")
    support = SupportPerson.objects.create(owner=cast.alice, name="Dana", reach="+15550102030")
    _invitation, token = Invitation.issue(cast.alice, "friend")
    return {
        "circle_id": cast.circle.pk,
        "member_id": cast.bob.pk,
        "invitation_id": _invitation.pk,
        "token": token,
        "appreciation_id": record_appreciation(cast.alice, "thanks", cast.bob, Audience.CIRCLE).pk,
        "promise_id": promise.pk,
        "occurrence_id": promise.occurrences.first().pk,
        "action": "report_kept",
        "moment_id": ledger_logic.note_moment(cast.alice, cast.bob, "on_time", audience="circle").pk,
        "checkin_id": checkin_logic.record_checkin(
            cast.alice, CheckInData(state="settled"), audience=Audience.CIRCLE
        ).pk,
        "timeout_id": checkin_logic.call_timeout(cast.alice, cast.bob, 20).pk,
        "notification_id": notify(
            cast.alice.user, "confirm_waiting", "/", now=timezone.now() - timedelta(minutes=1)
        ).pk,
        "phrase_id": add_own(cast.alice, "Can we pause for a moment?").pk,
        "rupture_id": rupture.pk,
        "reflection_id": reflection.pk,
        "number": 1,
        "plan_id": plan.pk,
        "step": "pause",
        "offer_id": reachout_logic.make_offer(plan, "Meeting", frequency="daily").pk,
        "person_id": support.pk,
        "token_id": 1,
        "key": "not-a-real-key",
        "uidb36": "1",
    }


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
    missing = {part for parts in _page_routes().values() for part in parts} - set(values)
    assert missing == set()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_opening_every_page_with_get_changes_nothing(cast, login, values, who):
    client = login(getattr(cast, who))
    client.get(reverse("home"))  # the first request of a session records the session
    changed = {}
    for name, parts in sorted(_page_routes().items()):
        url = reverse(name, kwargs={part: values[part] for part in parts})
        before = _snapshot()
        client.get(url)
        after = _snapshot()
        if _changed(before, after):
            changed[name] = _changed(before, after)
    assert changed == {}
