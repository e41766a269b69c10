"""Time-outs are joint work. The person who said they are not safe with someone cannot call
one with them and is shown where help is; the other person's pause is made as always and
never reaches her, so nothing tells him about her answers (issue 13, item 1)."""

from __future__ import annotations

import re
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


def test_the_other_members_pause_is_made_as_always_and_never_reaches_the_member_at_risk(
    alice_afraid_of_bob,
):
    cast = alice_afraid_of_bob
    pause = checkins.call_timeout(cast.bob, cast.alice, 30)
    assert TimeOut.objects.visible_to(cast.bob).filter(pk=pause.pk).exists()
    assert not TimeOut.objects.visible_to(cast.alice).filter(pk=pause.pk).exists()
    assert not Notification.objects.exists()  # alice is not told, and bob never was


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
    bobs = checkins.call_timeout(cast.bob, cast.alice, 30, now=earlier)
    checkins.call_timeout(cast.carol, cast.alice, 30, now=earlier)
    logic.record_answers(cast.alice, cast.bob, afraid())
    Notification.objects.all().delete()
    assert checkins.remind_to_return() == 2
    # bob is reminded of his pause as always (he cannot tell); alice is not reminded of it.
    assert sorted(n.user.display_name for n in Notification.objects.all()) == ["Alice", "Bob", "Carol"]
    assert not Notification.objects.filter(user=cast.alice.user, url__contains=str(bobs.pk)).exists()


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


def test_the_other_members_page_reads_exactly_as_before_the_answers(cast, login):
    """Byte for byte (ids and times aside): calling a pause, and the pause's page after it."""
    before = _call_by_page(cast, login)
    logic.record_answers(cast.alice, cast.bob, afraid())
    after = _call_by_page(cast, login)
    assert before == after
    # Only the pause from before her answers ever reached alice.
    assert Notification.objects.filter(user=cast.alice.user, kind="timeout_called").count() == 1


def _call_by_page(cast, login):
    client = login(cast.bob)
    response = client.post(_form(cast), _post(cast, cast.alice))
    assert response.status_code == 302
    page = client.get(response["Location"])
    return (
        response.status_code,
        _same(response["Location"]),
        page.status_code,
        _same(_main(page.content.decode())),
    )


def test_the_form_lists_the_same_people_either_way(cast, login):
    before = login(cast.bob).get(_form(cast)).content.decode()
    logic.record_answers(cast.alice, cast.bob, afraid())
    after = login(cast.bob).get(_form(cast)).content.decode()
    assert _main(before) == _main(after)


def _main(page: str) -> str:
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'nonce="[^"]*"', "", main)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _same(text) -> str:
    """What two answers share once ids and clock times are set aside."""
    text = text if isinstance(text, str) else repr(text)
    text = UUID.sub("<id>", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?", "<time>", text)
    return re.sub(r"\b\d{1,2}:\d\d( ?[ap]\.?m\.?)?", "<clock>", text)


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


def test_the_other_members_api_answers_exactly_as_before_the_answers(cast):
    """Byte for byte (ids and times aside): the answer to calling a pause, and to reading it."""

    def call_and_read():
        created = call(api_client(cast.bob), "POST", "/checkins/timeouts", _pause(cast, cast.alice))
        read = call(api_client(cast.bob), "GET", f"/checkins/timeouts/{created.json()['id']}")
        listed = call(api_client(cast.bob), "GET", f"/checkins/timeouts?circle={cast.circle.pk}")
        return (
            created.status_code,
            _same(created.json()),
            read.status_code,
            _same(read.json()),
            listed.status_code,
        )

    before = call_and_read()
    logic.record_answers(cast.alice, cast.bob, afraid())
    after = call_and_read()
    assert before == after and before[0] == 201
    alices = call(api_client(cast.alice), "GET", f"/checkins/timeouts?circle={cast.circle.pk}").json()
    # None of bob's pauses with her reach her any more, and nothing tells him so.
    assert alices["items"] == []
