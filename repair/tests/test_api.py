"""Ruptures, repair steps and reflections in the JSON API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ledger.models import Promise
from repair.models import Reflection, RepairStep, Rupture
from repair.tests.helpers import log, repair_fully, through_regulate, understand_each_other, write_sides
from tests.support import api_client, call, consent


def new_rupture(cast, others, **extra):
    return {
        "circle": str(cast.circle.pk),
        "others": [str(m.pk) for m in others],
        "what": "The call that never came",
        "happened_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "size": "big",
        "signs": ["broken_promise"],
        **extra,
    }


def test_create_list_and_read(cast):
    alice = api_client(cast.alice)
    made = call(alice, "POST", "/ruptures", new_rupture(cast, [cast.bob]))
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["audience"] == "chosen" and {p["id"] for p in body["parties"]} == {
        str(cast.alice.pk),
        str(cast.bob.pk),
    }
    assert [p["step"] for p in body["progress"]] == [1, 1]
    bob = api_client(cast.bob)
    listed = call(bob, "GET", f"/ruptures?circle={cast.circle.pk}").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    assert call(bob, "GET", f"/ruptures/{body['id']}").json()["what"] == "The call that never came"
    assert call(api_client(cast.carol), "GET", f"/ruptures/{body['id']}").status_code == 404


def test_create_refuses_bad_input_with_422(cast):
    answer = call(api_client(cast.alice), "POST", "/ruptures", new_rupture(cast, [], what=" "))
    assert answer.status_code == 422
    fields = {e["loc"][-1] for e in answer.json()["errors"]}
    assert {"others", "what"} <= fields


def test_create_refuses_unknown_fields(cast):
    answer = call(api_client(cast.alice), "POST", "/ruptures", new_rupture(cast, [cast.bob], author="x"))
    assert answer.status_code == 422


def test_a_member_of_another_circle_cannot_be_a_party(cast):
    answer = call(api_client(cast.alice), "POST", "/ruptures", new_rupture(cast, [cast.olga]))
    assert answer.status_code == 422 and not Rupture.objects.exists()


def test_steps_by_api_in_order_with_clear_refusals(cast):
    rupture = log(cast.alice, cast.bob)
    alice = api_client(cast.alice)
    path = f"/ruptures/{rupture.pk}/steps"
    early = call(alice, "POST", path, {"action": "vulnerable", "text": "close", "choices": ["sad"]})
    assert early.status_code == 400 and "Step 4" in early.json()["detail"]
    assert (
        call(
            alice, "POST", path, {"action": "recognise", "text": "I noticed", "choices": ["defending"]}
        ).status_code
        == 201
    )
    assert call(alice, "POST", path, {"action": "pausing"}).status_code == 201
    assert call(alice, "POST", path, {"action": "settled"}).status_code == 201
    assert call(alice, "POST", path, {"action": "side", "text": ""}).status_code == 422
    assert call(alice, "POST", path, {"action": "side", "text": "My side"}).status_code == 201
    assert call(alice, "POST", path, {"action": "part", "text": "My part"}).status_code == 400


def test_the_full_repair_by_api_creates_promises(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    reflection = call(
        alice, "POST", f"/ruptures/{rupture.pk}/reflections", {"about": str(cast.bob.pk), "text": "heard"}
    )
    assert reflection.status_code == 201
    rid = reflection.json()["id"]
    assert call(alice, "POST", f"/ruptures/reflections/{rid}/answer", {"answer": "yes"}).status_code == 403
    assert (
        call(bob, "POST", f"/ruptures/reflections/{rid}/answer", {"answer": "not_quite"}).status_code == 422
    )
    assert call(bob, "POST", f"/ruptures/reflections/{rid}/answer", {"answer": "yes"}).status_code == 200
    again = call(
        bob,
        "POST",
        f"/ruptures/{rupture.pk}/reflections",
        {"about": str(cast.alice.pk), "text": "I heard you"},
    )
    call(alice, "POST", f"/ruptures/reflections/{again.json()['id']}/answer", {"answer": "yes"})
    for client in (alice, bob):
        path = f"/ruptures/{rupture.pk}/steps"
        assert call(client, "POST", path, {"action": "part", "text": "part"}).status_code == 201
        assert (
            call(
                client, "POST", path, {"action": "vulnerable", "text": "close", "choices": ["hurt"]}
            ).status_code
            == 201
        )
        assert call(client, "POST", path, {"action": "rebuild", "text": "", "more": ""}).status_code == 400
        done = call(
            client,
            "POST",
            path,
            {
                "action": "rebuild",
                "text": "Sorry",
                "promises": [{"what": "Call at seven", "frequency": "daily"}],
            },
        )
        assert done.status_code == 201 and len(done.json()["promises"]) == 1
    assert Promise.objects.count() == 2
    detail = call(alice, "GET", f"/ruptures/{rupture.pk}").json()
    assert detail["status"] == "repaired" and detail["repaired_at"]
    stats = call(alice, "GET", f"/ruptures/time-to-repair?circle={cast.circle.pk}").json()
    assert stats["median_hours_90_days"] is not None and stats["open"] == 0


def test_pause_resume_not_now(cast):
    rupture = log(cast.alice, cast.bob)
    bob = api_client(cast.bob)
    assert call(bob, "POST", f"/ruptures/{rupture.pk}/pause").json()["status"] == "paused"
    assert call(bob, "POST", f"/ruptures/{rupture.pk}/pause").status_code == 400
    assert call(bob, "POST", f"/ruptures/{rupture.pk}/resume").json()["status"] == "open"
    assert call(bob, "POST", f"/ruptures/{rupture.pk}/not-now").json()["status"] == "not_now"


def test_someone_who_sees_it_but_is_not_in_it_cannot_move_it(cast):
    rupture = log(cast.alice, cast.bob, audience="circle")
    carol = api_client(cast.carol)
    assert call(carol, "GET", f"/ruptures/{rupture.pk}").status_code == 200
    assert call(carol, "POST", f"/ruptures/{rupture.pk}/pause").status_code == 400
    assert (
        call(carol, "POST", f"/ruptures/{rupture.pk}/steps", {"action": "recognise", "text": "x"}).status_code
        == 400
    )
    assert Rupture.objects.get().status == "open"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/ruptures/{rupture}", None),
        ("GET", "/ruptures/{rupture}/steps", None),
        ("POST", "/ruptures/{rupture}/steps", {"action": "recognise", "text": "x"}),
        ("GET", "/ruptures/{rupture}/reflections", None),
        ("POST", "/ruptures/{rupture}/reflections", {"about": "{member}", "text": "x"}),
        ("POST", "/ruptures/{rupture}/pause", None),
        ("POST", "/ruptures/{rupture}/resume", None),
        ("POST", "/ruptures/{rupture}/not-now", None),
        ("PATCH", "/ruptures/{rupture}/audience", {"audience": "only_me"}),
        ("DELETE", "/ruptures/{rupture}", None),
        ("GET", "/ruptures/steps/{step}", None),
        ("POST", "/ruptures/reflections/{reflection}/answer", {"answer": "yes"}),
    ],
)
def test_the_outsider_gets_404_everywhere(cast, method, path, body):
    rupture = log(cast.alice, cast.bob, audience="circle", pro=True)
    repair_fully(rupture, cast.alice, cast.bob)
    ids = {
        "rupture": rupture.pk,
        "step": RepairStep.objects.first().pk,
        "reflection": Reflection.objects.first().pk,
        "member": cast.bob.pk,
    }
    if body:
        body = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}
    answer = call(api_client(cast.olga), method, path.format(**ids), body)
    assert answer.status_code == 404


def test_the_professional_can_log_with_a_member(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    pat = api_client(cast.pat)
    made = call(pat, "POST", "/ruptures", new_rupture(cast, [cast.alice]))
    assert made.status_code == 201
    assert call(api_client(cast.alice), "GET", f"/ruptures/{made.json()['id']}").status_code == 200


def test_reflections_listed_for_the_people_in_it(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    understand_each_other(rupture, cast.alice, cast.bob)
    listed = call(api_client(cast.bob), "GET", f"/ruptures/{rupture.pk}/reflections").json()
    assert len(listed) == 2 and {r["answer"] for r in listed} == {"yes"}
