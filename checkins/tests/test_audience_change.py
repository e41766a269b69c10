"""Changing who can see a check-in, and its cravings, after saving: pages and API.

Matrix-style: after each change, every other member sees the check-in and its cravings
exactly when the policy oracle says so, on the page, in the API and in the trends; a
former viewer no longer sees what was narrowed away. Sharing more widely asks for the
password again; narrowing never does.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving
from circles.audience import Audience
from circles.audience.policy import may_see
from circles.tests.audience_cases import entry_facts, viewer_facts
from tests.support import api_client, call, selected, sent_to_workspace

CANARY = "canary-5e19 check-in note"
CRAVINGS = "Cravings: 6 of 10"


def _checkin(cast, audience=Audience.CIRCLE, chosen=(), craving_audience=Audience.CIRCLE, craving_to=()):
    return logic.record_checkin(
        cast.alice,
        CheckInData(state="settled", feelings={"hopeful": 3}, note=CANARY),
        audience=audience,
        chosen=list(chosen),
        professional_may_see=audience != Audience.ONLY_ME,
        craving=CravingData(level=6, audience=craving_audience, chosen=list(craving_to)),
    )


def _url(name, checkin):
    return reverse(f"checkins:{name}", args=[checkin.circle_id, checkin.pk])


def _api_path(part: str, checkin) -> str:
    return (
        f"/checkins/{checkin.pk}/audience"
        if part == "checkin"
        else f"/checkins/{checkin.pk}/craving/audience"
    )


def _change(login, via: str, part: str, checkin, audience: str, chosen=()):
    """The author changes one part's audience, by page or API, as a person who just confirmed their password."""
    if via == "page":
        data = {"audience": audience, "chosen": [str(m.pk) for m in chosen]}
        name = "audience" if part == "checkin" else "craving_audience"
        response = login(checkin.author).post(_url(name, checkin), data)
        assert response.status_code == 302, response.content.decode()
        assert response["Location"] == _url("detail", checkin)
    else:
        body = {"audience": audience, "chosen": [str(m.pk) for m in chosen]}
        response = call(api_client(checkin.author), "PATCH", _api_path(part, checkin), body)
        assert response.status_code == 200, response.content.decode()


def _seen(login, member, checkin) -> tuple[bool, bool]:
    """(check-in seen, cravings seen), from the page, the API and the trends, which must all agree."""
    page = login(member).get(_url("detail", checkin))
    api = call(api_client(member), "GET", f"/checkins/{checkin.pk}")
    query = f"circle={checkin.circle_id}&who={checkin.author_id}"
    trends = call(api_client(member), "GET", f"/checkins/trends?{query}")
    if member.is_professional:
        # The family's API answers a professional as someone outside the circle: they
        # read in the workspace, where it is logged. The page still tells what the rule allows.
        assert (api.status_code, trends.status_code) == (404, 404)
        text = page.content.decode()
        return (False, False) if page.status_code == 404 else (CANARY in text, CRAVINGS in text)
    assert page.status_code == api.status_code
    trend = bool(trends.json()["cravings"])
    if page.status_code == 404:
        assert CANARY not in page.content.decode() + api.content.decode()
        assert not trend
        return False, False
    text = page.content.decode()
    cravings = CRAVINGS in text
    assert CANARY in text
    assert cravings == (api.json()["craving"] is not None) == trend
    return True, cravings


def _expected(member, checkin) -> tuple[bool, bool]:
    """What the oracle says after the change: cravings need their own audience and the check-in's."""
    checkin = CheckIn.objects.get(pk=checkin.pk)
    craving = Craving.objects.get(checkin=checkin)
    viewer = viewer_facts(member)
    checkin_seen = may_see(viewer, entry_facts(checkin))
    craving_seen = checkin_seen and may_see(viewer, replace(entry_facts(craving), professional_may_see=False))
    return checkin_seen, craving_seen


# (audience before, chosen before, audience after, chosen after), chosen by name in the cast
CHANGES = [
    ("circle", [], "chosen", ["bob"]),
    ("circle", [], "only_me", []),
    ("chosen", ["bob", "carol"], "chosen", ["carol"]),
    ("chosen", ["bob"], "circle", []),
    ("only_me", [], "chosen", ["carol"]),
    ("only_me", [], "circle", []),
]


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("part", ["checkin", "craving"])
@pytest.mark.parametrize(("before", "chosen_before", "after", "chosen_after"), CHANGES)
def test_after_a_change_each_member_sees_exactly_what_the_rule_allows(
    cast, login, via, part, before, chosen_before, after, chosen_after
):
    people = lambda names: [getattr(cast, name) for name in names]  # noqa: E731
    if part == "checkin":
        checkin = _checkin(cast, before, people(chosen_before))
    else:
        checkin = _checkin(cast, craving_audience=before, craving_to=people(chosen_before))
    seen_before = {name: _seen(login, getattr(cast, name), checkin) for name in ("bob", "carol", "pat")}
    _change(login, via, part, checkin, after, people(chosen_after))
    for name in ("bob", "carol", "pat"):
        member = getattr(cast, name)
        now = _seen(login, member, checkin)
        assert now == _expected(member, checkin), name
        seen_index = 0 if part == "checkin" else 1
        if seen_before[name][seen_index] and name not in chosen_after and after != "circle":
            assert not now[seen_index], f"{name} still sees what was narrowed away"
    assert _seen(login, cast.alice, checkin) == (True, True)


def test_the_former_viewer_no_longer_sees_the_check_in_after_narrowing_on_the_page(cast, login):
    checkin = _checkin(cast, Audience.CIRCLE, craving_audience=Audience.CIRCLE)
    assert _seen(login, cast.carol, checkin) == (True, True)
    _change(login, "page", "checkin", checkin, "chosen", [cast.bob])
    assert _seen(login, cast.carol, checkin) == (False, False)
    assert _seen(login, cast.bob, checkin) == (True, True)
    listing = login(cast.carol).get(reverse("checkins:list", args=[checkin.circle_id])).content.decode()
    assert str(checkin.pk) not in listing


def test_the_former_viewer_no_longer_sees_the_cravings_after_narrowing_on_the_page(cast, login):
    checkin = _checkin(cast, Audience.CIRCLE, craving_audience=Audience.CHOSEN, craving_to=[cast.bob])
    assert _seen(login, cast.bob, checkin) == (True, True)
    _change(login, "page", "craving", checkin, "only_me")
    assert _seen(login, cast.bob, checkin) == (True, False)
    assert Craving.objects.get().audience == Audience.ONLY_ME


# The pages themselves


def test_the_author_is_offered_both_changes_and_others_neither(cast, login):
    checkin = _checkin(cast)
    mine = login(cast.alice).get(_url("detail", checkin)).content.decode()
    assert _url("audience", checkin) in mine and _url("craving_audience", checkin) in mine
    assert "Who can see your cravings and use:" in mine
    theirs = login(cast.bob).get(_url("detail", checkin)).content.decode()
    assert _url("audience", checkin) not in theirs and _url("craving_audience", checkin) not in theirs


def test_the_audience_pages_show_the_current_choice(cast, login):
    checkin = _checkin(
        cast, Audience.CHOSEN, [cast.bob], craving_audience=Audience.CHOSEN, craving_to=[cast.carol]
    )
    client = login(cast.alice)
    page = client.get(_url("audience", checkin)).content.decode()
    assert (selected(page, "audience"), selected(page, "chosen")) == (["chosen"], [str(cast.bob.pk)])
    assert "Your cravings and use keep their own choice" in page
    cravings = client.get(_url("craving_audience", checkin)).content.decode()
    assert (selected(cravings, "audience"), selected(cravings, "chosen")) == (
        ["chosen"],
        [str(cast.carol.pk)],
    )
    assert f'value="{cast.pat.pk}"' not in cravings  # never the professional


def test_only_the_author_may_open_the_audience_pages(cast, login):
    checkin = _checkin(cast)
    client = login(cast.bob)  # bob can see the check-in and its cravings, but they are not his
    for name in ("audience", "craving_audience"):
        assert client.get(_url(name, checkin)).status_code == 403
        assert client.post(_url(name, checkin), {"audience": "only_me"}).status_code == 403
    assert CheckIn.objects.get().audience == Audience.CIRCLE
    assert Craving.objects.get().audience == Audience.CIRCLE


def test_someone_who_cannot_see_the_check_in_gets_404(cast, login):
    checkin = _checkin(cast, Audience.ONLY_ME)
    for name in ("audience", "craving_audience"):
        assert login(cast.bob).get(_url(name, checkin)).status_code == 404
        # The professional is sent to their own view from every family page, whatever the id.
        assert sent_to_workspace(login(cast.pat).get(_url(name, checkin)), checkin.circle_id)


def test_a_check_in_without_cravings_has_no_cravings_audience(cast, login):
    checkin = logic.record_checkin(cast.alice, CheckInData(state="settled"), audience=Audience.CIRCLE)
    client = login(cast.alice)
    assert client.get(_url("craving_audience", checkin)).status_code == 404
    assert _url("craving_audience", checkin) not in client.get(_url("detail", checkin)).content.decode()
    response = call(api_client(cast.alice), "PATCH", _api_path("craving", checkin), {"audience": "only_me"})
    assert response.status_code == 404


@pytest.mark.parametrize("part", ["checkin", "craving"])
def test_sharing_wider_asks_for_the_password_first_and_changes_nothing_until_then(cast, client, part):
    checkin = _checkin(cast, Audience.ONLY_ME, craving_audience=Audience.ONLY_ME)
    client.force_login(cast.alice.user)  # signed in a while ago: no fresh password check
    name = "audience" if part == "checkin" else "craving_audience"
    response = client.post(_url(name, checkin), {"audience": "circle"})
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert CheckIn.objects.get().audience == Craving.objects.get().audience == Audience.ONLY_ME
    api = call(client, "PATCH", _api_path(part, checkin), {"audience": "circle"})
    assert api.status_code == 403 and "confirm your password" in api.json()["detail"]
    assert CheckIn.objects.get().audience == Craving.objects.get().audience == Audience.ONLY_ME


@pytest.mark.parametrize("part", ["checkin", "craving"])
def test_narrowing_never_asks_for_the_password(cast, client, part):
    checkin = _checkin(cast, Audience.CIRCLE, craving_audience=Audience.CIRCLE)
    client.force_login(cast.alice.user)
    name = "audience" if part == "checkin" else "craving_audience"
    response = client.post(_url(name, checkin), {"audience": "only_me"})
    assert response.status_code == 302 and response["Location"] == _url("detail", checkin)
    changed = CheckIn.objects.get() if part == "checkin" else Craving.objects.get()
    assert changed.audience == Audience.ONLY_ME


@pytest.mark.parametrize("name", ["audience", "craving_audience"])
def test_a_chosen_audience_without_anyone_gets_a_clear_message_and_changes_nothing(cast, login, name):
    checkin = _checkin(cast)
    response = login(cast.alice).post(_url(name, checkin), {"audience": "chosen"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please choose at least one person" in page and "Nothing you typed was lost" in page
    assert CheckIn.objects.get().audience == Craving.objects.get().audience == Audience.CIRCLE


def test_cravings_cannot_be_shared_with_the_professional_after_saving(cast, login):
    checkin = _checkin(cast, craving_audience=Audience.ONLY_ME)
    data = {"audience": "chosen", "chosen": [str(cast.pat.pk)]}
    assert login(cast.alice).post(_url("craving_audience", checkin), data).status_code == 200
    response = call(api_client(cast.alice), "PATCH", _api_path("craving", checkin), data)
    assert response.status_code == 422
    extra = call(
        api_client(cast.alice),
        "PATCH",
        _api_path("craving", checkin),
        {"audience": "circle", "professional_may_see": True},
    )
    assert extra.status_code == 422
    craving = Craving.objects.get()
    assert (craving.audience, craving.professional_may_see) == (Audience.ONLY_ME, False)


def test_the_api_answers_with_the_new_cravings_audience(cast):
    checkin = _checkin(cast, craving_audience=Audience.ONLY_ME)
    body = {"audience": "chosen", "chosen": [str(cast.bob.pk)]}
    response = call(api_client(cast.alice), "PATCH", _api_path("craving", checkin), body)
    assert response.json()["craving"] == {
        "level": 6,
        "used": False,
        "urge_to_use": False,
        "audience": "chosen",
        "chosen": [str(cast.bob.pk)],
    }
    assert response.json()["audience"] == "circle"  # the check-in's own audience is untouched


def test_only_the_author_changes_the_cravings_audience_in_the_api(cast):
    checkin = _checkin(cast)
    response = call(api_client(cast.bob), "PATCH", _api_path("craving", checkin), {"audience": "only_me"})
    assert response.status_code == 403
    assert Craving.objects.get().audience == Audience.CIRCLE
