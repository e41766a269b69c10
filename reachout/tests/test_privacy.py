"""The person who reached out cannot learn that a plan about them exists unless it is
shared with them: not from pages, the API, notifications or the circle home."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from reachout import logic
from safety.models import SafetyCheck

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|X-CSRFToken": ")[^"]+')


def _seen_by(client, cast) -> dict:
    urls = [
        reverse("circles:home", args=[cast.circle.pk]),
        reverse("reachout:list", args=[cast.circle.pk]),
        reverse("reachout:start", args=[cast.circle.pk]),
        reverse("reachout:offers", args=[cast.circle.pk]),
        reverse("notifications:list"),
        f"/api/v1/reach-out?circle={cast.circle.pk}",
        f"/api/v1/reach-out/offers?circle={cast.circle.pk}",
    ]
    return {url: SECRET.sub("", client.get(url).content.decode()) for url in urls}


def _full_plan(cast):
    plan = logic.start_plan(cast.carol, returning_member=cast.alice, what_they_said="I've changed")
    logic.save_fields(
        plan,
        conditions="Only when sober",
        signs_of_change="goes to a meeting",
        reply_draft="Not tonight",
        review_on=timezone.now().date(),
    )
    logic.decide(plan, "not_yet")
    logic.send_review_reminders()
    return plan


def test_an_unshared_plan_leaves_no_trace_for_the_person_it_is_about(cast, login):
    alice = login(cast.alice)
    before = _seen_by(alice, cast)
    plan = _full_plan(cast)
    alice = login(cast.alice)
    assert _seen_by(alice, cast) == before
    for name in ("plan", "resume", "print", "share", "reply", "plan_offers", "delete"):
        response = alice.get(reverse(f"reachout:{name}", args=[cast.circle.pk, plan.pk]))
        assert response.status_code in (404, 405), name
    assert alice.get(reverse("reachout:step", args=[cast.circle.pk, plan.pk, "pause"])).status_code == 404
    assert alice.get(f"/api/v1/reach-out/{plan.pk}").status_code == 404
    assert alice.get(f"/api/v1/reach-out/{plan.pk}/decisions").status_code == 404
    assert not Notification.objects.filter(user=cast.alice.user).exists()
    # The author was reminded; nobody else.
    assert Notification.objects.filter(user=cast.carol.user).count() == 1


def test_a_refused_share_tells_the_other_person_nothing(cast, login):
    SafetyCheck.objects.create(member=cast.carol, about=cast.alice, blocks_joint_work=True)
    alice = login(cast.alice)
    before = _seen_by(alice, cast)
    plan = _full_plan(cast)
    with pytest.raises(logic.SharingRefused):
        logic.share(plan, "chosen", [cast.alice])
    with pytest.raises(logic.SharingRefused):
        logic.make_offer(plan, "Meeting", frequency="daily")
    alice = login(cast.alice)
    assert _seen_by(alice, cast) == before


def test_once_shared_they_see_the_plan_parts_only(cast, login):
    plan = _full_plan(cast)
    logic.share(plan, "chosen", [cast.alice])
    alice = login(cast.alice)
    page = alice.get(reverse("reachout:plan", args=[cast.circle.pk, plan.pk])).content.decode()
    assert "Only when sober" in page and "Not yet" in page
    assert "changed" not in page and "Not tonight" not in page
    listed = alice.get(reverse("reachout:list", args=[cast.circle.pk])).content.decode()
    assert "Plans shared with me" in listed


def test_a_plan_made_while_stepped_away_can_be_shared_after_coming_back(cast, login):
    from circles import logic as circle_logic
    from circles.models import Member

    circle_logic.set_status(cast.carol, Member.Status.STEPPED_AWAY)
    plan = logic.start_plan(cast.carol, returning_member=cast.alice)
    logic.share(plan, "chosen", [cast.alice])
    plan_page = reverse("reachout:plan", args=[cast.circle.pk, plan.pk])
    assert login(cast.alice).get(plan_page).status_code == 404  # while away nothing crosses
    circle_logic.set_status(cast.carol, Member.Status.ACTIVE)
    assert login(cast.alice).get(plan_page).status_code == 404  # coming back alone shares nothing
    logic.share(plan, "chosen", [cast.alice])
    assert login(cast.alice).get(plan_page).status_code == 200
