"""The JSON API for reach-out plans, their parts and offers, under the Audience rules."""

from __future__ import annotations

from uuid import uuid4

import pytest

from ledger import logic as ledger_logic
from ledger.models import Occurrence
from reachout import logic
from reachout.models import Offer, Plan
from safety.models import SafetyCheck
from tests.support import api_client, call

pytestmark = pytest.mark.django_db

NOTE = "canary-notes 2am words"

# Every plan endpoint with an id: (method, path, body). Outsiders and people the
# plan is shared with (for author-only ones) get 404 from each.
AUTHOR_ONLY = [
    ("PATCH", "/reach-out/{id}/parts", {"conditions": "x"}),
    ("PATCH", "/reach-out/{id}/notes", {"what_they_said": "x"}),
    ("POST", "/reach-out/{id}/decisions", {"decision": "not_yet"}),
    ("PATCH", "/reach-out/{id}/audience", {"audience": "only_me"}),
    ("GET", "/reach-out/{id}/offers", None),
    ("POST", "/reach-out/{id}/offers", {"what": "x", "consent": True}),
    ("DELETE", "/reach-out/{id}", None),
]
READABLE = [("GET", "/reach-out/{id}", None), ("GET", "/reach-out/{id}/decisions", None)]


def _plan(author, **extra) -> Plan:
    return logic.start_plan(author, returning_name="Sam", what_they_said=NOTE, **extra)


def test_create_a_plan_private_by_default(cast):
    client = api_client(cast.carol)
    response = call(
        client,
        "POST",
        "/reach-out",
        {"circle": str(cast.circle.pk), "returning_member": str(cast.alice.pk), "what_they_said": "hi"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["audience"] == "only_me" and body["notes"]["what_they_said"] == "hi"
    assert body["notes"]["step"] == "pause"


def test_bad_input_is_refused_clearly(cast):
    client = api_client(cast.carol)
    response = call(client, "POST", "/reach-out", {"circle": str(cast.circle.pk)})
    assert response.status_code == 422 and "returning_name" in response.content.decode()
    response = call(
        client, "POST", "/reach-out", {"circle": str(cast.circle.pk), "returning_name": "S", "x": 1}
    )
    assert response.status_code == 422


def test_parts_notes_and_decisions(cast):
    plan = _plan(cast.carol)
    client = api_client(cast.carol)
    response = call(
        client,
        "PATCH",
        f"/reach-out/{plan.pk}/notes",
        {
            "checklist": ["blames"],
            "ask_yourself": {"healed_enough": "Not yet", "bogus": "x"},
            "step": "ask_them",
        },
    )
    notes = response.json()["notes"]
    assert notes["suggests_waiting"] and notes["ask_yourself"] == {"healed_enough": "Not yet"}
    assert notes["step"] == "ask_them"
    refused = call(client, "POST", f"/reach-out/{plan.pk}/decisions", {"decision": "yes_with_conditions"})
    assert refused.status_code == 400 and "conditions" in refused.json()["detail"]
    call(
        client,
        "PATCH",
        f"/reach-out/{plan.pk}/parts",
        {"conditions": "Only when sober", "review_on": "2030-01-01"},
    )
    assert call(client, "POST", f"/reach-out/{plan.pk}/decisions", {"decision": "not_yet"}).status_code == 201
    assert call(client, "POST", f"/reach-out/{plan.pk}/decisions", {"decision": "not_yet"}).status_code == 400
    call(client, "POST", f"/reach-out/{plan.pk}/decisions", {"decision": "yes_with_conditions", "note": "ok"})
    history = call(client, "GET", f"/reach-out/{plan.pk}/decisions").json()
    assert [row["decision"] for row in history] == ["yes_with_conditions", "not_yet"]
    body = call(client, "GET", f"/reach-out/{plan.pk}").json()
    assert body["decision"]["decision"] == "yes_with_conditions" and body["review_on"] == "2030-01-01"


def test_a_new_note_on_the_same_decision_is_a_new_row(cast):
    plan = _plan(cast.carol)
    client = api_client(cast.carol)
    path = f"/reach-out/{plan.pk}/decisions"
    assert call(client, "POST", path, {"decision": "not_yet", "note": "first"}).status_code == 201
    again = call(client, "POST", path, {"decision": "not_yet", "note": "second thoughts"})
    assert again.status_code == 201 and again.json()["note"] == "second thoughts"
    assert call(client, "POST", path, {"decision": "not_yet", "note": "second thoughts"}).status_code == 400
    assert call(client, "POST", path, {"decision": "not_yet"}).status_code == 400
    history = call(client, "GET", path).json()
    assert [(row["decision"], row["note"]) for row in history] == [
        ("not_yet", "second thoughts"),
        ("not_yet", "first"),
    ]


@pytest.mark.parametrize(("method", "path", "body"), AUTHOR_ONLY + READABLE)
def test_outsiders_and_unshared_members_get_404(cast, method, path, body):
    plan = _plan(cast.carol)
    for who in (cast.alice, cast.bob, cast.pat, cast.olga):
        response = call(api_client(who), method, path.format(id=plan.pk), body)
        assert response.status_code == 404 and NOTE not in response.content.decode()
    assert call(api_client(cast.carol), "GET", f"/reach-out/{uuid4()}").status_code == 404


@pytest.mark.parametrize(("method", "path", "body"), AUTHOR_ONLY)
def test_someone_shared_with_can_read_but_not_change(cast, method, path, body):
    plan = _plan(cast.carol)
    logic.share(plan, "chosen", [cast.alice])
    assert call(api_client(cast.alice), method, path.format(id=plan.pk), body).status_code == 403
    shown = call(api_client(cast.alice), "GET", f"/reach-out/{plan.pk}").json()
    assert shown["notes"] is None and shown["chosen"] is None and NOTE not in str(shown)


def test_sharing_with_someone_you_are_not_safe_with_is_refused_with_resources(cast, login):
    SafetyCheck.objects.create(member=cast.carol, about=cast.alice, blocks_joint_work=True)
    plan = _plan(cast.carol)
    client = login(cast.carol)  # a fresh password check, as sharing more widely needs
    response = client.patch(
        f"/api/v1/reach-out/{plan.pk}/audience",
        {"audience": "chosen", "chosen": [str(cast.alice.pk)]},
        content_type="application/json",
    )
    assert response.status_code == 403 and "1-800-799-7233" in response.json()["detail"]
    plan.refresh_from_db()
    assert plan.audience == "only_me"


def test_sharing_with_someone_who_is_not_safe_with_you_is_saved_and_never_reaches_them(cast, login):
    """Refusing would tell carol about alice's answers (issue 13): it is saved as always."""
    SafetyCheck.objects.create(member=cast.alice, about=cast.carol, blocks_joint_work=True)
    plan = _plan(cast.carol)
    response = login(cast.carol).patch(
        f"/api/v1/reach-out/{plan.pk}/audience",
        {"audience": "chosen", "chosen": [str(cast.alice.pk)]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert call(api_client(cast.alice), "GET", f"/reach-out/{plan.pk}").status_code == 404


def test_offers_accept_and_follow_through(cast):
    plan = _plan(cast.carol, returning_member=cast.alice)
    carol = api_client(cast.carol)
    assert (
        call(carol, "POST", f"/reach-out/{plan.pk}/offers", {"what": "Meeting", "consent": False}).status_code
        == 400
    )
    made = call(
        carol,
        "POST",
        f"/reach-out/{plan.pk}/offers",
        {"what": "Meeting", "frequency": "daily", "consent": True},
    )
    assert made.status_code == 201
    alice = api_client(cast.alice)
    offers = call(alice, "GET", f"/reach-out/offers?circle={cast.circle.pk}").json()
    assert [o["what"] for o in offers] == ["Meeting"] and "plan" not in offers[0]
    assert (
        call(api_client(cast.bob), "POST", f"/reach-out/offers/{made.json()['id']}/accept").status_code == 404
    )
    accepted = call(alice, "POST", f"/reach-out/offers/{made.json()['id']}/accept").json()
    assert accepted["state"] == "accepted" and accepted["promise"]
    occurrence = Occurrence.objects.filter(promise_id=accepted["promise"]).order_by("due_at").first()
    ledger_logic.answer(occurrence, "report_kept", cast.alice)
    follow = call(carol, "GET", f"/reach-out/{plan.pk}/offers").json()
    assert follow[0]["kept"] == 1 and follow[0]["record"] == "1 of the last 1 time"
    again = call(alice, "POST", f"/reach-out/offers/{made.json()['id']}/decline")
    assert again.status_code == 400
    assert Offer.objects.get().state == "accepted"


OFFER_ENDPOINTS = {
    ("POST", "/reach-out/offers/{offer_id}/accept"),
    ("POST", "/reach-out/offers/{offer_id}/decline"),
}


def test_every_plan_route_with_an_id_is_in_the_outsider_lists(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix("/api/v1").replace("{plan_id}", "{id}"))
        for path, operations in paths.items()
        if path.startswith("/api/v1/reach-out/{") or path.startswith("/api/v1/reach-out/offers/{")
        for method in operations
    }
    assert routes == {(m, p) for m, p, _body in AUTHOR_ONLY + READABLE} | OFFER_ENDPOINTS


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_offers_answer_404_to_anyone_but_the_person_offered(cast, action):
    plan = _plan(cast.carol, returning_member=cast.alice)
    offer = logic.make_offer(plan, "Meeting", frequency="daily")
    for who in (cast.carol, cast.bob, cast.pat, cast.olga):
        assert call(api_client(who), "POST", f"/reach-out/offers/{offer.pk}/{action}").status_code == 404
