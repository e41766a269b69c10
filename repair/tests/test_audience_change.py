"""Changing who can see a rupture after it is logged, and deleting it: pages and API.

Only its author may do either. The people in it always keep seeing it; narrowing hides it
(and everything written in it) from a former viewer; sharing more widely asks for the
password again; deleting takes its steps and reflections with it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.audience import Audience
from notifications.models import Kind, Notification
from repair.models import Reflection, RepairStep, Rupture
from repair.tests.helpers import log, rupture_with_reflection
from tests.support import api_client, call, consent, selected

WHAT = "canary-7c31 the missed dinner"


def _url(name, rupture):
    return reverse(f"repair:{name}", args=[rupture.circle_id, rupture.pk])


def _seen(login, member, rupture) -> bool:
    """Whether the member sees the rupture, on its page and in the API, which must agree."""
    page = login(member).get(_url("detail", rupture))
    api = call(api_client(member), "GET", f"/ruptures/{rupture.pk}")
    assert page.status_code == api.status_code, (page.status_code, api.status_code)
    if page.status_code == 404:
        assert WHAT not in page.content.decode() + api.content.decode()
        return False
    assert page.status_code == 200 and WHAT in page.content.decode()
    return True


def _listed(login, member, rupture) -> bool:
    page = login(member).get(reverse("repair:list", args=[rupture.circle_id])).content.decode()
    return str(rupture.pk) in page


# --- narrowing ------------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize(("audience", "chosen"), [("only_me", []), ("chosen", ["bob"])])
def test_narrowing_hides_it_from_a_former_viewer_and_the_people_in_it_keep_it(
    cast, login, via, audience, chosen
):
    rupture, _reflection = rupture_with_reflection(cast.alice, cast.bob)
    rupture.what = WHAT
    rupture.save()
    assert _seen(login, cast.carol, rupture) and _listed(login, cast.carol, rupture)
    data = {"audience": audience, "chosen": [str(getattr(cast, n).pk) for n in chosen]}
    if via == "page":
        response = login(cast.alice).post(_url("audience", rupture), data)
        assert response.status_code == 302 and response["Location"] == _url("detail", rupture)
    else:
        response = call(api_client(cast.alice), "PATCH", f"/ruptures/{rupture.pk}/audience", data)
        assert response.status_code == 200, response.content.decode()
    assert not _seen(login, cast.carol, rupture)
    assert not _listed(login, cast.carol, rupture)
    carol = api_client(cast.carol)
    assert call(carol, "GET", f"/ruptures/{rupture.pk}/steps").status_code == 404
    assert call(carol, "GET", f"/ruptures/steps/{RepairStep.objects.first().pk}").status_code == 404
    assert call(carol, "GET", f"/ruptures/{rupture.pk}/reflections").status_code == 404
    assert _seen(login, cast.bob, rupture) and _seen(login, cast.alice, rupture)
    # The people in it can still read each other's steps after the change.
    steps = call(api_client(cast.bob), "GET", f"/ruptures/{rupture.pk}/steps").json()
    assert {s["author"]["id"] for s in steps} == {str(cast.alice.pk), str(cast.bob.pk)}


def test_only_me_keeps_the_professional_in_it_seeing_it(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    rupture = log(cast.alice, cast.pat, audience="circle")
    body = {"audience": "only_me"}
    response = call(api_client(cast.alice), "PATCH", f"/ruptures/{rupture.pk}/audience", body)
    assert response.status_code == 200, response.content.decode()
    assert call(api_client(cast.pat), "GET", f"/ruptures/{rupture.pk}").status_code == 200
    assert call(api_client(cast.carol), "GET", f"/ruptures/{rupture.pk}").status_code == 404


def test_the_audience_page_shows_the_authors_own_choice(cast, login):
    rupture = log(cast.alice, cast.bob)  # only the people in it: stored as "chosen: bob"
    page = login(cast.alice).get(_url("audience", rupture)).content.decode()
    assert (selected(page, "audience"), selected(page, "chosen")) == (["only_me"], [])
    assert "The people in it always see it." in page
    log(cast.alice, cast.bob, audience="chosen", chosen=[cast.carol])
    other = Rupture.objects.exclude(pk=rupture.pk).get()
    page = login(cast.alice).get(_url("audience", other)).content.decode()
    assert (selected(page, "audience"), selected(page, "chosen")) == (["chosen"], [str(cast.carol.pk)])


def test_a_chosen_audience_without_anyone_gets_a_clear_message_and_changes_nothing(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    response = login(cast.alice).post(_url("audience", rupture), {"audience": "chosen"})
    assert response.status_code == 200
    assert "Please choose at least one person" in response.content.decode()
    assert Rupture.objects.get().audience == Audience.CIRCLE


# --- widening -------------------------------------------------------------------------------


def test_sharing_wider_asks_for_the_password_first_and_changes_nothing_until_then(cast, client):
    rupture = log(cast.alice, cast.bob)
    client.force_login(cast.alice.user)  # signed in a while ago: no fresh password check
    response = client.post(_url("audience", rupture), {"audience": "circle"})
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert Rupture.objects.get().audience == Audience.CHOSEN
    api = call(client, "PATCH", f"/ruptures/{rupture.pk}/audience", {"audience": "circle"})
    assert api.status_code == 403 and "confirm your password" in api.json()["detail"]
    assert Rupture.objects.get().audience == Audience.CHOSEN


def test_narrowing_never_asks_for_the_password(cast, client):
    rupture = log(cast.alice, cast.bob, audience="circle")
    client.force_login(cast.alice.user)
    response = client.post(_url("audience", rupture), {"audience": "only_me"})
    assert response.status_code == 302 and response["Location"] == _url("detail", rupture)
    assert (
        call(client, "PATCH", f"/ruptures/{rupture.pk}/audience", {"audience": "only_me"}).status_code == 200
    )


def test_after_confirming_the_password_widening_lets_carol_see_it(cast, login):
    rupture = log(cast.alice, cast.bob, what=WHAT)
    assert not _seen(login, cast.carol, rupture)
    response = login(cast.alice).post(_url("audience", rupture), {"audience": "circle"})
    assert response.status_code == 302
    assert _seen(login, cast.carol, rupture) and _seen(login, cast.bob, rupture)


# --- deleting -------------------------------------------------------------------------------


def test_the_author_deletes_it_with_its_steps_and_reflections_on_the_page(cast, login):
    rupture, _reflection = rupture_with_reflection(cast.alice, cast.bob)
    invite = Notification.objects.get(user=cast.bob.user, kind=Kind.REPAIR_INVITED)
    response = login(cast.alice).post(_url("delete", rupture))
    assert response.status_code == 302 and response["Location"] == reverse(
        "repair:list", args=[cast.circle.pk]
    )
    assert (
        not Rupture.objects.exists() and not RepairStep.objects.exists() and not Reflection.objects.exists()
    )
    # Bob's invitation now leads back to his notifications, saying it is gone: never a 500.
    client = login(cast.bob)
    opened = client.get(reverse("notifications:open", args=[invite.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse("notifications:list")
    assert client.get(reverse("notifications:list")).status_code == 200


def test_the_delete_button_asks_once_more_before_deleting_everyone_s_words(cast, login):
    rupture, _reflection = rupture_with_reflection(cast.alice, cast.bob)
    body = login(cast.alice).get(reverse("repair:detail", args=[cast.circle.pk, rupture.pk])).content.decode()
    details = body.split('<details class="confirm-delete">', 1)[1].split("</details>", 1)[0]
    assert _url("delete", rupture) in details and "Yes, delete this rupture" in details


def test_the_author_deletes_it_in_the_api(cast):
    rupture, _reflection = rupture_with_reflection(cast.alice, cast.bob)
    alice = api_client(cast.alice)
    assert call(alice, "DELETE", f"/ruptures/{rupture.pk}").status_code == 204
    assert call(alice, "GET", f"/ruptures/{rupture.pk}").status_code == 404
    assert call(api_client(cast.bob), "GET", f"/ruptures/{rupture.pk}").status_code == 404
    assert not RepairStep.objects.exists() and not Reflection.objects.exists()


def test_deleting_is_never_done_by_a_get(cast, login):
    rupture = log(cast.alice, cast.bob)
    assert login(cast.alice).get(_url("delete", rupture)).status_code == 405
    assert Rupture.objects.exists()


# --- others are refused ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bob", "carol"])
def test_someone_who_sees_it_but_did_not_log_it_is_refused_with_403(cast, login, name):
    rupture = log(cast.alice, cast.bob, audience="circle")
    member = getattr(cast, name)  # bob is in it, carol sees it: neither logged it
    client = login(member)
    assert client.get(_url("audience", rupture)).status_code == 403
    assert client.post(_url("audience", rupture), {"audience": "only_me"}).status_code == 403
    assert client.post(_url("delete", rupture)).status_code == 403
    api = api_client(member)
    assert call(api, "PATCH", f"/ruptures/{rupture.pk}/audience", {"audience": "only_me"}).status_code == 403
    assert call(api, "DELETE", f"/ruptures/{rupture.pk}").status_code == 403
    assert Rupture.objects.get().audience == Audience.CIRCLE


@pytest.mark.parametrize("name", ["carol", "olga"])
def test_someone_who_cannot_see_it_gets_404(cast, login, name):
    rupture = log(cast.alice, cast.bob)
    member = getattr(cast, name)
    client = login(member)
    assert client.get(_url("audience", rupture)).status_code == 404
    assert client.post(_url("delete", rupture)).status_code == 404
    api = api_client(member)
    assert call(api, "PATCH", f"/ruptures/{rupture.pk}/audience", {"audience": "only_me"}).status_code == 404
    assert call(api, "DELETE", f"/ruptures/{rupture.pk}").status_code == 404
    assert Rupture.objects.exists()


def test_only_the_author_is_offered_the_links(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    mine = login(cast.alice).get(_url("detail", rupture)).content.decode()
    assert _url("audience", rupture) in mine and _url("delete", rupture) in mine
    for member in (cast.bob, cast.carol):
        theirs = login(member).get(_url("detail", rupture)).content.decode()
        assert _url("audience", rupture) not in theirs and _url("delete", rupture) not in theirs
