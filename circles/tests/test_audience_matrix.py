"""The Audience matrix: every entry kind × audience × role × status, author or not.

Expected results come from `circles.policy.may_see`; every case is checked through
the entry's page, the list page, the circle home and the API. A refused entry is a
404 with none of its content, like an id that does not exist.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from django.urls import reverse

from appreciations.logic import record_appreciation
from circles.policy import may_see
from circles.tests.audience_cases import (
    AUDIENCE_CASES,
    ROLES,
    STATUSES,
    EntryKind,
    entry_facts,
    make_entry,
    make_viewer,
    viewer_facts,
)


def _appreciation(author, audience, chosen, pro_flag, canary):
    return record_appreciation(author, f"Thanks {canary}", None, audience, chosen, pro_flag)


ENTRY_KINDS = [
    EntryKind(
        name="appreciation",
        create=_appreciation,
        page_url=lambda e: reverse("appreciations:detail", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("appreciations:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/appreciations/{e.pk}",
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
    expected = may_see(viewer_facts(viewer), entry_facts(entry))

    client.force_login(viewer.user)
    page = client.get(kind.page_url(entry))
    if expected:
        assert page.status_code == 200 and canary in page.content.decode()
    else:
        assert page.status_code == 404 and canary not in page.content.decode()
    for url in (kind.list_url(entry), reverse("circles:home", args=[entry.circle_id])):
        assert (canary in client.get(url).content.decode()) == expected
    api = client.get(kind.api_url(entry))
    assert api.status_code == (200 if expected else 404)
    assert (canary in api.content.decode()) == expected


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
