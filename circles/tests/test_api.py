"""The JSON API for circles, members and invitations: auth, access and rules."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AccessToken
from circles import logic
from circles.models import Circle, Invitation, Member
from tests.support import API, api_client, call, consent, give_totp, join, make_user


def _invite(cast, role=Member.Role.FRIEND) -> tuple[Invitation, str]:
    return logic.invite(cast.alice, role, "for a friend")


# Every circle endpoint with an id: (method, path, body). The guard test below
# fails when a new route with an id is not listed here.
# Valid in shape, so that the answer is the access check's, not the schema's.
CONSENT_BODY = {
    "recipients": [],
    "scopes": {"moments": "entries"},
    "expires_on": "2099-01-01",
    "password": "x",
}
CIRCLE_ENDPOINTS = [
    ("GET", "/circles/{circle}", None),
    ("DELETE", "/circles/{circle}", None),
    ("GET", "/circles/{circle}/members", None),
    ("PATCH", "/circles/{circle}/members/me", {"status": "paused"}),
    ("POST", "/circles/{circle}/members/me/leave", None),
    ("POST", "/circles/{circle}/members/me/step-down", None),
    ("DELETE", "/circles/{circle}/members/{member}", None),
    ("POST", "/circles/{circle}/members/{member}/owner", None),
    ("GET", "/circles/{circle}/professionals", None),
    ("GET", "/circles/{circle}/consents", None),
    ("POST", "/circles/{circle}/consents", CONSENT_BODY),
    ("GET", "/circles/{circle}/consents-to-me", None),
    ("GET", "/circles/{circle}/consents/{consent_id}", None),
    ("POST", "/circles/{circle}/consents/{consent_id}/change", CONSENT_BODY),
    ("POST", "/circles/{circle}/consents/{consent_id}/revoke", None),
    ("GET", "/circles/{circle}/invitations", None),
    ("POST", "/circles/{circle}/invitations", {"role": "friend"}),
    ("POST", "/circles/{circle}/invitations/{invitation}/revoke", None),
]


def _fill(cast, path: str) -> str:
    invitation, _token = _invite(cast)
    given = consent(cast.alice, cast.pat)
    return path.format(
        circle=cast.circle.pk, member=cast.carol.pk, invitation=invitation.pk, consent_id=given.pk
    )


# Authentication


def test_a_personal_access_token_lets_a_member_list_their_circles(cast):
    response = call(api_client(cast.bob), "GET", "/circles")
    assert response.status_code == 200
    assert [c["name"] for c in response.json()] == ["Rivera"]
    assert response.json()[0]["me"]["role"] == "partner"


def test_no_credentials_get_401(cast):
    assert call(Client(), "GET", "/circles").status_code == 401


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_token_gets_401_with_a_message(cast, method):
    client = Client(headers={"authorization": "Bearer mend_not-a-real-token"})
    response = call(client, method, "/circles", {"name": "X", "role": "friend"} if method == "POST" else None)
    assert response.status_code == 401
    assert "access token" in response.json()["detail"]


def test_a_revoked_token_gets_401(cast):
    token, raw = AccessToken.issue(cast.bob.user, "phone")
    AccessToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    client = Client(headers={"authorization": f"Bearer {raw}"})
    assert call(client, "GET", "/circles").status_code == 401


def test_an_expired_token_gets_401(cast):
    token, raw = AccessToken.issue(cast.bob.user, "phone")
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = Client(headers={"authorization": f"Bearer {raw}"})
    assert call(client, "GET", "/circles").status_code == 401


def test_a_deactivated_accounts_token_gets_401(cast):
    client = api_client(cast.bob)
    type(cast.bob.user).objects.filter(pk=cast.bob.user.pk).update(is_active=False)
    assert call(client, "GET", "/circles").status_code == 401


def test_a_session_reads_without_a_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.bob.user)
    assert call(client, "GET", "/circles").status_code == 200


def test_a_session_write_without_a_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.bob.user)
    response = call(client, "POST", "/circles", {"name": "Sneaky", "role": "friend"})
    assert response.status_code == 403
    assert [c.name for c in Circle.objects.all()] == ["Rivera", "Elsewhere"]


def test_a_session_write_with_the_csrf_token_works(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.bob.user)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        API + "/circles",
        {"name": "Bob's", "role": "partner"},
        content_type="application/json",
        headers={"x-csrftoken": "a" * 32},
    )
    assert response.status_code == 201


# The OpenAPI document


def test_the_openapi_document_loads_and_lists_the_paths(db):
    response = Client().get(API + "/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/circles/{circle_id}/members/me/leave" in paths
    assert "/api/v1/invitations/{token}/accept" in paths
    assert "/api/v1/appreciations/{appreciation_id}/audience" in paths


def test_every_circle_route_with_an_id_is_in_the_outsider_list(db):
    paths = Client().get(API + "/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix(API))
        for path, operations in paths.items()
        if path.startswith(API + "/circles/{")
        for method in operations
    }
    names = {"circle_id": "circle", "member_id": "member", "invitation_id": "invitation"}
    listed = {(m, p) for m, p, _body in CIRCLE_ENDPOINTS}
    for old, new in names.items():
        routes = {(m, p.replace("{" + old + "}", "{" + new + "}")) for m, p in routes}
    assert routes == listed


# Who gets 404


def _assert_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(("method", "path", "body"), CIRCLE_ENDPOINTS)
def test_an_outsider_gets_404_like_a_missing_circle(cast, method, path, body):
    olga = api_client(cast.olga)
    _assert_not_found(call(olga, method, _fill(cast, path), body))
    _assert_not_found(
        call(
            olga,
            method,
            path.format(circle=uuid4(), member=uuid4(), invitation=uuid4(), consent_id=uuid4()),
            body,
        )
    )


@pytest.mark.parametrize(("method", "path", "body"), CIRCLE_ENDPOINTS)
def test_a_removed_member_gets_404(cast, method, path, body):
    bob = api_client(cast.bob)
    logic.remove_member(cast.alice, cast.bob)
    _assert_not_found(call(bob, method, _fill(cast, path), body))


def test_a_member_who_left_gets_404(cast):
    bob = api_client(cast.bob)
    assert call(bob, "POST", f"/circles/{cast.circle.pk}/members/me/leave").status_code == 204
    _assert_not_found(call(bob, "GET", f"/circles/{cast.circle.pk}"))


@pytest.mark.parametrize("path", ["/members/{id}", "/members/{id}/owner"])
def test_a_member_id_from_another_circle_gets_404(cast, path):
    method = "DELETE" if path.endswith("{id}") else "POST"
    url = f"/circles/{cast.circle.pk}" + path.format(id=cast.olga.pk)
    _assert_not_found(call(api_client(cast.alice), method, url))


def test_an_invitation_of_another_circle_cannot_be_revoked_here(cast):
    theirs, _token = logic.invite(cast.olga, Member.Role.FRIEND)
    url = f"/circles/{cast.circle.pk}/invitations/{theirs.pk}/revoke"
    _assert_not_found(call(api_client(cast.alice), "POST", url))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/circles/not-a-uuid"),
        ("POST", "/circles/{circle}/members/42/owner"),
        ("GET", "/appreciations/x"),
    ],
)
def test_malformed_ids_answer_4xx_not_500(cast, method, path):
    response = call(api_client(cast.alice), method, path.format(circle=cast.circle.pk))
    assert 400 <= response.status_code < 500


def test_a_professional_without_two_step_login_gets_403_with_a_message(cast):
    user = make_user("quinn")
    join(cast.circle, user, Member.Role.PROFESSIONAL)
    response = call(api_client(user), "GET", f"/circles/{cast.circle.pk}/members")
    assert response.status_code == 403
    assert "two-step login" in response.json()["detail"]


# Circles and members


def test_creating_a_circle_makes_me_its_owner_in_my_role(cast):
    response = call(api_client(cast.bob), "POST", "/circles", {"name": "  Bob and Sam ", "role": "partner"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Bob and Sam"
    assert body["me"] | {"id": None, "joined_at": None} == {
        "id": None,
        "name": "Bob",
        "role": "partner",
        "status": "active",
        "is_owner": True,
        "joined_at": None,
        "is_me": True,
    }


@pytest.mark.parametrize("body", [{"name": "   ", "role": "partner"}, {"name": "X", "role": "boss"}, {}])
def test_invalid_circle_input_answers_422(cast, body):
    response = call(api_client(cast.bob), "POST", "/circles", body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Some values are not valid."


def test_a_new_circle_cannot_be_given_an_id_or_other_owners(cast):
    body = {"name": "Mine", "role": "partner", "is_owner": False, "id": str(cast.circle.pk)}
    response = call(api_client(cast.bob), "POST", "/circles", body)
    assert response.status_code == 422
    assert [c.name for c in Circle.objects.all()] == ["Rivera", "Elsewhere"]


def test_a_member_sees_their_circle_and_its_members(cast):
    bob = api_client(cast.bob)
    circle = call(bob, "GET", f"/circles/{cast.circle.pk}").json()
    members = call(bob, "GET", f"/circles/{cast.circle.pk}/members").json()
    assert circle["me"]["id"] == str(cast.bob.pk)
    assert {m["name"] for m in members} == {"Alice", "Bob", "Carol", "Pat"}
    assert [m["name"] for m in members if m["is_me"]] == ["Bob"]


def test_a_member_sets_their_own_status(cast):
    url = f"/circles/{cast.circle.pk}/members/me"
    response = call(api_client(cast.bob), "PATCH", url, {"status": "stepped_away"})
    assert response.status_code == 200
    assert response.json()["status"] == "stepped_away"
    assert cast.bob.step_aways.filter(ended_at__isnull=True).exists()


def test_a_member_cannot_set_their_role_or_ownership(cast):
    body = {"status": "active", "role": "professional", "is_owner": True}
    response = call(api_client(cast.bob), "PATCH", f"/circles/{cast.circle.pk}/members/me", body)
    assert response.status_code == 422
    cast.bob.refresh_from_db()
    assert (cast.bob.role, cast.bob.is_owner) == (Member.Role.PARTNER, False)


def test_the_last_owner_cannot_leave(cast):
    response = call(api_client(cast.alice), "POST", f"/circles/{cast.circle.pk}/members/me/leave")
    assert response.status_code == 400
    assert "only owner" in response.json()["detail"]
    assert Member.objects.current().filter(pk=cast.alice.pk).exists()


def test_an_owner_removes_a_member(cast):
    url = f"/circles/{cast.circle.pk}/members/{cast.carol.pk}"
    assert call(api_client(cast.alice), "DELETE", url).status_code == 204
    _assert_not_found(call(api_client(cast.carol), "GET", f"/circles/{cast.circle.pk}"))


def test_a_member_who_is_not_an_owner_cannot_remove_anyone(cast):
    url = f"/circles/{cast.circle.pk}/members/{cast.carol.pk}"
    response = call(api_client(cast.bob), "DELETE", url)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Only an owner can remove someone from the circle.",
        "code": "circle_rule",
    }


def test_an_owner_makes_another_owner_who_may_then_leave_alone(cast):
    alice = api_client(cast.alice)
    response = call(alice, "POST", f"/circles/{cast.circle.pk}/members/{cast.bob.pk}/owner")
    assert response.status_code == 200
    assert response.json()["is_owner"] is True
    assert call(alice, "POST", f"/circles/{cast.circle.pk}/members/me/leave").status_code == 204


def test_the_only_owner_cannot_step_down(cast):
    response = call(api_client(cast.alice), "POST", f"/circles/{cast.circle.pk}/members/me/step-down")
    assert response.status_code == 400
    assert "at least one owner" in response.json()["detail"]


def test_a_circle_with_other_members_cannot_be_deleted(cast):
    response = call(api_client(cast.alice), "DELETE", f"/circles/{cast.circle.pk}")
    assert response.status_code == 400
    assert "everyone else has left" in response.json()["detail"]


# Invitations


def test_an_invitation_returns_its_single_use_link_once(cast):
    url = f"/circles/{cast.circle.pk}/invitations"
    response = call(api_client(cast.bob), "POST", url, {"role": "sibling", "note": "for Dani"})
    assert response.status_code == 201
    body = response.json()
    assert body["link"].endswith(f"/i/{body['token']}/")
    assert body["invitation"]["role"] == "sibling"
    assert Invitation.objects.by_token(body["token"]).invited_by == cast.bob


def test_an_invitation_cannot_name_its_circle_or_sender(cast):
    body = {"role": "friend", "circle": str(cast.olga.circle_id), "invited_by": str(cast.olga.pk)}
    response = call(api_client(cast.bob), "POST", f"/circles/{cast.circle.pk}/invitations", body)
    assert response.status_code == 422
    assert not Invitation.objects.exists()


def test_pending_invitations_show_their_note_only_to_the_sender(cast):
    _invite(cast)
    url = f"/circles/{cast.circle.pk}/invitations"
    assert [i["note"] for i in call(api_client(cast.alice), "GET", url).json()] == ["for a friend"]
    assert [i["note"] for i in call(api_client(cast.bob), "GET", url).json()] == [""]


def test_the_sender_revokes_an_invitation_and_it_no_longer_works(cast):
    invitation, token = _invite(cast)
    url = f"/circles/{cast.circle.pk}/invitations/{invitation.pk}/revoke"
    assert call(api_client(cast.alice), "POST", url).json()["status"] == "revoked"
    response = call(api_client(make_user("dani")), "POST", f"/invitations/{token}/accept")
    assert response.status_code == 400


def test_another_member_cannot_revoke_someone_elses_invitation(cast):
    invitation, _token = _invite(cast)
    url = f"/circles/{cast.circle.pk}/invitations/{invitation.pk}/revoke"
    response = call(api_client(cast.bob), "POST", url)
    assert response.status_code == 400
    assert "Only the person who sent" in response.json()["detail"]


def test_an_invitation_preview_shows_circle_role_and_sender(cast):
    _invitation, token = _invite(cast)
    body = call(api_client(make_user("dani")), "GET", f"/invitations/{token}").json()
    assert body | {"expires_at": None} == {
        "circle_name": "Rivera",
        "role": "friend",
        "invited_by_name": "Alice",
        "expires_at": None,
        "state": "open",
    }


def test_accepting_an_invitation_joins_in_the_invited_role_once(cast):
    _invitation, token = _invite(cast)
    response = call(api_client(make_user("dani")), "POST", f"/invitations/{token}/accept")
    assert response.status_code == 201
    assert response.json()["me"]["role"] == "friend"
    again = call(api_client(make_user("eve")), "POST", f"/invitations/{token}/accept")
    assert again.status_code == 400
    assert again.json() == {
        "detail": "This invitation has already been used or withdrawn.",
        "code": "circle_rule",
    }


def test_an_expired_invitation_cannot_be_accepted(cast):
    invitation, token = _invite(cast)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = call(api_client(make_user("dani")), "POST", f"/invitations/{token}/accept")
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_a_declined_invitation_cannot_be_accepted_afterwards(cast):
    _invitation, token = _invite(cast)
    dani = api_client(make_user("dani"))
    assert call(dani, "POST", f"/invitations/{token}/decline").status_code == 200
    assert call(dani, "POST", f"/invitations/{token}/accept").status_code == 400


def test_a_current_member_cannot_accept_another_invitation_to_the_same_circle(cast):
    _invitation, token = _invite(cast)
    response = call(api_client(cast.bob), "POST", f"/invitations/{token}/accept")
    assert response.status_code == 400
    assert "already a member" in response.json()["detail"]


@pytest.mark.parametrize("action", ["", "/accept", "/decline"])
def test_an_unknown_invitation_token_gets_404(cast, action):
    method = "GET" if not action else "POST"
    _assert_not_found(call(api_client(cast.olga), method, f"/invitations/no-such-token{action}"))


def test_a_professional_invitation_needs_two_step_login(cast):
    _invitation, token = _invite(cast, Member.Role.PROFESSIONAL)
    user = make_user("quinn")
    refused = call(api_client(user), "POST", f"/invitations/{token}/accept")
    assert refused.status_code == 403
    assert "two-step login" in refused.json()["detail"]
    give_totp(user)
    assert call(api_client(user), "POST", f"/invitations/{token}/accept").status_code == 201
