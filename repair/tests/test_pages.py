"""The repair pages through the real HTTP stack."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ledger.models import Promise
from repair import logic
from repair.models import Reflection, RepairStep, Rupture
from repair.rules.steps import Action
from repair.tests.helpers import (
    finish,
    log,
    repair_fully,
    rupture_with_reflection,
    through_regulate,
    understand_each_other,
    write_sides,
)
from safety.models import SafetyCheck
from tests.support import consent

BREATHE = "/tools/breathe/"


def url(name, rupture, *more):
    return reverse(f"repair:{name}", args=[rupture.circle_id, rupture.pk, *more])


def when(hours=3) -> str:
    return timezone.localtime(timezone.now() - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def new_rupture_post(others, **extra):
    return {
        "others": [m.pk for m in others],
        "what": "We argued about the car keys",
        "happened_at": when(),
        "size": "small",
        "signs": ["anger"],
        "audience": "only_me",
        **extra,
    }


def test_list_shows_what_i_can_see_and_links_tools(cast, login):
    log(cast.alice, cast.bob, what="canary-list")
    page = login(cast.bob).get(reverse("repair:list", args=[cast.circle.pk]))
    assert page.status_code == 200
    assert "canary-list" in page.content.decode() and BREATHE in page.content.decode()
    assert (
        "canary-list"
        not in login(cast.carol).get(reverse("repair:list", args=[cast.circle.pk])).content.decode()
    )


def test_logging_a_rupture_invites_the_other(cast, login):
    client = login(cast.alice)
    page = client.post(reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.bob]))
    rupture = Rupture.objects.get()
    assert page.status_code == 302 and page["Location"] == url("detail", rupture)
    assert set(rupture.parties.all()) == {cast.alice, cast.bob}
    assert rupture.what == "We argued about the car keys" and rupture.signs == ["anger"]


def test_bad_input_keeps_what_was_typed(cast, login):
    client = login(cast.alice)
    page = client.post(reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([], what="kept words"))
    body = page.content.decode()
    assert page.status_code == 200 and "kept words" in body and "Please choose who else was in it." in body
    assert not Rupture.objects.exists()


def test_a_time_still_to_come_is_refused(cast, login):
    client = login(cast.alice)
    future = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.bob], happened_at=future)
    )
    assert "still to come" in page.content.decode()


def test_the_new_form_offers_the_professional_in_the_circle(cast, login):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    body = login(cast.alice).get(reverse("repair:new", args=[cast.circle.pk])).content.decode()
    assert str(cast.pat.pk) in body and str(cast.olga.pk) not in body


def test_the_rupture_page_shows_where_each_person_is_without_unsubmitted_text(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.bob)
    body = login(cast.alice).get(url("detail", rupture)).content.decode()
    assert "step 3 of 5" in body
    assert "side of Bob" not in body
    assert "Bob noticed" in body


def test_walking_through_the_steps_by_page(cast, login):
    rupture = log(cast.alice, cast.bob)
    client = login(cast.alice)
    page = client.post(
        url("step", rupture, 1), {"confirm": "on", "text": "I went quiet", "patterns": ["pulling_away"]}
    )
    assert page["Location"] == url("step", rupture, 2)
    assert BREATHE in client.get(url("step", rupture, 2)).content.decode()
    client.post(url("step", rupture, 2), {"choice": "pausing"})
    assert RepairStep.objects.get(author=cast.alice, kind="regulate").done is False
    client.post(url("step", rupture, 2), {"choice": "settled"})
    page = client.post(url("step", rupture, 3), {"form": "side", "text": "I felt alone"})
    assert page["Location"] == url("step", rupture, 3)
    assert RepairStep.objects.get(author=cast.alice, kind="side").text == "I felt alone"


def test_step_four_before_step_three_shows_a_clear_message(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice)
    client = login(cast.alice)
    for response in (
        client.get(url("step", rupture, 4)),
        client.post(url("step", rupture, 4), {"feelings": ["sad"], "text": "to be close"}),
    ):
        assert "Step 4 (Be vulnerable) opens once you have finished step 3" in response.content.decode()
    assert not RepairStep.objects.filter(kind="vulnerable").exists()


def test_the_reflection_loop_by_page(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    alice = login(cast.alice)
    assert "side of Bob" in alice.get(url("reflect", rupture, cast.bob.pk)).content.decode()
    alice.post(url("reflect", rupture, cast.bob.pk), {"text": "You felt left out"})
    reflection = Reflection.objects.get()
    bob = login(cast.bob)
    assert "You felt left out" in bob.get(url("answer", rupture, reflection.pk)).content.decode()
    page = bob.post(url("answer", rupture, reflection.pk), {"answer": "not_quite", "missed": ""})
    assert "what was missed" in page.content.decode()
    bob.post(
        url("answer", rupture, reflection.pk), {"answer": "not_quite", "missed": "It was the second time"}
    )
    assert Reflection.objects.get().answer == "not_quite"
    alice = login(cast.alice)
    assert "It was the second time" in alice.get(url("reflect", rupture, cast.bob.pk)).content.decode()


def test_rebuild_by_page_creates_promises_in_the_ledger(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    understand_each_other(rupture, cast.alice, cast.bob)
    finish(rupture, cast.bob)
    client = login(cast.alice)
    client.post(url("step", rupture, 3), {"form": "part", "text": "I stopped answering"})
    client.post(url("step", rupture, 4), {"feelings": ["scared", "lonely"], "text": "to be close"})
    page = client.post(
        url("step", rupture, 5),
        {
            "apology": "I am sorry",
            "reassurance": "",
            "promise_1": "Answer within an hour",
            "often_1": "daily",
            "promise_2": "",
            "often_2": "daily",
            "due_time": "20:00",
        },
    )
    assert page.status_code == 302
    assert Promise.objects.filter(author=cast.alice).get().what == "Answer within an hour"
    assert Rupture.objects.get().status == "repaired"
    assert "Repaired on" in client.get(url("detail", rupture)).content.decode()


def test_rebuild_without_a_promise_does_not_claim_one_is_in_the_ledger(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    understand_each_other(rupture, cast.alice, cast.bob)
    logic.take_step(cast.alice, rupture, Action.PART, text="mine")
    logic.take_step(cast.alice, rupture, Action.VULNERABLE, text="close", choices=["sad"])
    page = login(cast.alice).post(
        url("step", rupture, 5),
        {"reassurance": "I am here", "often_1": "daily", "often_2": "daily", "due_time": "20:00"},
        follow=True,
    )
    body = page.content.decode()
    assert not Promise.objects.filter(author=cast.alice).exists()
    assert "trust ledger now" not in body
    assert "Thank you for what you offered." in body


def test_rebuild_needs_an_apology_or_a_reassurance(cast, login):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    understand_each_other(rupture, cast.alice, cast.bob)
    logic.take_step(cast.alice, rupture, Action.PART, text="mine")
    logic.take_step(cast.alice, rupture, Action.VULNERABLE, text="close", choices=["sad"])
    page = login(cast.alice).post(
        url("step", rupture, 5),
        {"promise_1": "typed promise", "often_1": "daily", "often_2": "daily", "due_time": "20:00"},
    )
    body = page.content.decode()
    assert "typed promise" in body and "Please write an apology, a reassurance, or both." in body


def test_pause_and_pick_up_again(cast, login):
    rupture = log(cast.alice, cast.bob)
    login(cast.bob).post(url("end", rupture), {"choice": "pause"})
    assert Rupture.objects.get().status == "paused"
    page = login(cast.alice).get(url("step", rupture, 1))
    assert "paused" in page.content.decode()
    # A paused step is no dead end: the way to pick it up again is right there.
    assert url("end", rupture) in page.content.decode()
    login(cast.alice).post(url("end", rupture), {"choice": "resume"})
    login(cast.alice).post(url("end", rupture), {"choice": "not_now"})
    assert Rupture.objects.get().status == "not_now"
    assert "Please choose" in login(cast.alice).post(url("end", rupture), {"choice": "x"}).content.decode()


def test_time_to_repair_page(cast, login):
    rupture = log(cast.alice, cast.bob)
    repair_fully(rupture, cast.alice, cast.bob)
    log(cast.alice, cast.bob)
    body = login(cast.bob).get(reverse("repair:time", args=[cast.circle.pk])).content.decode()
    assert "ruptures in your circle have been repaired in" in body
    assert "<svg" in body and "<table" in body
    assert "1 rupture is still open" in body


def test_time_to_repair_with_nothing_yet(cast, login):
    body = login(cast.carol).get(reverse("repair:time", args=[cast.circle.pk])).content.decode()
    assert "Not enough data yet." in body


ROUTES = {
    "detail": lambda r, f: [],
    "step": lambda r, f: [1],
    "reflect": lambda r, f: [f.about_id],
    "answer": lambda r, f: [f.pk],
    "end": lambda r, f: [],
}


@pytest.mark.parametrize("name", sorted(ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_from_every_rupture_route(cast, login, name, method):
    rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
    client = login(cast.olga)
    response = getattr(client, method)(url(name, rupture, *ROUTES[name](rupture, reflection)))
    assert response.status_code == 404


def test_someone_who_sees_it_but_is_not_in_it_cannot_take_steps(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    client = login(cast.carol)
    assert "Only the people in this repair" in client.get(url("step", rupture, 1)).content.decode()
    client.post(url("step", rupture, 1), {"confirm": "on", "text": "x"})
    assert not RepairStep.objects.exists()


# --- safety gating on pages -----------------------------------------------------------------


def unsafe(member, about):
    SafetyCheck.objects.create(member=member, about=about, blocks_joint_work=True, answers="{}")


def test_the_member_at_risk_sees_safety_resources_when_logging(cast, login):
    unsafe(cast.bob, cast.alice)
    page = login(cast.bob).post(reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.alice]))
    body = page.content.decode()
    assert "switched off for now" in body and reverse("crisis") in body
    # ...and the way to change their answers if things change.
    assert reverse("safety:home", args=[cast.circle.pk]) in body.split("switched off for now", 1)[1]
    assert "We argued about the car keys" in body  # nothing typed is lost
    assert not Rupture.objects.exists()


def test_the_other_persons_rupture_is_made_as_always(cast, login):
    unsafe(cast.bob, cast.alice)
    page = login(cast.alice).post(
        reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.bob]), follow=True
    )
    body = page.content.decode()
    assert "Thank you for naming it." in body
    main = body[body.index('<main id="main"') : body.index("</main>")]
    assert "safe" not in main.lower() and "available" not in main
    rupture = Rupture.objects.get()
    assert login(cast.bob).get(url("detail", rupture)).status_code == 404  # it never reaches him


def test_the_member_at_risk_cannot_continue_and_sees_resources(cast, login):
    rupture = log(cast.bob, cast.alice)  # his own: it stays his to read
    unsafe(cast.bob, cast.alice)
    page = login(cast.bob).get(url("step", rupture, 1))
    assert "switched off for now" in page.content.decode() and "1-800-799-7233" in page.content.decode()
    login(cast.bob).post(url("step", rupture, 1), {"confirm": "on", "text": "x"})
    assert not RepairStep.objects.exists()
    # Hers, made before his answers, reads for her as it always did.
    assert login(cast.alice).get(url("detail", rupture)).status_code == 200


def test_a_professional_logs_a_rupture_with_a_member_by_page(cast, login):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    client = login(cast.pat)
    page = client.post(reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.alice]))
    rupture = Rupture.objects.get()
    assert page.status_code == 302 and set(rupture.parties.all()) == {cast.pat, cast.alice}
    assert "We argued about the car keys" in login(cast.alice).get(url("detail", rupture)).content.decode()


def test_a_professional_rupture_with_two_members_is_refused_by_page(cast, login):
    for member in (cast.alice, cast.bob):
        consent(member, cast.pat)  # both consented to pat seeing what they share
    page = login(cast.pat).post(
        reverse("repair:new", args=[cast.circle.pk]), new_rupture_post([cast.alice, cast.bob])
    )
    assert "between the two of you only" in page.content.decode()
    assert not Rupture.objects.exists()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_and_rupture_pages_do_not_grow_with_history(cast, login):
    first = log(cast.alice, cast.bob, audience="circle")
    client = login(cast.bob)
    pages = [reverse("repair:list", args=[cast.circle.pk]), url("detail", first), url("step", first, 1)]
    for path in pages:
        client.get(path)  # the first visit sets up the session
    before = [_queries(client, path) for path in pages]
    for _more in range(4):
        rupture = log(cast.alice, cast.bob, cast.carol, audience="circle")
        through_regulate(rupture, cast.alice)
    through_regulate(first, cast.alice)
    write_sides(first, cast.alice)
    assert [_queries(client, path) for path in pages] == before
