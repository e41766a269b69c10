"""The Audience matrix: every entry kind × audience × role × status, author or not.

Expected results come from `circles.policy.may_see`; every case is checked through
the entry's page, the list page, the circle home, the API and the API's list. A
refused entry is a 404 with none of its content, like an id that does not exist.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from circles.policy import may_see
from circles.tests.audience_cases import (
    AUDIENCE_CASES,
    ROLES,
    STATUSES,
    EntryKind,
    make_entry,
    make_viewer,
    viewer_facts,
)
from ledger.logic import make_commitment, note_moment, promisable
from ledger.schedule import Rule


def _appreciation(author, audience, chosen, pro_flag, canary):
    return record_appreciation(author, f"Thanks {canary}", None, audience, chosen, pro_flag)


def _commitment(author, audience, chosen, pro_flag, canary):
    # Promised to everyone reachable, the viewer included: being promised never lets anyone see.
    return make_commitment(
        author,
        f"Call {canary}",
        recipients=list(promisable(author)),
        rule=Rule("daily", time(23, 59), "UTC", timezone.now().date()),
        audience=audience,
        chosen=chosen,
        professional_may_see=pro_flag,
    )


def _occurrence(author, audience, chosen, pro_flag, canary):
    commitment = _commitment(author, audience, chosen, pro_flag, canary)
    return commitment.occurrences.select_related("commitment").first()


def _moment(author, audience, chosen, pro_flag, canary):
    return note_moment(
        author,
        author,
        "calm",
        note=f"Calm {canary}",
        audience=audience,
        chosen=chosen,
        professional_may_see=pro_flag,
    )


ENTRY_KINDS = [
    EntryKind(
        name="appreciation",
        create=_appreciation,
        page_url=lambda e: reverse("appreciations:detail", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("appreciations:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/appreciations/{e.pk}",
        api_list_url=lambda e: f"/api/v1/appreciations?circle={e.circle_id}",
    ),
    EntryKind(
        name="commitment",
        create=_commitment,
        page_url=lambda e: reverse("ledger:commitment", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("ledger:circle_commitments", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ledger/commitments/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ledger/commitments?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="occurrence",
        create=_occurrence,
        page_url=lambda e: reverse("ledger:commitment", args=[e.circle_id, e.commitment_id]),
        list_url=lambda e: reverse("ledger:circle_commitments", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ledger/occurrences/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ledger/commitments/{e.commitment_id}/occurrences",
        governed_by=lambda e: e.commitment,
        on_circle_home=False,
    ),
    EntryKind(
        name="small moment",
        create=_moment,
        page_url=lambda e: reverse("ledger:moment", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("ledger:moments", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ledger/moments/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ledger/moments?circle={e.circle_id}",
        on_circle_home=False,
    ),
]

CASES = list(itertools.product(ENTRY_KINDS, ROLES, AUDIENCE_CASES, [False, True], STATUSES))


def _id(case):
    kind, role, audience, pro, status = case
    return f"{kind.name}-{role}-{audience}-{'pro' if pro else 'nopro'}-{status}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_entry_visibility_matches_policy(cast, client, case):
    kind, role, audience_case, pro_flag, status = case
    viewer, bystander = make_viewer(cast.circle, role, status, cast.alice)
    canary = f"canary-{uuid.uuid4().hex}"
    entry = make_entry(kind, cast.alice, audience_case, pro_flag, viewer, bystander, canary)
    expected = may_see(viewer_facts(viewer), kind.facts(entry))

    client.force_login(viewer.user)
    page = client.get(kind.page_url(entry))
    if expected:
        assert page.status_code == 200 and canary in page.content.decode()
    else:
        assert page.status_code == 404 and canary not in page.content.decode()
    home = reverse("circles:home", args=[entry.circle_id])
    for url in _lists(kind, entry, home):
        assert (canary in client.get(url).content.decode()) == expected, url
    if not kind.on_circle_home:
        assert canary not in client.get(home).content.decode()
    api = client.get(kind.api_url(entry))
    assert api.status_code == (200 if expected else 404)
    assert (canary in api.content.decode()) == expected


def _lists(kind, entry, home) -> list[str]:
    """The pages and API lists that must show the canary exactly when the entry is visible."""
    urls = [kind.list_url(entry)]
    if kind.on_circle_home:
        urls.append(home)
    if kind.api_list_url is not None:
        urls.append(kind.api_list_url(entry))
    return urls


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=[k.name for k in ENTRY_KINDS])
@pytest.mark.parametrize("audience_case", AUDIENCE_CASES)
def test_author_always_sees_own_entry(cast, client, kind, audience_case):
    canary = f"canary-{uuid.uuid4().hex}"
    entry = make_entry(kind, cast.bob, audience_case, False, cast.carol, cast.alice, canary)
    client.force_login(cast.bob.user)
    assert canary in client.get(kind.page_url(entry)).content.decode()
    assert client.get(kind.api_url(entry)).status_code == 200


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=[k.name for k in ENTRY_KINDS])
def test_member_of_another_circle_gets_404(cast, client, kind):
    entry = make_entry(kind, cast.alice, "circle", True, None, None, "canary-x")
    client.force_login(cast.olga.user)
    assert client.get(kind.page_url(entry)).status_code == 404
    assert client.get(kind.api_url(entry)).status_code == 404


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=[k.name for k in ENTRY_KINDS])
def test_anonymous_visitor_sees_nothing(cast, client, kind):
    entry = make_entry(kind, cast.alice, "circle", True, None, None, "canary-anon")
    page = client.get(kind.page_url(entry))
    assert page.status_code == 302 and "canary-anon" not in page.content.decode()
    assert client.get(kind.api_url(entry)).status_code == 401


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=[k.name for k in ENTRY_KINDS])
def test_site_staff_are_not_readers(cast, client, kind):
    from conftest import make_user

    staff = make_user("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    entry = make_entry(kind, cast.alice, "circle", True, None, None, "canary-staff")
    client.force_login(staff)
    assert client.get(kind.page_url(entry)).status_code == 404
    assert client.get(kind.api_url(entry)).status_code == 404
