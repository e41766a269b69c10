"""Who sees each kind of entry through the real HTTP stack.

The whole rule (every audience × role × status × professional flag × step-away timing)
is checked at the queryset level in test_audience_queryset.py. Here every kind of entry
is written in three audiences (chosen members with the professional flag, the whole
circle without it, only me) and every actor asks for it: the author, a chosen member,
a member not chosen, one who had stepped away, the professional (the author said yes to
their joining), a professional the author did not say yes to, a paused, a removed and a
departed member, a newcomer, an outsider, an anonymous visitor and site staff.
Expected results come from `circles.audience.policy.may_see`; every case is checked through
the entry's page, the list page, the circle home, the API and the API's list. A
refused entry is a 404 with none of its content, like an id that does not exist.
Cravings have no text of their own: their check-in is shared with the whole circle,
their own audience varies, and what shows of them is checked on the check-in's page,
its API and the trends (`_check_cravings`).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins.logic import CheckInData, CravingData, record_checkin
from checkins.models import Craving
from circles import logic
from circles.audience import Audience
from circles.audience.policy import may_see
from circles.consent import logic as consent_logic
from circles.consent.categories import Category, Level
from circles.models import Member
from circles.tests.audience_cases import (
    AUDIENCE_CASES,
    ROLES,
    EntryKind,
    answered,
    entry_facts,
    make_viewer,
    viewer_facts,
)
from ledger.logic import make_promise, note_moment, promisable
from ledger.rules.schedule import Rule
from reachout.tests.audience_kinds import KINDS as REACHOUT_KINDS
from repair import logic as repair_logic
from repair.rules.steps import Action
from repair.tests import helpers as repair_helpers
from repair.tests.audience_kinds import KINDS as REPAIR_KINDS
from safety.models import SafetyCheck
from tests.support import consent, give_totp, join, make_user


def _appreciation(author, audience, chosen, pro_flag, canary):
    return record_appreciation(author, f"Thanks {canary}", None, audience, chosen, pro_flag)


def _promise(author, audience, chosen, pro_flag, canary):
    # Promised to everyone reachable, the viewer included: being promised never lets anyone see.
    return make_promise(
        author,
        f"Call {canary}",
        recipients=list(promisable(author)),
        rule=Rule("daily", time(23, 59), "UTC", timezone.now().date()),
        audience=audience,
        chosen=chosen,
        professional_may_see=pro_flag,
    )


def _occurrence(author, audience, chosen, pro_flag, canary):
    promise = _promise(author, audience, chosen, pro_flag, canary)
    return promise.occurrences.select_related("promise").first()


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
    api_url = f"/api/v1/checkins/{checkin.pk}"
    api = client.get(api_url)
    assert api.status_code == (200 if answered(api_url, viewer, checkin_seen) else 404)
    if answered(api_url, viewer, checkin_seen):
        shown = api.json()["craving"]
        assert (shown and shown["level"]) == (CRAVING_LEVEL if expected else None)
    _check_craving_trends(client, craving, viewer)


def _check_craving_trends(client, craving, viewer):
    """The trends show the author's cravings exactly when the viewer may see any of them."""
    author_cravings = Craving.objects.filter(author_id=craving.author_id).select_related("checkin")
    expected = any(
        may_see(viewer, replace(entry_facts(c), professional_may_see=False))
        and may_see(viewer, entry_facts(c.checkin))
        for c in author_cravings
    )
    query = f"circle={craving.circle_id}&who={craving.author_id}"
    page = client.get(reverse("checkins:trends", args=[craving.circle_id]) + f"?who={craving.author_id}")
    api = client.get(f"/api/v1/checkins/trends?{query}")
    if not viewer.is_current or viewer.circle_id != craving.circle_id:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    assert page.status_code == 200
    assert ("Cravings by week" in page.content.decode()) == expected
    if viewer.is_professional:  # answered as someone outside the circle
        assert api.status_code == 404
        return
    assert api.status_code == 200
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
        name="promise",
        create=_promise,
        page_url=lambda e: reverse("ledger:promise", args=[e.circle_id, e.pk]),
        list_url=lambda e: reverse("ledger:circle_promises", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ledger/promises/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ledger/promises?circle={e.circle_id}",
        on_circle_home=False,
    ),
    EntryKind(
        name="occurrence",
        create=_occurrence,
        page_url=lambda e: reverse("ledger:promise", args=[e.circle_id, e.promise_id]),
        list_url=lambda e: reverse("ledger:circle_promises", args=[e.circle_id]),
        api_url=lambda e: f"/api/v1/ledger/occurrences/{e.pk}",
        api_list_url=lambda e: f"/api/v1/ledger/promises/{e.promise_id}/occurrences",
        governed_by=lambda e: e.promise,
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

ACTORS = [
    "author",
    "in audience",  # chosen for the chosen entry
    "out of audience",  # a member not chosen
    "stepped away",  # stepped away before the entries were written
    "professional",  # the author's consent names them, every category but cravings
    "professional, no yes",  # no consent of the author's
    "professional, another category",  # the author's consent covers other categories only
    "professional, trends only",  # every category, trends only
    "professional, revoked",  # the author's consent, revoked
    "paused",
    "removed",  # removed after the entries were written
    "left",  # left after the entries were written
    "newcomer",  # joined after the entries were written
    "outsider",  # a member of another circle only
]


def _actors(cast, author, kind):
    """Everyone who asks, in every role and status; the entries are written in between."""
    in_audience = cast.bob if author == cast.alice else cast.alice
    stepped_away = join(cast.circle, make_user("sam"), Member.Role.SIBLING, joined_at=cast.bob.joined_at)
    paused = join(cast.circle, make_user("paula"), Member.Role.SPONSOR, joined_at=cast.bob.joined_at)
    removed = join(cast.circle, make_user("lee"), Member.Role.FRIEND, joined_at=cast.bob.joined_at)
    gone = join(cast.circle, make_user("lena"), Member.Role.CHILD, joined_at=cast.bob.joined_at)
    no_yes = join(cast.circle, make_user("quinn"), Member.Role.PROFESSIONAL, joined_at=cast.bob.joined_at)
    give_totp(no_yes.user)
    more = {}
    for name, user in [("another category", "ray"), ("trends only", "tess"), ("revoked", "remy")]:
        more[f"professional, {name}"] = join(
            cast.circle, make_user(user), Member.Role.PROFESSIONAL, joined_at=cast.bob.joined_at
        )
        give_totp(more[f"professional, {name}"].user)
    logic.set_status(stepped_away, Member.Status.STEPPED_AWAY)
    logic.set_status(paused, Member.Status.PAUSED)
    consent(author, cast.pat)
    return {
        "author": author,
        "in audience": in_audience,
        "out of audience": cast.carol,
        "stepped away": stepped_away,
        "professional": cast.pat,
        "professional, no yes": no_yes,
        **more,
        "paused": paused,
        "removed": removed,
        "left": gone,
        "outsider": cast.olga,
    }


def _consent_cases(actors, author, category) -> None:
    """The author's consents for the professionals in the other states of consent."""
    others = [c for c in Category.values if c != category]
    consent(author, actors["professional, another category"], others)
    consent(author, actors["professional, trends only"], list(Category.values), Level.TRENDS)
    consent_logic.revoke(author, consent(author, actors["professional, revoked"], list(Category.values)))


# Who sees what, as the policy says; the entries' audiences make every actor but the
# author miss at least one of them, and the in-audience member see at least one.
ENTRIES = [("chosen", True), ("circle", False), ("only_me", False)]


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=[k.name for k in ENTRY_KINDS])
def test_who_sees_each_entry_through_pages_and_api(cast, client, kind):
    """Every actor, every entry of the kind: its page, the lists, the circle home and the API."""
    author = cast.alice if kind.only_in_recovery else cast.bob
    actors = _actors(cast, author, kind)
    entries = []
    for audience, pro_flag in ENTRIES:
        canary = f"canary-{uuid.uuid4().hex}"
        chosen = [actors["in audience"], actors["removed"]] if audience == "chosen" else []
        entry = kind.create(author, audience, chosen, pro_flag, canary)
        entries.append((audience, canary, entry))
    _consent_cases(actors, author, kind.governed_by(entries[0][2]).consent_category)
    logic.remove_member(cast.alice, actors["removed"])
    logic.leave(actors["left"])
    actors["newcomer"] = join(cast.circle, make_user("nico"), Member.Role.PARENT)
    home = reverse("circles:home", args=[cast.circle.pk])

    failures = []
    for name, member in actors.items():
        viewer = viewer_facts(member)
        client.force_login(member.user)
        seen = {canary: kind.expected(viewer, entry) for _audience, canary, entry in entries}
        if name == "author":
            assert all(seen.values())
        if member.is_professional:
            failures += _professional_is_sent_to_the_workspace(client, kind, entries, seen, name)
            continue
        for audience, canary, entry in entries:
            expected = seen[canary]
            where = f"{name} / {audience}"
            if kind.check is not None:
                try:
                    kind.check(client, entry, expected, canary, viewer)
                except AssertionError as error:
                    failures.append(f"{where}: {error}")
                continue
            page = client.get(kind.page_url(entry))
            if (page.status_code, canary in page.content.decode()) != (
                (200, True) if expected else (404, False)
            ):
                failures.append(f"{where}: page {page.status_code}")
            api = client.get(kind.api_url(entry))
            if (api.status_code, canary in api.content.decode()) != (
                (200, True) if answered(kind.api_url(entry), viewer, expected) else (404, False)
            ):
                failures.append(f"{where}: API {api.status_code}")
        if kind.check is not None or name == "author":
            continue  # an author's own entries may be listed apart (a plan's conditions are not)
        contents = {}  # each list is fetched once per actor, and shows each entry it lists
        for audience, canary, entry in entries:
            for url in _lists(kind, entry, home):
                if url not in contents:
                    contents[url] = client.get(url).content.decode()
                if (canary in contents[url]) != answered(url, viewer, seen[canary]):
                    failures.append(f"{name} / {audience}: {url} shows it: {canary in contents[url]}")
        if not kind.on_circle_home:
            content = client.get(home).content.decode()
            failures += [f"{name} / {a}: circle home shows it" for a, c, _e in entries if c in content]
    assert failures == []
    _anonymous_and_staff_see_nothing(client, kind, [entry for _a, _c, entry in entries])


def _professional_is_sent_to_the_workspace(client, kind, entries, seen, name):
    """Issue 15: a professional reads a circle through their own view (workspace:circle);
    every family page of an entry sends them there, whatever they may see. The API answers
    as the Audience rule says (another part closes it to professionals)."""
    failures = []
    for audience, canary, entry in entries:
        if kind.check is not None:
            continue  # cravings: read through their check-in's page, which redirects too
        page = client.get(kind.page_url(entry))
        own_view = reverse("workspace:circle", args=[entry.circle_id])
        # A rupture's pages stay open to a professional for the ruptures they are in
        # (their working relationship); anyone else's answers 404 there.
        answered = (page.status_code, page.get("Location"), canary in page.content.decode())
        if answered not in {(302, own_view, False), (404, None, False)}:
            failures.append(f"{name} / {audience}: page {page.status_code} {page.get('Location')}")
        api = client.get(kind.api_url(entry))
        if api.status_code == 200 and canary in api.content.decode():
            if not seen[canary]:
                failures.append(f"{name} / {audience}: API shows it")
        elif seen[canary] and api.status_code == 200:
            failures.append(f"{name} / {audience}: API misses it")
    return failures


def _anonymous_and_staff_see_nothing(client, kind, entries):
    client.logout()
    for entry in entries:
        page = client.get(kind.page_url(entry))
        assert page.status_code == 302 and "canary" not in page.content.decode()
        assert client.get(kind.api_url(entry)).status_code == 401
    staff = make_user("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)  # site staff are not readers
    for entry in entries:
        assert client.get(kind.page_url(entry)).status_code == 404
        assert client.get(kind.api_url(entry)).status_code == 404


@pytest.mark.parametrize("kind", REPAIR_KINDS, ids=[k.name for k in REPAIR_KINDS])
def test_a_member_flagged_as_unsafe_sees_a_repair_with_the_member_at_risk_as_anyone_would(cast, client, kind):
    """Issue 13: whatever the audience and their role, the flagged person reaches exactly what
    the Audience rule gives them: a repair that vanished for them would tell them."""
    viewers = [make_viewer(cast.circle, role, "active", cast.alice)[0] for role in ROLES]
    for viewer in viewers:
        SafetyCheck.objects.create(member=cast.alice, about=viewer, answers="{}", blocks_joint_work=True)
    entries = []
    for audience_case in AUDIENCE_CASES:
        canary = f"canary-{uuid.uuid4().hex}"
        audience = "chosen" if audience_case.startswith("chosen") else audience_case
        chosen = {"chosen_viewer": viewers, "chosen_other": [cast.carol]}.get(audience_case, [])
        entries.append((audience_case, canary, kind.create(cast.alice, audience, chosen, True, canary)))
    failures = []
    for viewer in viewers:
        client.force_login(viewer.user)
        for audience_case, canary, entry in entries:
            expected = may_see(viewer_facts(viewer), entry_facts(entry))
            where = f"{viewer.role} / {audience_case}"
            page = client.get(kind.page_url(entry))
            if viewer.is_professional:
                # Issue 15: family pages send a professional to their own view of the circle;
                # a rupture's pages answer 404 for a rupture they are not in.
                expected_pages = {(302, False), (404, False)}
            else:
                expected_pages = {(200, True) if expected else (404, False)}
            if (page.status_code, canary in page.content.decode()) not in expected_pages:
                failures.append(f"{where}: page {page.status_code}")
            api_seen = answered(kind.api_url(entry), viewer_facts(viewer), expected)
            if client.get(kind.api_url(entry)).status_code != (200 if api_seen else 404):
                failures.append(f"{where}: API")
    assert failures == []
    assert any(may_see(viewer_facts(v), entry_facts(e)) for v in viewers for _a, _c, e in entries)


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
