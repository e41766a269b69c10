"""End to end in a real Chromium: an "activated" check-in offers the breathing pacer,
which runs; a pause called by A reaches B at once and reminds both when time is up."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from checkins import logic
from circles.logic import create_circle
from circles.models import Member
from notifications.models import Notification
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_in_breathe_and_call_a_pause(new_page, assert_accessible, time_machine):
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=True)
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    alice = new_page(viewport={"width": 390, "height": 844})
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/check-in/")
    assert_accessible(alice)
    alice.get_by_role("link", name="Check in now").click()
    assert_accessible(alice)
    alice.get_by_role("radio", name=re.compile("Activated")).check()
    alice.get_by_role("checkbox", name="anxious", exact=True).check()
    strength = alice.get_by_role("group", name=re.compile("How strong is “anxious”"))
    strength.get_by_role("radio", name="4").check()
    alice.get_by_role("button", name="Save my check-in").click()
    alice.wait_for_url(re.compile("/check-ins/[0-9a-f-]+/$"))
    assert "Your body is working hard right now" in alice.content()
    assert "anxious (4/5)" in alice.content()
    assert_accessible(alice)

    alice.fill("#pacer-in", "2")
    alice.fill("#pacer-hold", "2")
    alice.get_by_role("button", name="Start").click()
    phase = alice.locator("[data-pacer-phase]")
    assert re.match("Breathe in", phase.inner_text())
    expect(phase).to_have_text(re.compile("^Hold"), timeout=5000)
    alice.get_by_role("button", name="Stop").click()

    alice.goto(f"{circle}/time-out/")
    assert_accessible(alice)
    alice.get_by_label("A pause with").select_option(index=1)
    alice.get_by_label("Come back in (minutes)").fill("20")
    alice.get_by_label("Why (optional, for you)").fill("I am about to say something I will regret")
    alice.get_by_role("button", name="Start the pause").click()
    alice.wait_for_url(re.compile("/time-outs/[0-9a-f-]+/$"))
    timeout_url = alice.url
    assert_accessible(alice)

    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto("/notifications/")
    assert "Alice called a pause until" in bob.content()
    assert_accessible(bob)
    bob.goto(timeout_url)
    assert "I am about to say something" not in bob.content()
    assert_accessible(bob)

    time_machine.move_to(start + timedelta(minutes=21), tick=True)
    assert logic.remind_to_return() == 1  # what the worker runs every minute
    for page in (alice, bob):
        page.goto("/notifications/")
        assert "Your pause with" in page.content()
    assert Notification.objects.filter(kind="timeout_return").count() == 2

    bob.goto(timeout_url)
    bob.get_by_role("button", name="I’m back").click()
    alice.goto(timeout_url)
    alice.get_by_role("button", name="We talked it through").click()
    assert "You came back and finished" in alice.content()
