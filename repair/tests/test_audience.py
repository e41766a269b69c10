"""Audience rules special to repair: the step-3 seal and safety gating, by page and API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from repair import logic
from repair.models import RepairStep, Rupture
from repair.rules.steps import Action
from repair.tests.helpers import log, through_regulate, write_sides
from safety.models import SafetyCheck
from tests.support import answers, api_client, call

SEALED = "canary-sealed side 7f2c"


def _bob_wrote_his_side(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    side = logic.take_step(cast.bob, rupture, Action.SIDE, text=SEALED)
    return rupture, side


def _everything_alice_reaches(client, rupture, side) -> list:
    circle = rupture.circle_id
    return [
        client.get(reverse("repair:detail", args=[circle, rupture.pk])),
        client.get(reverse("repair:step", args=[circle, rupture.pk, 3])),
        client.get(reverse("repair:reflect", args=[circle, rupture.pk, side.author_id])),
        client.get(reverse("repair:list", args=[circle])),
    ]


def test_cannot_read_the_others_step_3_text_before_submitting_mine_on_pages(cast, login):
    rupture, side = _bob_wrote_his_side(cast)
    client = login(cast.alice)
    for page in _everything_alice_reaches(client, rupture, side):
        assert SEALED not in page.content.decode()
    write_sides(rupture, cast.alice)
    assert (
        SEALED in client.get(reverse("repair:step", args=[rupture.circle_id, rupture.pk, 3])).content.decode()
    )


def test_cannot_read_the_others_step_3_text_before_submitting_mine_in_the_api(cast):
    rupture, side = _bob_wrote_his_side(cast)
    alice = api_client(cast.alice)
    assert call(alice, "GET", f"/ruptures/steps/{side.pk}").status_code == 404
    assert SEALED not in call(alice, "GET", f"/ruptures/{rupture.pk}/steps").content.decode()
    assert SEALED not in call(alice, "GET", f"/ruptures/{rupture.pk}").content.decode()
    write_sides(rupture, cast.alice)
    assert SEALED in call(alice, "GET", f"/ruptures/steps/{side.pk}").content.decode()


def test_the_author_of_a_side_always_reads_it(cast):
    _rupture, side = _bob_wrote_his_side(cast)
    assert call(api_client(cast.bob), "GET", f"/ruptures/steps/{side.pk}").status_code == 200


# --- safety gating -----------------------------------------------------------------------------

CANARY = "canary-gated 91ab"


def _flag(at_risk, about):
    SafetyCheck.objects.create(member=at_risk, about=about, blocks_joint_work=True, answers="{}")


def _gated(cast):
    """A rupture bob and alice share, then bob says he is not safe with alice."""
    rupture = log(cast.bob, cast.alice, what=CANARY, audience="circle")
    through_regulate(rupture, cast.bob)
    _flag(cast.bob, cast.alice)
    return rupture


def _reveals(body: str) -> bool:
    lowered = body.lower()
    return any(
        word in lowered for word in ("not safe", "switched off", "safety check", "afraid", CANARY.lower())
    )


def _alices_view(cast, rupture) -> list:
    """Everything alice (the person bob said he is not safe with) can reach of the repair."""
    client = Client()
    client.force_login(cast.alice.user)
    circle = rupture.circle_id
    pages = [
        reverse(f"repair:{name}", args=[circle, *args])
        for name, args in [
            ("detail", [rupture.pk]),
            ("step", [rupture.pk, 1]),
            ("end", [rupture.pk]),
            ("reflect", [rupture.pk, cast.bob.pk]),
            ("list", []),
            ("time", []),
        ]
    ] + [reverse("circles:home", args=[circle])]
    alice = api_client(cast.alice)
    step = RepairStep.objects.filter(rupture=rupture).first()
    paths = [
        f"/ruptures/{rupture.pk}",
        f"/ruptures/{rupture.pk}/steps",
        f"/ruptures/{rupture.pk}/reflections",
        f"/ruptures/steps/{step.pk}",
        f"/ruptures?circle={cast.circle.pk}",
        f"/ruptures/time-to-repair?circle={cast.circle.pk}",
    ]
    return [answers(client.get(url)) for url in pages] + [answers(call(alice, "GET", p)) for p in paths]


def test_the_flagged_person_sees_the_repair_exactly_as_before(cast, time_machine):
    """Issue 13: the repair does not vanish for her (that would tell her); nothing changes."""
    time_machine.move_to(timezone.now(), tick=False)
    rupture = log(cast.bob, cast.alice, what=CANARY, audience="circle")
    through_regulate(rupture, cast.bob)
    before = _alices_view(cast, rupture)
    _flag(cast.bob, cast.alice)
    after = _alices_view(cast, rupture)
    assert before == after
    assert before[0][0] == 200 and CANARY in before[0][2]
    assert not any(_reveals(body.replace(CANARY, "")) for _status, _headers, body in after)


def test_the_flagged_person_starts_a_repair_with_the_member_at_risk_as_always(cast, login):
    _flag(cast.bob, cast.alice)
    body = {
        "others": [cast.bob.pk],
        "what": "canary-new attempt",
        "happened_at": timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "size": "small",
        "audience": "only_me",
    }
    page = login(cast.alice).post(reverse("repair:new", args=[cast.circle.pk]), body)
    assert page.status_code == 302
    api_body = {
        "circle": str(cast.circle.pk),
        "others": [str(cast.bob.pk)],
        "what": "canary-api attempt",
        "happened_at": (timezone.now() - timedelta(hours=1)).isoformat(),
    }
    answer = call(api_client(cast.alice), "POST", "/ruptures", api_body)
    assert answer.status_code == 201 and not _reveals(answer.content.decode())
    # Made for her as any rupture, and never reaching him.
    assert Rupture.objects.visible_to(cast.alice).count() == 2
    assert not Rupture.objects.visible_to(cast.bob).exists()


def test_the_member_at_risk_still_sees_it_and_is_shown_resources(cast, login):
    rupture = _gated(cast)
    page = login(cast.bob).get(reverse("repair:detail", args=[rupture.circle_id, rupture.pk]))
    body = page.content.decode()
    assert CANARY in body and reverse("crisis") in body and "switched off" in body
    answer = call(api_client(cast.bob), "POST", f"/ruptures/{rupture.pk}/steps", {"action": "settled"})
    assert answer.status_code == 403


def test_others_in_the_circle_are_unaffected(cast, login):
    rupture = _gated(cast)
    assert (
        login(cast.carol).get(reverse("repair:detail", args=[rupture.circle_id, rupture.pk])).status_code
        == 200
    )


def test_the_member_at_risk_can_still_step_back(cast):
    rupture = _gated(cast)
    assert call(api_client(cast.bob), "POST", f"/ruptures/{rupture.pk}/pause").status_code == 200


def test_the_flag_follows_the_person_who_left_and_came_back(cast):
    """Safety answers belong to people: a new membership row must not let her repairs reach him."""
    from circles.models import Member

    SafetyCheck.objects.create(member=cast.bob, about=cast.alice, blocks_joint_work=True, answers="{}")
    cast.bob.left_at = timezone.now()
    cast.bob.save()
    bob_again = Member.objects.create(circle=cast.circle, user=cast.bob.user, role=cast.bob.role)
    rupture = log(cast.alice, bob_again, audience="circle")
    assert not Rupture.objects.visible_to(bob_again).filter(pk=rupture.pk).exists()
    assert Rupture.objects.visible_to(cast.carol).filter(pk=rupture.pk).exists()
    with pytest.raises(logic.RepairUnavailable):
        log(bob_again, cast.alice)
