"""No oracle for the safety check in any joint work (issue 13, item 1).

alice answers the safety questions about bob with risk. For every joint action bob can
take toward her (a rupture with her, its steps and reflections, a promise to her and its
"please confirm", a small moment about her, thanks to her, his reach-out plan shared with
her, an offer to her), every answer bob gets — pages and API, status, where a redirect
leads, and the body with ids, tokens and nonces set aside — is the same byte for byte
as in the same world without her answers. Nothing of it reaches alice: she does not see
it and is not notified. Only alice is refused when she starts joint work with bob, and
she is shown where help is.

Each "world" starts from the same rows: the world without her answers is rolled back
before the one with them is played, so lists and counts compare too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from appreciations.models import Appreciation
from ledger import logic as ledger
from ledger.models import Occurrence, Promise, SmallMoment
from ledger.tests.factories import rule
from notifications.models import Notification
from reachout import logic as reachout
from reachout.models import Offer, Plan
from repair import logic as repair
from repair.models import Reflection, RepairStep, Rupture
from repair.tests import helpers as repair_helpers
from safety import logic
from safety.tests.helpers import afraid
from tests.support import answers, api_client, call, rolled_back, same

NOW = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # promises below fall due at 21:00 that day
CANARY = "canary-j01nt"
RESOURCES = "1-800-799-7233"


@pytest.fixture
def world(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    cast.clock = time_machine
    return cast


def _later(cast):
    """A second later: two things made in one world keep the same order in the other."""
    cast.clock.shift(timedelta(seconds=1))


def _c(cast):
    return cast.circle.pk


# --- bob's side: each joint action toward alice, and everything he reads of it ----------------


def _rupture_by_page(cast, login):
    client = login(cast.bob)
    form = {
        "others": [cast.alice.pk],
        "what": f"We argued {CANARY}",
        "happened_at": "2026-03-02T18:00",
        "size": "small",
        "signs": ["anger"],
        "audience": "only_me",
    }
    created = client.post(reverse("repair:new", args=[_c(cast)]), form)
    rupture = Rupture.objects.get(author=cast.bob)
    step = client.post(
        reverse("repair:step", args=[_c(cast), rupture.pk, 1]),
        {"confirm": "on", "text": f"I noticed {CANARY}", "patterns": ["pulling_away"]},
    )
    return [
        answers(created),
        answers(step),
        *(
            answers(client.get(url))
            for url in (
                created["Location"],
                reverse("repair:list", args=[_c(cast)]),
                reverse("repair:step", args=[_c(cast), rupture.pk, 2]),
                reverse("repair:time", args=[_c(cast)]),
                reverse("circles:home", args=[_c(cast)]),
                reverse("notifications:list"),
            )
        ),
    ]


def _rupture_by_api(cast, login):
    bob = api_client(cast.bob)
    body = {
        "circle": str(_c(cast)),
        "others": [str(cast.alice.pk)],
        "what": f"We argued {CANARY}",
        "happened_at": "2026-03-02T18:00:00Z",
    }
    created = call(bob, "POST", "/ruptures", body)
    rid = created.json()["id"]
    step = call(bob, "POST", f"/ruptures/{rid}/steps", {"action": "recognise", "text": f"I saw {CANARY}"})
    return [
        answers(created),
        answers(step),
        *(
            answers(call(bob, "GET", path))
            for path in (
                f"/ruptures/{rid}",
                f"/ruptures/{rid}/steps",
                f"/ruptures/steps/{step.json()['id']}",
                f"/ruptures?circle={_c(cast)}",
                f"/ruptures/time-to-repair?circle={_c(cast)}",
            )
        ),
        answers(call(bob, "POST", f"/ruptures/{rid}/pause")),
        answers(call(bob, "POST", f"/ruptures/{rid}/resume")),
    ]


@pytest.fixture
def sides_written(world):
    """A repair alice started with bob before any answers, both sides written."""
    rupture = repair_helpers.log(world.alice, world.bob, what="Before anything")
    repair_helpers.through_regulate(rupture, world.alice, world.bob)
    repair_helpers.write_sides(rupture, world.alice, world.bob)
    return rupture


def _reflection_in_her_repair(cast, login, rupture):
    bob = api_client(cast.bob)
    reflected = call(
        bob, "POST", f"/ruptures/{rupture.pk}/reflections", {"about": str(cast.alice.pk), "text": CANARY}
    )
    page = login(cast.bob)
    return [
        answers(reflected),
        answers(call(bob, "GET", f"/ruptures/{rupture.pk}/reflections")),
        answers(call(bob, "GET", f"/ruptures/{rupture.pk}")),
        answers(page.get(reverse("repair:detail", args=[_c(cast), rupture.pk]))),
        answers(page.get(reverse("repair:step", args=[_c(cast), rupture.pk, 3]))),
        answers(page.get(reverse("repair:reflect", args=[_c(cast), rupture.pk, cast.alice.pk]))),
    ]


def _promise(cast, login):
    client = login(cast.bob)
    form = {
        "what": f"Call {CANARY}",
        "recipients": [cast.alice.pk],
        "frequency": "daily",
        "due_time": "21:00",
        "starts_on": "2026-03-02",
        "audience": "circle",
    }
    created = client.post(reverse("ledger:new", args=[_c(cast)]), form)
    _later(cast)
    bob = api_client(cast.bob)
    body = {
        "circle": str(_c(cast)),
        "what": f"Text {CANARY}",
        "recipients": [str(cast.alice.pk)],
        "frequency": "daily",
        "due_time": "21:00",
        "starts_on": "2026-03-02",
        "audience": "chosen",
        "chosen": [str(cast.alice.pk)],
    }
    made = call(bob, "POST", "/ledger/promises", body)
    pid = made.json()["id"]
    occurrence = Occurrence.objects.filter(promise_id=pid).order_by("due_at").first()
    reported = call(bob, "POST", f"/ledger/occurrences/{occurrence.pk}/report")  # "please confirm"
    return [
        answers(created),
        answers(made),
        answers(reported),
        *(
            answers(client.get(url))
            for url in (
                created["Location"],
                reverse("ledger:mine", args=[_c(cast)]),
                reverse("ledger:circle_promises", args=[_c(cast)]),
                reverse("ledger:promise", args=[_c(cast), pid]),
                reverse("ledger:relationship", args=[_c(cast), cast.alice.pk]),
                reverse("circles:home", args=[_c(cast)]),
            )
        ),
        *(
            answers(call(bob, "GET", path))
            for path in (
                f"/ledger/promises/{pid}",
                f"/ledger/promises/{pid}/occurrences",
                f"/ledger/occurrences/{occurrence.pk}",
                f"/ledger/promises?circle={_c(cast)}",
                f"/ledger/trajectories?circle={_c(cast)}",
            )
        ),
    ]


def _moment(cast, login):
    client = login(cast.bob)
    noted = client.post(
        reverse("ledger:moments", args=[_c(cast)]),
        {"about": cast.alice.pk, "kind": "calm", "note": CANARY, "audience": "circle"},
    )
    _later(cast)
    bob = api_client(cast.bob)
    made = call(
        bob,
        "POST",
        "/ledger/moments",
        {"circle": str(_c(cast)), "about": str(cast.alice.pk), "kind": "honest", "note": CANARY},
    )
    return [
        answers(noted),
        answers(client.get(noted["Location"])),
        answers(client.get(reverse("ledger:moment", args=[_c(cast), made.json()["id"]]))),
        answers(made),
        answers(call(bob, "GET", f"/ledger/moments/{made.json()['id']}")),
        answers(call(bob, "GET", f"/ledger/moments?circle={_c(cast)}")),
    ]


def _thanks(cast, login):
    client = login(cast.bob)
    thanked = client.post(
        reverse("appreciations:new", args=[_c(cast)]),
        {"to_member": cast.alice.pk, "text": f"Thank you {CANARY}", "audience": "circle"},
    )
    _later(cast)
    bob = api_client(cast.bob)
    body = {"circle": str(_c(cast)), "text": CANARY, "to_member": str(cast.alice.pk), "audience": "circle"}
    made = call(bob, "POST", "/appreciations", body)
    return [
        answers(thanked),
        answers(client.get(thanked["Location"])),
        answers(made),
        answers(call(bob, "GET", f"/appreciations/{made.json()['id']}")),
        answers(call(bob, "GET", f"/appreciations?circle={_c(cast)}")),
    ]


@pytest.fixture
def bobs_plan(world):
    return reachout.start_plan(world.bob, returning_member=world.alice, what_they_said=CANARY)


def _plan_shared(cast, login, plan):
    client = login(cast.bob)
    shared = client.post(
        reverse("reachout:share", args=[_c(cast), plan.pk]), {"audience": "chosen", "chosen": [cast.alice.pk]}
    )
    by_api = client.patch(
        f"/api/v1/reach-out/{plan.pk}/audience", {"audience": "circle"}, content_type="application/json"
    )
    bob = api_client(cast.bob)
    offered = call(
        bob, "POST", f"/reach-out/{plan.pk}/offers", {"what": f"Sunday calls {CANARY}", "consent": True}
    )
    return [
        answers(shared),
        answers(client.get(shared["Location"])),
        answers(by_api),
        answers(offered),
        answers(call(bob, "GET", f"/reach-out/{plan.pk}")),
        answers(call(bob, "GET", f"/reach-out/{plan.pk}/offers")),
        answers(client.get(reverse("reachout:plan_offers", args=[_c(cast), plan.pk]))),
        answers(client.get(reverse("reachout:list", args=[_c(cast)]))),
    ]


BOBS = {
    "rupture by page": _rupture_by_page,
    "rupture by API": _rupture_by_api,
    "promise": _promise,
    "small moment": _moment,
    "thanks": _thanks,
}


def _play_twice(cast, act):
    with rolled_back():
        before = act()
    cast.clock.move_to(NOW, tick=False)
    logic.record_answers(cast.alice, cast.bob, afraid())
    cast.alices_news = Notification.objects.filter(user=cast.alice.user).count()
    return before, act()


def _nothing_reaches_alice(cast, login):
    for model in (Rupture, RepairStep, Reflection, Promise, SmallMoment, Appreciation, Plan):
        assert not model.objects.visible_to(cast.alice).filter(author=cast.bob).exists(), model
    assert not Occurrence.objects.visible_to(cast.alice).filter(promise__author=cast.bob).exists()
    assert not reachout.offers_for(cast.alice).exists()
    assert Notification.objects.filter(user=cast.alice.user).count() == cast.alices_news
    client = login(cast.alice)
    for name in ("repair:list", "ledger:mine", "ledger:circle_promises", "ledger:moments", "circles:home"):
        assert CANARY not in client.get(reverse(name, args=[_c(cast)])).content.decode(), name
    for name in ("appreciations:list", "reachout:list", "reachout:offers"):
        assert CANARY not in client.get(reverse(name, args=[_c(cast)])).content.decode(), name
    assert CANARY not in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("action", list(BOBS))
def test_bob_gets_the_same_answers_before_and_after_alices_answers(world, login, action):
    before, after = _play_twice(world, lambda: BOBS[action](world, login))
    assert before == after
    assert all(status < 400 for status, *_rest in before), before
    _nothing_reaches_alice(world, login)


def test_bobs_reflection_in_a_repair_she_started_reads_the_same_and_never_reaches_her(
    world, login, sides_written
):
    before, after = _play_twice(world, lambda: _reflection_in_her_repair(world, login, sides_written))
    assert before == after and before[0][0] == 201
    _nothing_reaches_alice(world, login)
    # Her own repair stays hers: she still reads it, and what she wrote in it.
    assert Rupture.objects.visible_to(world.alice).filter(pk=sides_written.pk).exists()
    assert RepairStep.objects.visible_to(world.alice).filter(author=world.alice).count() == 3


def test_bobs_plan_shared_with_her_and_his_offer_read_the_same_and_never_reach_her(world, login, bobs_plan):
    before, after = _play_twice(world, lambda: _plan_shared(world, login, bobs_plan))
    assert before == after
    assert all(status < 400 for status, *_rest in before), before
    _nothing_reaches_alice(world, login)
    assert Offer.objects.filter(plan=bobs_plan).exists()  # made for him as always


def test_bobs_rupture_with_her_from_before_her_answers_leaves_her_view(world):
    rupture = repair_helpers.log(world.bob, world.alice, what=CANARY)
    assert Rupture.objects.visible_to(world.alice).filter(pk=rupture.pk).exists()
    logic.record_answers(world.alice, world.bob, afraid())
    assert not Rupture.objects.visible_to(world.alice).filter(pk=rupture.pk).exists()
    assert Rupture.objects.visible_to(world.bob).filter(pk=rupture.pk).exists()


def test_news_of_a_repair_still_reaches_everyone_else(world):
    """carol's rupture with both: she and bob hear of each other as always; alice hears nothing."""
    logic.record_answers(world.alice, world.bob, afraid())
    rupture = repair_helpers.log(world.carol, world.bob, world.alice, what=CANARY)
    # Display names are sealed: compare people, not what a raw read of the column gives.
    assert {n.user_id for n in Notification.objects.all()} == {world.bob.user_id}
    repair_helpers.through_regulate(rupture, world.bob)
    assert not Rupture.objects.visible_to(world.alice).filter(pk=rupture.pk).exists()
    assert not Notification.objects.filter(user=world.alice.user).exists()


def test_confirm_requests_and_talk_requests_never_pass_between_them(world):
    mine = ledger.make_promise(world.bob, CANARY, recipients=[world.alice], rule=rule(), audience="circle")
    logic.record_answers(world.alice, world.bob, afraid())
    occurrence = Occurrence.objects.filter(promise=mine).first()
    ledger.answer(occurrence, "report_kept", world.bob)
    assert not Notification.objects.filter(user=world.alice.user).exists()
    assert not Promise.objects.visible_to(world.alice).filter(pk=mine.pk).exists()


# --- alice's side: only she is refused, and shown where help is -------------------------------


def _refused_page(response) -> str:
    assert response.status_code in (200, 403), response.status_code
    return response.content.decode()


def test_alice_cannot_start_a_repair_with_bob_and_is_shown_help(world, login):
    logic.record_answers(world.alice, world.bob, afraid())
    api = call(
        api_client(world.alice),
        "POST",
        "/ruptures",
        {
            "circle": str(_c(world)),
            "others": [str(world.bob.pk)],
            "what": "x",
            "happened_at": "2026-03-02T18:00:00Z",
        },
    )
    assert api.status_code == 403 and RESOURCES in api.json()["detail"]
    with pytest.raises(repair.RepairUnavailable) as refused:
        repair_helpers.log(world.alice, world.bob)
    assert refused.value.at_risk
    assert not Rupture.objects.exists()


def test_alice_cannot_continue_a_repair_with_bob(world, sides_written):
    logic.record_answers(world.alice, world.bob, afraid())
    with pytest.raises(repair.RepairUnavailable) as refused:
        repair.reflect(world.alice, sides_written, world.bob, "I heard you")
    assert RESOURCES in refused.value.message


def test_alice_cannot_promise_bob_and_is_shown_help(world, login):
    logic.record_answers(world.alice, world.bob, afraid())
    form = {
        "what": "Call",
        "recipients": [world.bob.pk],
        "frequency": "daily",
        "due_time": "21:00",
        "starts_on": "2026-03-02",
        "audience": "only_me",
    }
    page = _refused_page(login(world.alice).post(reverse("ledger:new", args=[_c(world)]), form))
    assert RESOURCES in page and "Call" in page
    body = {"circle": str(_c(world)), **{k: v for k, v in form.items() if k != "recipients"}}
    api = call(
        api_client(world.alice), "POST", "/ledger/promises", {**body, "recipients": [str(world.bob.pk)]}
    )
    assert api.status_code == 403 and RESOURCES in api.json()["detail"]
    assert not Promise.objects.exists()


def test_alice_cannot_note_a_moment_about_bob_or_thank_him_and_is_shown_help(world, login):
    logic.record_answers(world.alice, world.bob, afraid())
    client = login(world.alice)
    page = client.post(
        reverse("ledger:moments", args=[_c(world)]),
        {"about": world.bob.pk, "kind": "calm", "audience": "only_me"},
    )
    assert RESOURCES in _refused_page(page)
    page = client.post(
        reverse("appreciations:new", args=[_c(world)]),
        {"to_member": world.bob.pk, "text": "Thanks", "audience": "only_me"},
    )
    assert RESOURCES in _refused_page(page)
    alice = api_client(world.alice)
    moment = {"circle": str(_c(world)), "about": str(world.bob.pk), "kind": "calm"}
    thanks = {"circle": str(_c(world)), "to_member": str(world.bob.pk), "text": "Thanks"}
    for path, body in (("/ledger/moments", moment), ("/appreciations", thanks)):
        response = call(alice, "POST", path, body)
        assert response.status_code == 403 and RESOURCES in response.json()["detail"], path
    assert not SmallMoment.objects.exists() and not Appreciation.objects.exists()


def test_alice_cannot_share_her_plan_with_bob_or_offer_him_anything(world, login):
    plan = reachout.start_plan(world.alice, returning_member=world.bob, what_they_said="hi")
    logic.record_answers(world.alice, world.bob, afraid())
    client = login(world.alice)
    page = client.post(
        reverse("reachout:share", args=[_c(world), plan.pk]), {"audience": "chosen", "chosen": [world.bob.pk]}
    )
    assert RESOURCES in _refused_page(page)
    api = client.patch(
        f"/api/v1/reach-out/{plan.pk}/audience", {"audience": "circle"}, content_type="application/json"
    )
    assert api.status_code == 403 and RESOURCES in api.json()["detail"]
    offer = call(
        api_client(world.alice), "POST", f"/reach-out/{plan.pk}/offers", {"what": "x", "consent": True}
    )
    assert offer.status_code == 403 and RESOURCES in offer.json()["detail"]
    plan.refresh_from_db()
    assert plan.audience == "only_me" and not Offer.objects.exists()


def test_the_answers_compare_ids_and_tokens_aside(world):
    """The comparison itself: ids, tokens and nonces are set aside, nothing else."""
    a = same('<a href="/x/0b8c2a8e-1111-4222-8333-944455556666/" nonce="abc">Hi</a>')
    b = same('<a href="/x/1b8c2a8e-1111-4222-8333-944455556666/" nonce="xyz">Hi</a>')
    assert a == b and same("<p>Hi</p>") != same("<p>Ho</p>")
