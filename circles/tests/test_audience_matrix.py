"""The Audience matrix: every entry kind × audience × role × status, author or not.

Expected results come from `circles.policy.may_see`; every case is checked through
the entry's page, the list page, the circle home, the API and the API's list. A
refused entry is a 404 with none of its content, like an id that does not exist.
Cravings have no text of their own: their check-in is shared with the whole circle,
their own audience varies, and what shows of them is checked on the check-in's page,
its API and the trends (`_check_cravings`).
"""

from __future__ import annotations

import itertools
import uuid
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins.logic import CheckInData, CravingData, record_checkin
from circles.audience import Audience
from circles.audience.policy import may_see
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
from ledger.logic import make_commitment, note_moment, promisable
from ledger.schedule import Rule
from reachout.tests.audience_kinds import KINDS as REACHOUT_KINDS
from repair import logic as repair_logic
from repair.steps import Action
from repair.tests import helpers as repair_helpers
from repair.tests.audience_kinds import KINDS as REPAIR_KINDS
from safety.models import SafetyCheck


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


def _checkin(author, audience, chosen, pro_flag, canary):
    data = CheckInData(state="activated", feelings={"anxious": 3}, note=f"{canary} after the call")
    return record_checkin(author, data, audience=audience, chosen=chosen, professional_may_see=pro_flag)


CRAVING_LEVEL = 7
CRAVING_SHOWN = f"Cravings: {CRAVING_LEVEL} of 10"


def _cravings(author, audience, chosen, pro_flag, canary):
    """Cravings in a check-in the whole circle may see; only their own audience varies."""
    craving = CravingData(level=CRAVING_LEVEL, used=True, audience=audience, chosen=chosen)
    data = CheckInData(state="settled", note=f"{canary} a long day")
    checkin = record_checkin(
        author, data, audience=Audience.CIRCLE, professional_may_see=pro_flag, craving=craving
    )
    return checkin.craving


def _check_cravings(client, craving, expected, canary, viewer):
    """The cravings show on their check-in's page, its API and the trends exactly when expected."""
    checkin = craving.checkin
    checkin_seen = may_see(viewer, entry_facts(checkin))
    page = client.get(reverse("checkins:detail", args=[checkin.circle_id, checkin.pk]))
    assert page.status_code == (200 if checkin_seen else 404)
    assert (canary in page.content.decode(), CRAVING_SHOWN in page.content.decode()) == (
        checkin_seen,
        expected,
    )
    api = client.get(f"/api/v1/checkins/{checkin.pk}")
    assert api.status_code == (200 if checkin_seen else 404)
    if checkin_seen:
        shown = api.json()["craving"]
        assert (shown and shown["level"]) == (CRAVING_LEVEL if expected else None)
    _check_craving_trends(client, craving, expected, viewer)


def _check_craving_trends(client, craving, expected, viewer):
    query = f"circle={craving.circle_id}&who={craving.author_id}"
    page = client.get(reverse("checkins:trends", args=[craving.circle_id]) + f"?who={craving.author_id}")
    api = client.get(f"/api/v1/checkins/trends?{query}")
    if not viewer.is_current:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    assert (page.status_code, api.status_code) == (200, 200)
    assert ("Cravings by week" in page.content.decode()) == expected
    assert bool(api.json()["cravings"]) == expected


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
    EntryKind(
        name="check-in",
        create=_checkin,
        page_url=lambda e: reverse("checkins:detail", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("checkins:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/checkins/{e.pk}",
        api_list_url=lambda e: f"/api/v1/checkins?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="cravings",
        create=_cravings,
        page_url=lambda e: reverse("checkins:detail", args=[e.circle_id, e.checkin_id]),
        list_url=lambda e: reverse("checkins:list", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/checkins/{e.checkin_id}",
        on_circle_home=False,
        also_needs=lambda e: e.checkin,
        never_professional=True,
        only_in_recovery=True,
        check=_check_cravings,
    ),
    *REPAIR_KINDS,
    *REACHOUT_KINDS,
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
    facts = viewer_facts(viewer)
    expected = kind.expected(facts, entry)

    client.force_login(viewer.user)
    if kind.check is not None:
        kind.check(client, entry, expected, canary, facts)
        return
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


GATED = list(itertools.product(REPAIR_KINDS, ROLES, AUDIENCE_CASES))


@pytest.mark.parametrize("case", GATED, ids=[f"{k.name}-{r}-{a}" for k, r, a in GATED])
def test_a_member_flagged_as_unsafe_never_sees_a_repair_with_the_member_at_risk(cast, client, case):
    """Safety gating (issue 5): whatever the audience, the flagged person reaches nothing."""
    kind, role, audience_case = case
    viewer, bystander = make_viewer(cast.circle, role, "active", cast.alice)
    SafetyCheck.objects.create(member=cast.alice, about=viewer, answers="{}", blocks_joint_work=True)
    canary = f"canary-{uuid.uuid4().hex}"
    entry = make_entry(kind, cast.alice, audience_case, True, viewer, bystander, canary)
    client.force_login(viewer.user)
    page = client.get(kind.page_url(entry))
    assert page.status_code == 404 and canary not in page.content.decode()
    for url in _lists(kind, entry, reverse("circles:home", args=[entry.circle_id])):
        assert canary not in client.get(url).content.decode(), url
    assert client.get(kind.api_url(entry)).status_code == 404


SEALED = list(itertools.product(["only_me", "chosen_viewer", "chosen_other", "circle"], [False, True]))


@pytest.mark.parametrize(
    "audience_case,wrote_mine", SEALED, ids=[f"{a}-{'after' if w else 'before'}" for a, w in SEALED]
)
def test_the_other_persons_step_3_side_stays_sealed_until_i_write_mine(
    cast, client, audience_case, wrote_mine
):
    """Issue 5: whatever its audience, I cannot read the other's side before submitting mine."""
    rupture = repair_helpers.log(cast.alice, cast.bob, audience="circle")
    repair_helpers.through_regulate(rupture, cast.alice, cast.bob)
    audience = "chosen" if audience_case.startswith("chosen") else audience_case
    chosen = {"chosen_viewer": [cast.alice], "chosen_other": [cast.carol]}.get(audience_case, [])
    canary = f"canary-{uuid.uuid4().hex}"
    side = repair_logic.take_step(
        cast.bob, rupture, Action.SIDE, text=canary, audience=audience, chosen=chosen
    )
    if wrote_mine:
        repair_helpers.write_sides(rupture, cast.alice)
    expected = wrote_mine and may_see(viewer_facts(cast.alice), entry_facts(side))
    assert expected == wrote_mine  # the people in a repair always read each other's sides, once written
    client.force_login(cast.alice.user)
    urls = [
        reverse("repair:detail", args=[rupture.circle_id, rupture.pk]),
        reverse("repair:step", args=[rupture.circle_id, rupture.pk, 3]),
        f"/api/v1/ruptures/{rupture.pk}/steps",
        f"/api/v1/ruptures/steps/{side.pk}",
    ]
    for url in urls:
        assert (canary in client.get(url).content.decode()) == expected, url


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
    author, other = (cast.alice, cast.bob) if kind.only_in_recovery else (cast.bob, cast.alice)
    entry = make_entry(kind, author, audience_case, False, cast.carol, other, canary)
    client.force_login(author.user)
    assert canary in client.get(kind.page_url(entry)).content.decode()
    assert client.get(kind.api_url(entry)).status_code == 200
    if kind.check is not None:
        kind.check(client, entry, True, canary, viewer_facts(author))


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
