"""The safety API: only ever the caller's own answers; everyone else gets 404."""

from __future__ import annotations

from uuid import uuid4

import pytest

from safety import logic
from safety.models import SafetyCheck
from safety.rules import NO, NOT_SURE, QUESTIONS
from safety.schemas import SafetyAnswers
from safety.tests.helpers import afraid, safe
from tests.support import api_client, call, make_user


def _about(member) -> str:
    return f"/safety/about/{member.pk}"


def test_the_schema_asks_exactly_the_question_set():
    assert list(SafetyAnswers.model_fields) == list(QUESTIONS)


def test_putting_answers_with_risk_turns_joint_work_off(cast):
    response = call(api_client(cast.alice), "PUT", _about(cast.bob), {**safe(), "say_no": NOT_SURE})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["about"] == {"id": str(cast.bob.pk), "name": "Bob"}
    assert body["answers"]["say_no"] == NOT_SURE and body["joint_work_off"] is True
    assert logic.joint_work_blocked(cast.bob, cast.alice)


def test_putting_again_changes_the_answers(cast):
    client = api_client(cast.alice)
    call(client, "PUT", _about(cast.bob), afraid())
    body = call(client, "PUT", _about(cast.bob), safe()).json()
    assert body["joint_work_off"] is False and body["answers"] == safe()
    assert SafetyCheck.objects.count() == 1


def test_reading_my_answers_back(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    body = call(api_client(cast.alice), "GET", _about(cast.bob)).json()
    assert body["answers"] == afraid() and body["joint_work_off"] is True and body["answered_at"]


def test_reading_before_answering_gives_empty_answers(cast):
    body = call(api_client(cast.alice), "GET", _about(cast.bob)).json()
    assert body == {
        "about": {"id": str(cast.bob.pk), "name": "Bob"},
        "answers": None,
        "joint_work_off": False,
        "answered_at": None,
    }


def test_listing_gives_only_my_own_answers(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    logic.record_answers(cast.bob, cast.alice, safe())
    mine = call(api_client(cast.alice), "GET", f"/safety?circle={cast.circle.pk}").json()
    assert [row["about"]["name"] for row in mine] == ["Bob"]
    assert mine[0]["answers"] == afraid()
    bobs = call(api_client(cast.bob), "GET", f"/safety?circle={cast.circle.pk}").json()
    assert [(row["about"]["name"], row["joint_work_off"]) for row in bobs] == [("Alice", False)]


def test_the_other_person_reads_only_their_own_empty_answers_about_me(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    body = call(api_client(cast.bob), "GET", _about(cast.alice)).json()
    assert body["answers"] is None and body["joint_work_off"] is False


def test_the_professional_never_sees_answers(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    logic.record_answers(cast.alice, cast.pat, afraid())
    # Answered as someone outside the circle, exactly as olga is.
    for who in (cast.pat, cast.olga):
        client = api_client(who)
        assert call(client, "GET", f"/safety?circle={cast.circle.pk}").status_code == 404
        listed = call(client, "GET", _about(cast.alice))
        assert (listed.status_code, listed.json()) == (404, {"detail": "Not found."})


def test_an_outsider_gets_404_everywhere(cast):
    client = api_client(cast.olga)
    assert call(client, "GET", f"/safety?circle={cast.circle.pk}").status_code == 404
    assert call(client, "GET", _about(cast.bob)).status_code == 404
    assert call(client, "PUT", _about(cast.bob), afraid()).status_code == 404
    assert not SafetyCheck.objects.exists()


@pytest.mark.parametrize("target", ["self", "missing"])
def test_answering_about_myself_or_nobody_is_404(cast, target):
    member_id = cast.alice.pk if target == "self" else uuid4()
    client = api_client(cast.alice)
    assert call(client, "GET", f"/safety/about/{member_id}").status_code == 404
    assert call(client, "PUT", f"/safety/about/{member_id}", afraid()).status_code == 404


def test_someone_who_has_no_circle_gets_404(cast):
    client = api_client(make_user("nobody"))
    assert call(client, "GET", _about(cast.bob)).status_code == 404


def test_unknown_keys_and_values_are_refused(cast):
    client = api_client(cast.alice)
    assert call(client, "PUT", _about(cast.bob), {**safe(), "mood": NO}).status_code == 422
    assert call(client, "PUT", _about(cast.bob), {**safe(), "afraid": "maybe"}).status_code == 422
    missing = safe()
    del missing["hurt"]
    assert call(client, "PUT", _about(cast.bob), missing).status_code == 422
    assert not SafetyCheck.objects.exists()


def test_signed_out_gets_401(cast, client):
    assert client.get(f"/api/v1/safety/about/{cast.bob.pk}").status_code == 401


# Every safety route: (method, path). The guard below fails when a new one is not listed.
SAFETY_ENDPOINTS = {
    ("GET", "/safety"),
    ("GET", "/safety/about/{member_id}"),
    ("PUT", "/safety/about/{member_id}"),
}


def test_every_safety_route_is_in_the_outsider_list(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        if path.startswith("/api/v1/safety")
        for method in operations
    }
    assert routes == SAFETY_ENDPOINTS


@pytest.mark.parametrize(("method", "path"), sorted(SAFETY_ENDPOINTS))
def test_an_outsider_gets_404_from_every_safety_route(cast, method, path):
    logic.record_answers(cast.alice, cast.bob, afraid())
    url = path.format(member_id=cast.bob.pk) + (f"?circle={cast.circle.pk}" if "{" not in path else "")
    response = call(api_client(cast.olga), method, url, afraid() if method == "PUT" else None)
    assert response.status_code == 404
    assert "afraid" not in response.content.decode()
