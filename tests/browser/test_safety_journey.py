"""End to end in a real Chromium: a member answers the safety questions with risk, sees
support, and a pause with that person is refused from both sides — with resources for
her, with a neutral sentence for him. Every safety page passes axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from checkins.models import TimeOut
from circles.logic import create_circle
from circles.models import Member
from notifications.models import Notification
from safety.rules import QUESTIONS
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, statement, choice):
    page.get_by_role("group", name=statement).get_by_role("radio", name=choice, exact=True).check()


def call_pause_with(page, circle, name):
    page.goto(f"{circle}/time-out/")
    page.get_by_label("A pause with").select_option(label=name)
    page.get_by_label("Come back in (minutes)").fill("20")
    page.get_by_role("button", name="Start the pause").click()


def test_answering_with_risk_turns_pauses_off_for_her_and_never_tells_him(
    new_page, assert_accessible, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 18, 0, tzinfo=UTC), tick=True)
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    join(alice_member.circle, make_user("carol"), Member.Role.PARENT)
    circle = f"/c/{alice_member.circle_id}"

    alice = new_page(viewport={"width": 390, "height": 844})
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/safety/")
    expect(alice.get_by_role("heading", name="Feeling safe")).to_be_visible()
    assert_accessible(alice)
    alice.get_by_role("link", name="Answer about Bob").click()
    expect(alice.get_by_role("heading", name="How safe do you feel with Bob?")).to_be_visible()
    assert_accessible(alice)

    # A forgotten question is asked again; nothing chosen is lost.
    statements = [str(text) for text in QUESTIONS.values()]
    answer(alice, statements[0], "Not sure")
    alice.get_by_role("button", name="Save my answers").click()
    expect(alice.get_by_text("Some answers need another look")).to_be_visible()
    expect(
        alice.get_by_role("group", name=statements[0]).get_by_role("radio", name="Not sure")
    ).to_be_checked()
    assert_accessible(alice)
    for statement in statements[1:]:
        answer(alice, statement, "No")
    alice.get_by_role("button", name="Save my answers").click()

    expect(alice.get_by_text("Your answers are saved. Only you can see them.")).to_be_visible()
    expect(alice.get_by_role("heading", name="Joint exercises with Bob are off for you")).to_be_visible()
    expect(alice.get_by_text("1-800-799-7233")).to_be_visible()
    assert_accessible(alice)

    alice.goto(f"{circle}/safety/")
    expect(alice.get_by_role("link", name="Review or change your answers about Bob")).to_be_visible()
    assert_accessible(alice)

    # Her own attempt at a pause with Bob: refused, with support and a way to change it.
    call_pause_with(alice, circle, "Bob")
    expect(alice.get_by_text("A time-out with Bob isn't available right now.")).to_be_visible()
    expect(alice.get_by_text("1-800-799-7233")).to_be_visible()
    expect(alice.get_by_role("link", name="Review or change your answers")).to_be_visible()
    assert_accessible(alice)

    # Bob's pause with her: made for him as any pause is, and nothing that says why it
    # never reaches her.
    bob = new_page()
    log_in(bob, "bob@example.test")
    call_pause_with(bob, circle, "Alice")
    bob.wait_for_url(re.compile("/time-outs/[0-9a-f-]+/$"))
    expect(bob.get_by_text("The pause has started.")).to_be_visible()
    main = bob.locator("main").inner_text()
    for revealing in ("1-800-799-7233", "safety", "afraid", "off for you", "answers", "isn't available"):
        assert revealing not in main
    assert_accessible(bob)
    bobs_pause = bob.url
    assert TimeOut.objects.count() == 1

    # It never reaches Alice: no notification, and its page is not there for her.
    assert not Notification.objects.filter(user__email="alice@example.test", kind="timeout_called").exists()
    assert alice.goto(bobs_pause).status == 404

    # A pause with someone else still works.
    call_pause_with(bob, circle, "Carol")
    bob.wait_for_url(re.compile("/time-outs/[0-9a-f-]+/$"))
    assert TimeOut.objects.count() == 2
