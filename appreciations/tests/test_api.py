"""The JSON API for appreciations, under the Audience mechanism."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.utils import timezone

from appreciations.logic import record_appreciation
from appreciations.models import TEXT_MAX, Appreciation
from circles import logic
from circles.audience import Audience
from circles.models import Member
from tests.support import API, api_client, call, consent, join, make_user

CANARY = "canary-7f3a private words"

# Every appreciation endpoint with an id: (method, path, body). The guard test
# below fails when a new route with an id is not listed here.
ENTRY_ENDPOINTS = [
    ("GET", "/appreciations/{id}", None),
    ("DELETE", "/appreciations/{id}", None),
    ("PATCH", "/appreciations/{id}/audience", {"audience": "circle"}),
]


def _thank(author: Member, audience=Audience.CIRCLE, text="Thank you for Sunday", **extra) -> Appreciation:
    return record_appreciation(author, text, extra.pop("to_member", None), audience, **extra)


def _new(cast, **fields) -> dict:
    return {"circle": str(cast.circle.pk), "text": "Thank you for the call", **fields}


def _assert_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def _list(who, circle, **params):
    query = "&".join(f"{k}={v}" for k, v in {"circle": circle.pk, **params}.items())
    return call(api_client(who), "GET", f"/appreciations?{query}")


# Lists


def test_a_member_lists_what_they_may_see_newest_first(cast):
    older = _thank(cast.alice, text="first")
    Appreciation.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=1))
    _thank(cast.carol, text="second")
    _thank(cast.alice, Audience.ONLY_ME, text=CANARY)
    response = _list(cast.bob, cast.circle)
    assert response.status_code == 200
    assert [a["text"] for a in response.json()["items"]] == ["second", "first"]
    assert CANARY not in response.content.decode()


def test_the_list_is_paginated(cast):
    for n in range(23):
        _thank(cast.alice, text=f"thanks {n}")
    first = _list(cast.bob, cast.circle).json()
    second = _list(cast.bob, cast.circle, page=2).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (23, 20, 3)


def test_the_list_needs_a_circle(cast):
    assert call(api_client(cast.bob), "GET", "/appreciations").status_code == 422


def test_an_outsider_listing_the_circle_gets_404(cast):
    _thank(cast.alice, text=CANARY)
    _assert_not_found(_list(cast.olga, cast.circle))


def test_a_removed_member_listing_the_circle_gets_404(cast):
    _thank(cast.alice)
    logic.remove_member(cast.alice, cast.bob)
    _assert_not_found(_list(cast.bob, cast.circle))


def test_the_professional_sees_only_what_they_are_allowed_to(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    _thank(cast.alice, text="for pat too", professional_may_see=True)
    _thank(cast.alice, text=CANARY)
    response = _list(cast.pat, cast.circle)
    assert [a["text"] for a in response.json()["items"]] == ["for pat too"]


def test_a_professional_without_two_step_login_is_refused_with_a_message(cast):
    user = make_user("quinn")
    join(cast.circle, user, Member.Role.PROFESSIONAL)
    response = _list(user, cast.circle)
    assert response.status_code == 403
    assert "two-step login" in response.json()["detail"]


def test_a_professional_without_two_step_login_cannot_open_an_entry(cast):
    user = make_user("quinn")
    join(cast.circle, user, Member.Role.PROFESSIONAL, joined_at=timezone.now() - timedelta(days=1))
    entry = _thank(cast.alice, professional_may_see=True)
    _assert_not_found(call(api_client(user), "GET", f"/appreciations/{entry.pk}"))


# Writing


def test_a_member_thanks_someone_and_is_recorded_as_its_author(cast):
    body = _new(cast, to_member=str(cast.bob.pk), audience="chosen", chosen=[str(cast.bob.pk)])
    response = call(api_client(cast.carol), "POST", "/appreciations", body)
    assert response.status_code == 201
    entry = Appreciation.objects.get(pk=response.json()["id"])
    assert (entry.author, entry.circle, entry.to_member) == (cast.carol, cast.circle, cast.bob)
    assert list(entry.chosen.all()) == [cast.bob]


def test_a_new_appreciation_is_seen_by_whoever_it_thanks_by_default(cast):
    response = call(api_client(cast.carol), "POST", "/appreciations", _new(cast))
    assert response.json()["audience"] == "circle"  # thanking the circle
    assert response.json()["is_mine"] is True
    to_bob = call(api_client(cast.carol), "POST", "/appreciations", _new(cast, to_member=str(cast.bob.pk)))
    assert (to_bob.json()["audience"], to_bob.json()["chosen"]) == ("chosen", [str(cast.bob.pk)])


def test_an_appreciation_can_still_be_kept_private_on_purpose(cast):
    body = _new(cast, to_member=str(cast.bob.pk), audience="only_me")
    response = call(api_client(cast.carol), "POST", "/appreciations", body)
    assert response.status_code == 201 and response.json()["audience"] == "only_me"


@pytest.mark.parametrize("field", ["author", "id", "created_at"])
def test_a_client_cannot_set_author_id_or_date(cast, field):
    value = str(cast.alice.pk) if field != "created_at" else "2020-01-01T00:00:00Z"
    response = call(api_client(cast.carol), "POST", "/appreciations", _new(cast, **{field: value}))
    assert response.status_code == 422
    assert not Appreciation.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "   "},
        {"text": "x" * (TEXT_MAX + 1)},
        {"audience": "chosen"},
        {"audience": "only_me", "professional_may_see": True},
        {"audience": "everyone"},
        {"chosen": ["not-a-uuid"], "audience": "chosen"},
    ],
)
def test_invalid_appreciations_answer_422(cast, fields):
    response = call(api_client(cast.carol), "POST", "/appreciations", _new(cast, **fields))
    assert response.status_code == 422
    assert response.json()["errors"]


@pytest.mark.parametrize("who", ["olga", "pat", "carol", "bob", "unknown"])
def test_chosen_members_must_be_reachable_non_professionals_of_the_circle(cast, who):
    logic.set_status(cast.bob, Member.Status.STEPPED_AWAY)
    chosen = uuid4() if who == "unknown" else getattr(cast, who).pk
    body = _new(cast, audience="chosen", chosen=[str(chosen)])
    response = call(api_client(cast.carol), "POST", "/appreciations", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "chosen"


def test_a_chosen_member_in_the_circle_is_accepted(cast):
    body = _new(cast, audience="chosen", chosen=[str(cast.alice.pk)])
    assert call(api_client(cast.carol), "POST", "/appreciations", body).status_code == 201


@pytest.mark.parametrize("who", ["olga", "carol", "pat"])
def test_the_person_thanked_must_be_someone_else_in_the_circle(cast, who):
    body = _new(cast, to_member=str(getattr(cast, who).pk))
    assert call(api_client(cast.carol), "POST", "/appreciations", body).status_code == 422


def test_an_outsider_cannot_write_into_the_circle(cast):
    _assert_not_found(call(api_client(cast.olga), "POST", "/appreciations", _new(cast)))
    assert not Appreciation.objects.exists()


# One entry


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_an_outsider_gets_404_like_a_missing_entry(cast, method, path, body):
    entry = _thank(cast.alice, text=CANARY)
    olga = api_client(cast.olga)
    _assert_not_found(call(olga, method, path.format(id=entry.pk), body))
    _assert_not_found(call(olga, method, path.format(id=uuid4()), body))


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_a_removed_member_gets_404_even_for_their_own_entry(cast, method, path, body):
    shared, own = _thank(cast.alice), _thank(cast.bob)
    bob = api_client(cast.bob)
    logic.remove_member(cast.alice, cast.bob)
    for entry in (shared, own):
        _assert_not_found(call(bob, method, path.format(id=entry.pk), body))


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_a_member_outside_the_audience_gets_404(cast, method, path, body):
    entry = _thank(cast.alice, Audience.CHOSEN, text=CANARY, chosen=[cast.bob])
    response = call(api_client(cast.carol), method, path.format(id=entry.pk), body)
    _assert_not_found(response)
    assert CANARY not in response.content.decode()


def test_every_appreciation_route_with_an_id_is_in_the_outsider_list(db):
    paths = Client().get(API + "/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix(API).replace("{appreciation_id}", "{id}"))
        for path, operations in paths.items()
        if path.startswith(API + "/appreciations/{")
        for method in operations
    }
    assert routes == {(m, p) for m, p, _body in ENTRY_ENDPOINTS}


def test_a_chosen_member_sees_the_entry_but_not_who_else_was_chosen(cast):
    entry = _thank(cast.alice, Audience.CHOSEN, to_member=cast.bob, chosen=[cast.bob, cast.carol])
    body = call(api_client(cast.bob), "GET", f"/appreciations/{entry.pk}").json()
    assert (body["text"], body["to_member"]["name"], body["chosen"], body["is_mine"]) == (
        "Thank you for Sunday",
        "Bob",
        None,
        False,
    )


def test_the_author_sees_whom_they_chose(cast):
    entry = _thank(cast.alice, Audience.CHOSEN, chosen=[cast.bob])
    body = call(api_client(cast.alice), "GET", f"/appreciations/{entry.pk}").json()
    assert body["chosen"] == [str(cast.bob.pk)]


def test_the_author_changes_who_can_see_it(cast):
    entry = _thank(cast.alice, Audience.ONLY_ME)
    url = f"/appreciations/{entry.pk}/audience"
    body = {"audience": "chosen", "chosen": [str(cast.carol.pk)], "professional_may_see": True}
    response = call(api_client(cast.alice), "PATCH", url, body)
    assert response.status_code == 200
    assert response.json()["chosen"] == [str(cast.carol.pk)]
    assert call(api_client(cast.carol), "GET", f"/appreciations/{entry.pk}").status_code == 200


def test_someone_who_is_not_the_author_cannot_change_who_sees_it(cast):
    entry = _thank(cast.alice, Audience.CIRCLE)
    url = f"/appreciations/{entry.pk}/audience"
    response = call(api_client(cast.bob), "PATCH", url, {"audience": "only_me"})
    assert response.status_code == 403
    assert "Only the person who made it" in response.json()["detail"]
    entry.refresh_from_db()
    assert entry.audience == Audience.CIRCLE


def test_an_audience_change_cannot_move_the_entry_or_its_author(cast):
    entry = _thank(cast.alice, Audience.CIRCLE)
    body = {"audience": "circle", "circle": str(cast.olga.circle_id), "author": str(cast.bob.pk)}
    response = call(api_client(cast.alice), "PATCH", f"/appreciations/{entry.pk}/audience", body)
    assert response.status_code == 422
    entry.refresh_from_db()
    assert (entry.circle_id, entry.author_id) == (cast.circle.pk, cast.alice.pk)


def test_an_audience_change_checks_chosen_members_like_the_page(cast):
    entry = _thank(cast.alice, Audience.ONLY_ME)
    body = {"audience": "chosen", "chosen": [str(cast.olga.pk)]}
    response = call(api_client(cast.alice), "PATCH", f"/appreciations/{entry.pk}/audience", body)
    assert response.status_code == 422
    assert not entry.chosen.exists()


def test_the_author_deletes_their_appreciation(cast):
    entry = _thank(cast.alice)
    alice = api_client(cast.alice)
    assert call(alice, "DELETE", f"/appreciations/{entry.pk}").status_code == 204
    _assert_not_found(call(alice, "GET", f"/appreciations/{entry.pk}"))


def test_someone_who_is_not_the_author_cannot_delete_it(cast):
    entry = _thank(cast.alice)
    response = call(api_client(cast.bob), "DELETE", f"/appreciations/{entry.pk}")
    assert response.status_code == 403
    assert Appreciation.objects.filter(pk=entry.pk).exists()


def test_a_browser_session_must_confirm_its_password_before_sharing_wider(cast, client):
    entry = _thank(cast.bob, audience=Audience.ONLY_ME)
    client.force_login(cast.bob.user)
    response = call(client, "patch", f"/appreciations/{entry.pk}/audience", {"audience": "circle"})
    entry.refresh_from_db()
    assert response.status_code == 403 and "confirm your password" in response.json()["detail"]
    assert entry.audience == Audience.ONLY_ME


def test_a_browser_session_that_just_confirmed_its_password_may_share_wider(cast, login):
    entry = _thank(cast.bob, audience=Audience.ONLY_ME)
    response = call(login(cast.bob), "patch", f"/appreciations/{entry.pk}/audience", {"audience": "circle"})
    entry.refresh_from_db()
    assert response.status_code == 200 and entry.audience == Audience.CIRCLE
