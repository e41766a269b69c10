"""Deleting an entry: one function, called by every page and API path, that logs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins import logic as checkins_logic
from circles.audience import Audience
from circles.audience.fetch import NotTheAuthor
from circles.history import delete_entry
from circles.logic import delete_circle
from circles.models import EntryDeletion, Member
from ledger import logic as ledger_logic
from phrases import logic as phrases_logic
from reachout import logic as reachout_logic
from repair import logic as repair_logic
from tests.support import api_client, call

CANARY = "canary-words-never-logged"


def _appreciation(cast):
    return record_appreciation(cast.alice, CANARY, cast.bob, Audience.CIRCLE)


def _checkin(cast):
    data = checkins_logic.CheckInData(state="activated", feelings={"anxious": 3}, note=CANARY)
    return checkins_logic.record_checkin(cast.alice, data, audience=Audience.CIRCLE)


def _moment(cast):
    return ledger_logic.note_moment(cast.alice, cast.bob, "calm", note=CANARY, audience=Audience.CIRCLE)


def _phrase(cast):
    return phrases_logic.add_own(cast.alice, CANARY)


def _plan(cast):
    plan = reachout_logic.start_plan(cast.alice, returning_name=CANARY, what_they_said=CANARY)
    plan.set_audience(Audience.CIRCLE)
    return plan


def _rupture(cast):
    data = repair_logic.RuptureData(
        what=CANARY,
        happened_at=timezone.now() - timedelta(hours=1),
        size="small",
        signs=[],
        others=[cast.bob],
    )
    return repair_logic.log_rupture(cast.alice, data)


@dataclass(frozen=True)
class Path:
    kind: str
    make: Callable
    page: str | None  # the URL name of the page that deletes it, if there is one
    api: str  # the API path that deletes it


PATHS = [
    Path("appreciations.appreciation", _appreciation, "appreciations:delete", "/appreciations/{id}"),
    Path("checkins.checkin", _checkin, None, "/checkins/{id}"),
    Path("ledger.smallmoment", _moment, None, "/ledger/moments/{id}"),
    Path("phrases.ownphrase", _phrase, "phrases:delete", "/phrases/own/{id}"),
    Path("reachout.plan", _plan, "reachout:delete", "/reach-out/{id}"),
    Path("repair.rupture", _rupture, "repair:delete", "/ruptures/{id}"),
]
BY_PAGE = [p for p in PATHS if p.page]


def _assert_logged_once(cast, path: Path, entry) -> None:
    assert not type(entry).objects.filter(pk=entry.pk).exists()
    row = EntryDeletion.objects.get()
    assert (row.kind, row.entry_id, row.circle_id, row.member_id) == (
        path.kind,
        entry.pk,
        cast.circle.pk,
        cast.alice.pk,
    )
    # A log, not an archive: nothing of what the entry said.
    assert CANARY not in str(EntryDeletion.objects.values().get())


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.kind)
def test_deleting_through_the_api_is_logged(cast, path):
    entry = path.make(cast)
    response = call(api_client(cast.alice), "DELETE", path.api.format(id=entry.pk))
    assert response.status_code == 204
    _assert_logged_once(cast, path, entry)


@pytest.mark.parametrize("path", BY_PAGE, ids=lambda p: p.kind)
def test_deleting_through_the_page_is_logged(cast, login, path):
    entry = path.make(cast)
    response = login(cast.alice).post(reverse(path.page, args=[cast.circle.pk, entry.pk]))
    assert response.status_code == 302
    _assert_logged_once(cast, path, entry)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.kind)
def test_someone_else_cannot_delete_and_nothing_is_logged(cast, path):
    entry = path.make(cast)
    response = call(api_client(cast.bob), "DELETE", path.api.format(id=entry.pk))
    assert response.status_code in (403, 404)
    assert type(entry).objects.filter(pk=entry.pk).exists()
    assert not EntryDeletion.objects.exists()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.kind)
def test_the_function_refuses_anyone_but_the_author(cast, path):
    entry = path.make(cast)
    with pytest.raises(NotTheAuthor):
        delete_entry(cast.bob, entry)
    assert type(entry).objects.filter(pk=entry.pk).exists()
    assert not EntryDeletion.objects.exists()


def test_two_deletes_at_once_delete_and_log_it_once(cast):
    entry = _appreciation(cast)
    stale = type(entry).objects.get(pk=entry.pk)
    delete_entry(cast.alice, entry)
    delete_entry(cast.alice, stale)
    assert EntryDeletion.objects.count() == 1


def test_deleting_the_circle_takes_its_deletion_log_with_it(cast):
    delete_entry(cast.alice, _appreciation(cast))
    Member.objects.filter(circle=cast.circle).exclude(pk=cast.alice.pk).update(left_at=timezone.now())
    delete_circle(cast.alice)
    assert not EntryDeletion.objects.exists()
