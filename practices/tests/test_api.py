"""The API, under the same rules as the pages."""

from __future__ import annotations

import pytest

from circles.models import Member
from practices import logic, rules
from practices.models import IntakeRequest, PracticeInvitation, Proposal
from practices.tests.conftest import ask
from tests.support import api_client, call


def test_anyone_signed_in_lists_the_practices_that_take_requests(cast, practices):
    practices.elm.accepts_requests = False
    practices.elm.save()
    response = call(api_client(cast.bob), "GET", "/practices")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["Harbor"]


def test_anonymous_gets_401(practices, client):
    assert call(client, "GET", "/practices").status_code == 401
    assert call(client, "GET", f"/practices/{practices.harbor.pk}/requests").status_code == 401


def test_mine(practices):
    body = call(api_client(practices.eli.user), "GET", "/practices/mine").json()
    assert [(p["practice"]["name"], p["is_admin"]) for p in body] == [("Harbor", False)]


def test_start_a_practice_needs_two_step_login(cast, practices):
    data = {"kind": "solo", "name": "Mine", "intake_email": "m@x.test", "languages": ["en"]}
    assert call(api_client(cast.bob), "POST", "/practices", data).status_code == 403
    response = call(api_client(practices.omar.user), "POST", "/practices", data)
    assert response.status_code == 201 and response.json()["name"] == "Mine"


def test_clients_cannot_set_fields_they_do_not_own(practices):
    data = {"kind": "solo", "name": "Mine", "intake_email": "m@x.test", "languages": ["en"], "id": "x"}
    assert call(api_client(practices.omar.user), "POST", "/practices", data).status_code == 422


@pytest.mark.parametrize("who", ["omar", "olga", "sid", "alice"])
def test_outsiders_get_404_from_every_practice_operation(cast, practices, asked, who):
    user = {
        "omar": practices.omar.user,
        "olga": cast.olga.user,
        "sid": practices.sid,
        "alice": cast.alice.user,
    }[who]
    client = api_client(user)
    h = practices.harbor.pk
    for method, path, body in [
        ("GET", f"/practices/{h}", None),
        ("GET", f"/practices/{h}/professionals", None),
        ("POST", f"/practices/{h}/professionals", {"email": "x@example.test"}),
        ("DELETE", f"/practices/{h}/professionals/{practices.eli.pk}", None),
        ("GET", f"/practices/{h}/requests", None),
        ("GET", f"/practices/{h}/requests/{asked.pk}", None),
        ("POST", f"/practices/{h}/requests/{asked.pk}/replies", {"text": "hi"}),
        ("POST", f"/practices/{h}/requests/{asked.pk}/invitations", {"practitioner": str(practices.eli.pk)}),
        ("POST", f"/practices/{h}/requests/{asked.pk}/close", None),
    ]:
        assert call(client, method, path, body).status_code == 404, path
    assert IntakeRequest.objects.get(pk=asked.pk).status == rules.NEW


def test_the_practice_reads_the_queue_without_the_circle(cast, practices, asked):
    client = api_client(practices.eli.user)
    body = call(client, "GET", f"/practices/{practices.harbor.pk}/requests").json()["items"]
    assert [r["reason"] for r in body] == ["We keep fighting about money and trust."]
    text = str(body)
    assert str(cast.circle.pk) not in text and "Rivera" not in text and "circle" not in body[0]


def test_another_practices_request_is_404_like_a_missing_one(cast, practices):
    theirs = ask(cast.alice, practices.elm)
    client = api_client(practices.dana.user)
    other = call(client, "GET", f"/practices/{practices.harbor.pk}/requests/{theirs.pk}")
    missing = call(client, "GET", f"/practices/{practices.harbor.pk}/requests/{cast.circle.pk}")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


def test_reply_invite_and_close(cast, practices):
    asked = ask(cast.alice, practices.harbor)
    client = api_client(practices.dana.user)
    base = f"/practices/{practices.harbor.pk}/requests/{asked.pk}"
    response = call(client, "POST", f"{base}/replies", {"text": "Tuesday?"})
    assert response.status_code == 201 and response.json()["status"] == "answered"
    response = call(client, "POST", f"{base}/invitations", {"practitioner": str(practices.eli.pk)})
    assert response.status_code == 201 and response.json()["stage"] == "sent"
    proposal = Proposal.objects.get(request=asked)
    joined = call(
        api_client(practices.eli.user),
        "POST",
        f"/practices/{practices.harbor.pk}/proposals/{proposal.pk}/join",
    )
    assert joined.status_code == 201 and joined.json()["circle"] == str(cast.circle.pk)
    assert call(client, "POST", f"{base}/close").json()["status"] == "closed"
    assert call(client, "POST", f"{base}/replies", {"text": "again"}).status_code == 400


def test_admins_add_and_remove_professionals(practices):
    client = api_client(practices.dana.user)
    h = practices.harbor.pk
    response = call(client, "POST", f"/practices/{h}/professionals", {"email": "nobody@example.test"})
    assert response.status_code == 202
    assert PracticeInvitation.objects.filter(email="nobody@example.test").exists()
    assert call(client, "DELETE", f"/practices/{h}/professionals/{practices.eli.pk}").status_code == 204
    eli = api_client(practices.eli.user)
    assert call(eli, "GET", f"/practices/{h}/requests").status_code == 404


def test_a_professional_who_is_not_admin_gets_403_for_admin_acts(practices):
    client = api_client(practices.eli.user)
    h = practices.harbor.pk
    assert (
        call(client, "POST", f"/practices/{h}/professionals", {"email": "x@example.test"}).status_code == 403
    )
    assert call(client, "DELETE", f"/practices/{h}/professionals/{practices.dana.pk}").status_code == 403


def test_accepting_an_invitation_to_a_practice(cast, practices):
    from tests.support import give_totp

    invitation = logic.invite_practitioner(practices.dana, "carol@example.test")
    client = api_client(cast.carol)
    assert [i["id"] for i in call(client, "GET", "/practices/invitations").json()] == [str(invitation.pk)]
    assert (
        call(api_client(cast.bob), "POST", f"/practices/invitations/{invitation.pk}/accept").status_code
        == 404
    )
    assert call(client, "POST", f"/practices/invitations/{invitation.pk}/accept").status_code == 403
    give_totp(cast.carol.user)
    assert call(client, "POST", f"/practices/invitations/{invitation.pk}/accept").status_code == 201


# --- the family's side ---------------------------------------------------------------------------------


def _help(cast, practices, **extra):
    return {
        "circle": str(cast.circle.pk),
        "practice": str(practices.harbor.pk),
        "name": "Carol",
        "reason": "We need help",
        "contact": "555",
        "languages": ["en", "es"],
        "time_zone": "America/Chicago",
    } | extra


def test_asking_from_a_circle(cast, practices):
    response = call(api_client(cast.carol), "POST", "/help-requests", _help(cast, practices))
    assert response.status_code == 201
    assert response.json()["status"] == "new" and response.json()["practice"]["name"] == "Harbor"


def test_asking_from_someone_elses_circle_is_404(cast, practices):
    response = call(api_client(cast.olga), "POST", "/help-requests", _help(cast, practices))
    assert response.status_code == 404
    assert not IntakeRequest.objects.exists()


def test_a_bad_time_zone_is_a_clear_422(cast, practices):
    response = call(
        api_client(cast.carol), "POST", "/help-requests", _help(cast, practices, time_zone="Mars/Base")
    )
    assert response.status_code == 422


def test_the_requester_reads_their_request_and_nobody_else_does(cast, practices, asked):
    logic.reply(practices.dana, asked, "Tuesday works")
    mine = call(api_client(cast.bob), "GET", f"/help-requests/{asked.pk}")
    assert mine.status_code == 200 and mine.json()["replies"][0]["text"] == "Tuesday works"
    for who in (cast.alice, cast.carol, cast.olga, practices.sid, practices.dana.user):
        assert call(api_client(who), "GET", f"/help-requests/{asked.pk}").status_code == 404
        assert call(api_client(who), "GET", "/help-requests").json() == []


def test_the_owner_answers_through_the_api(cast, practices, asked):
    proposal = logic.propose(practices.dana, asked, practices.eli)
    waiting = call(api_client(cast.alice), "GET", "/help-requests/proposals").json()
    assert [w["professional"] for w in waiting] == ["Eli"]
    assert call(api_client(cast.bob), "GET", "/help-requests/proposals").json() == []
    path = f"/help-requests/proposals/{proposal.pk}/answer"
    assert call(api_client(cast.bob), "POST", path, {"yes": True}).status_code == 404
    assert call(api_client(cast.olga), "POST", path, {"yes": True}).status_code == 404
    assert call(api_client(cast.alice), "POST", path, {"yes": True}).status_code == 200
    joined = call(
        api_client(practices.eli.user),
        "POST",
        f"/practices/{practices.harbor.pk}/proposals/{proposal.pk}/join",
    )
    assert joined.status_code == 201
    assert (
        Member.objects.current()
        .filter(circle=cast.circle, user=practices.eli.user, role="professional")
        .exists()
    )


def test_the_requester_withdraws(cast, asked):
    assert call(api_client(cast.alice), "POST", f"/help-requests/{asked.pk}/withdraw").status_code == 404
    assert (
        call(api_client(cast.bob), "POST", f"/help-requests/{asked.pk}/withdraw").json()["status"] == "closed"
    )


def test_the_queue_costs_the_same_for_one_request_or_many(cast, practices):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support import join, make_user

    client = api_client(practices.dana.user)
    path = f"/practices/{practices.harbor.pk}/requests"

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert call(client, "GET", path).status_code == 200
        return len(queries)

    first = ask(cast.alice, practices.harbor)
    logic.propose(practices.dana, first, practices.eli)
    one = cost()
    for n in range(5):
        member = join(cast.circle, make_user(f"kin{n}"), Member.Role.SIBLING)
        asked = ask(member, practices.harbor)
        logic.reply(practices.dana, asked, "Hello")
        logic.propose(practices.dana, asked, practices.eli)
    assert cost() == one
