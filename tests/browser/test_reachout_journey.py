"""End to end on a phone-sized screen (390×844): someone reaches out late at night; the
guide pauses, is left at step 2 and resumed a day later, walks through to a decision,
prints, drafts a reply, and turns a sign of change into a promise that the returning
person takes on and keeps, which the plan page then shows. axe-core on every step."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from circles.logic import create_circle
from circles.models import Member
from reachout.models import Plan
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_they_reached_out_from_pause_to_evidence(new_page, assert_accessible, time_machine):
    from playwright.sync_api import expect

    time_machine.move_to(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), tick=True)  # late at night
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    bob = new_page(PHONE)
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/")
    bob.locator(".nav-more summary").click()  # "They reached out" waits behind "More"
    bob.get_by_role("navigation", name="Main").get_by_role("link", name="They reached out").click()
    bob.wait_for_url(re.compile("/reach-out/start/$"))
    assert_accessible(bob)
    # Bad input keeps what was typed.
    bob.get_by_label("Who reached out?").select_option(label="Someone who is not in this circle")
    bob.get_by_label("What did they say?").fill("I'm ready. I've changed. Can we talk?")
    bob.get_by_role("button", name="Save and pause").click()
    expect(bob.get_by_label("What did they say?")).to_have_value("I'm ready. I've changed. Can we talk?")
    bob.get_by_label("Who reached out?").select_option(index=1)
    bob.get_by_label("How did they reach out?").select_option("text")
    bob.get_by_role("button", name="Save and pause").click()

    # Step 2: the pause.
    bob.wait_for_url(re.compile("/step/pause/$"))
    expect(bob.get_by_text("No immediate answer is owed.")).to_be_visible()
    assert bob.locator("[data-pacer]").count() == 1
    assert_accessible(bob)
    bob.get_by_text("Add someone").click()
    bob.get_by_label("Name", exact=True).fill("Dana, my sponsor")
    bob.get_by_label("Phone, email or link").fill("+1 555 010 2030")
    bob.get_by_role("button", name="Add", exact=True).click()
    bob.wait_for_url(re.compile("/step/pause/$"))
    expect(bob.get_by_role("link", name="Call Dana, my sponsor")).to_have_attribute(
        "href", "tel:+15550102030"
    )
    assert_accessible(bob)
    bob.get_by_role("button", name="Stop here for now").click()
    bob.wait_for_url(re.compile("/reach-out/$"))
    assert_accessible(bob)
    plan = Plan.objects.get()
    assert plan.step == "pause"

    # A day later the session has expired; Bob logs in again and is back at step 2.
    time_machine.move_to(datetime(2026, 3, 2, 20, 0, tzinfo=UTC), tick=True)
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/reach-out/")
    bob.get_by_role("link", name=re.compile("Continue at")).click()
    bob.wait_for_url(re.compile("/step/pause/$"))
    assert_accessible(bob)
    bob.get_by_role("button", name="I’m ready to go on").click()

    bob.wait_for_url(re.compile("/step/ask_yourself/$"))
    assert_accessible(bob)
    bob.get_by_label("Are they showing action, or only apologising?").fill("Only apologising, so far.")
    bob.get_by_role("button", name="Save and go on").click()

    bob.wait_for_url(re.compile("/step/ask_them/$"))
    assert_accessible(bob)
    bob.get_by_label("What help are you asking me for?").fill("They want a place to stay.")
    bob.get_by_label("They pushed for an answer now, or made me feel guilty").check()
    bob.get_by_role("button", name="Save and go on").click()
    bob.wait_for_url(re.compile("/step/conditions/$"))
    assert_accessible(bob)
    expect(bob.get_by_label("My conditions for reconnecting")).to_have_value(re.compile("sober and honest"))
    bob.get_by_label("Signs of change I am watching for").fill("Goes to a meeting every day")
    bob.get_by_label("Boundaries I will keep").fill("No visits without calling first.")
    bob.get_by_role("button", name="Save and go on").click()

    bob.wait_for_url(re.compile("/step/decide/$"))
    expect(bob.get_by_text("suggests waiting")).to_be_visible()
    assert_accessible(bob)
    bob.get_by_label("Not yet").check()
    bob.get_by_label("When do you want to look at this again? (optional)").fill("2026-04-01")
    bob.get_by_role("button", name="Save my plan").click()
    bob.wait_for_url(re.compile("/reach-out/[0-9a-f-]+/$"))
    expect(bob.get_by_text("Only you can see this plan.")).to_be_visible()
    assert_accessible(bob)

    bob.get_by_role("link", name="Printable page").click()
    bob.wait_for_url(re.compile("/print/$"))
    assert_accessible(bob)
    bob.emulate_media(media="print")
    expect(bob.locator(".main-nav")).to_be_hidden()
    expect(bob.locator(".quick-exit")).to_be_hidden()
    expect(bob.get_by_text("No visits without calling first.")).to_be_visible()
    bob.emulate_media(media="screen")
    bob.go_back()

    bob.get_by_role("link", name="Draft a reply").click()
    assert_accessible(bob)
    bob.get_by_label("Your reply (a draft only you see)").fill("I heard you. I need time before I answer.")
    bob.get_by_role("button", name="Save the draft").click()
    expect(bob.get_by_text("Nothing was sent.")).to_be_visible()
    assert_accessible(bob)

    # A sign of change becomes a promise offered to Alice.
    bob.goto(f"{circle}/reach-out/{plan.pk}/")
    bob.get_by_role("link", name="Offer this as a promise").click()
    expect(bob.get_by_label("What you offer them to do")).to_have_value("Goes to a meeting every day")
    bob.get_by_label("How often?").select_option("daily")
    bob.get_by_label("By what time?").fill("23:59")
    assert_accessible(bob)
    bob.get_by_label(re.compile("Yes, offer this to them")).check()
    bob.get_by_role("button", name="Offer it").click()
    expect(bob.get_by_text("Offered.")).to_be_visible()
    assert_accessible(bob)

    alice = new_page(PHONE)
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/")
    alice.get_by_role("link", name="1 offer waits for your answer").click()
    assert_accessible(alice)
    assert "only apologising" not in alice.content().lower()
    alice.get_by_role("button", name="Take this on").click()
    expect(alice.get_by_text("You took this on.")).to_be_visible()
    alice.goto(f"{circle}/promises/")
    alice.get_by_role("button", name="I kept it").first.click()
    assert "Thank you for following through" in alice.content()

    bob.goto(f"{circle}/reach-out/{plan.pk}/")
    expect(bob.locator(".reachout-record").first).to_have_text("1 of the last 1 time")
    expect(bob.get_by_text(re.compile("kept 1 time"))).to_be_visible()
    assert_accessible(bob)
