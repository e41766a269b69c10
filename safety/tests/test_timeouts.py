"""Time-outs are joint work: off from both sides once one person is not safe with the other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checkins import logic as checkins
from checkins.models import TimeOut
from notifications.models import Notification
from safety import logic
from safety.tests.helpers import afraid, safe
from tests.support import api_client, call

REASON = "canary-7c21 about to shout"
NEUTRAL = "A time-out with {name} isn&#x27;t available right now."


def _form(cast):
    return reverse("checkins:timeout_new", args=[cast.circle.pk])


def _post(cast, with_member):
    return {"with_member": str(with_member.pk), "minutes": "30", "tool": "breathing", "reason": REASON}


@pytest.fixture
def alice_afraid_of_bob(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    return cast


# The rule, in one place


def test_the_member_at_risk_cannot_call_a_time_out(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    with pytest.raises(checkins.TimeOutUnavailable) as refused:
        checkins.call_timeout(cast.alice, cast.bob, 30)
    assert refused.value.caller_at_risk is True
    assert isinstance(refused.value, checkins.CheckInRefused)  # the existing rule error type


def test_the_other_member_cannot_call_one_either_and_is_not_told_why(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    with pytest.raises(checkins.TimeOutUnavailable) as refused:
        checkins.call_timeout(cast.bob, cast.alice, 30)
    assert refused.value.caller_at_risk is False
    assert str(refused.value) == "A time-out with Alice isn't available right now."
    assert not TimeOut.objects.exists()
    assert not Notification.objects.exists()


def test_time_outs_with_others_are_untouched(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    assert checkins.call_timeout(cast.alice, cast.carol, 30)
    assert checkins.call_timeout(cast.bob, cast.carol, 30)


def test_changing_the_answers_turns_time_outs_back_on(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    logic.record_answers(cast.alice, cast.bob, safe())
    assert checkins.call_timeout(cast.bob, cast.alice, 30)


def test_no_come_back_reminder_for_a_pause_that_is_now_off(cast):
    earlier = timezone.now() - timedelta(hours=2)
    checkins.call_timeout(cast.bob, cast.alice, 30, now=earlier)
    checkins.call_timeout(cast.carol, cast.alice, 30, now=earlier)
    logic.record_answers(cast.alice, cast.bob, afraid())
    Notification.objects.all().delete()
    assert checkins.remind_to_return() == 1
    assert {n.user for n in Notification.objects.all()} == {cast.carol.user, cast.alice.user}


# The page


def test_the_page_shows_the_member_at_risk_resources_and_keeps_what_was_typed(alice_afraid_of_bob, login):
    cast = alice_afraid_of_bob
    response = login(cast.alice).post(_form(cast), _post(cast, cast.bob))
    page = response.content.decode()
    assert response.status_code == 200
    assert NEUTRAL.format(name="Bob") in page
    assert "1-800-799-7233" in page and "988" in page
    assert "joint exercises with Bob are off for you" in page
    assert reverse("safety:check", args=[cast.circle.pk, cast.bob.pk]) in page
    assert REASON in page  # nothing typed is lost
    assert not TimeOut.objects.exists()


def test_the_page_shows_the_other_member_only_a_neutral_message(alice_afraid_of_bob, login):
    cast = alice_afraid_of_bob
    response = login(cast.bob).post(_form(cast), _post(cast, cast.alice))
    page = response.content.decode()
    assert response.status_code == 200
    assert NEUTRAL.format(name="Alice") in page
    for revealing in ("1-800-799-7233", "safety", "Safety", "afraid", "joint exercises", "answers"):
        assert revealing not in page.split("<main", 1)[1].split("</main>", 1)[0], revealing
    assert not TimeOut.objects.exists()
    assert not Notification.objects.filter(user=cast.alice.user).exists()


def test_the_form_lists_the_same_people_either_way(cast, login):
    before = login(cast.bob).get(_form(cast)).content.decode()
    logic.record_answers(cast.alice, cast.bob, afraid())
    after = login(cast.bob).get(_form(cast)).content.decode()
    assert _main(before) == _main(after)


def _main(page: str) -> str:
    import re

    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


# The API


def _pause(cast, with_member) -> dict:
    return {"circle": str(cast.circle.pk), "with_member": str(with_member.pk), "minutes": 25}


def test_the_api_refuses_the_member_at_risk_with_resources(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    response = call(api_client(cast.alice), "POST", "/checkins/timeouts", _pause(cast, cast.bob))
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("A time-out with Bob isn't available right now.")
    assert "1-800-799-7233" in detail and "988" in detail


def test_the_api_refuses_the_other_member_neutrally(alice_afraid_of_bob):
    cast = alice_afraid_of_bob
    response = call(api_client(cast.bob), "POST", "/checkins/timeouts", _pause(cast, cast.alice))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A time-out with Alice isn't available right now.",
        "code": "timeout_unavailable",
    }
    assert not TimeOut.objects.exists()
