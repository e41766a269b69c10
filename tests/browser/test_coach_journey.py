"""End to end in a real Chromium: the coach suggests as you type, a suggestion can be
used in one click, and a crisis statement saved in a check-in shows support to its
author only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from circles.logic import create_circle
from circles.models import Member
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_suggests_and_crisis_card_reaches_only_the_author(new_page, assert_accessible):
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/appreciations/new/")
    box = bob.get_by_label("What you appreciate")
    box.press_sequentially("You are so selfish, you never think of anyone.", delay=10)
    finding = bob.locator("[data-coach-finding]").first
    expect(finding).to_be_visible(timeout=5000)
    assert_accessible(bob)
    rewrite = finding.locator("[data-coach-accept]").first.get_attribute("data-text")
    finding.locator("[data-coach-accept]").first.click()
    assert box.input_value() == rewrite
    expect(box).to_be_focused()

    alice = new_page(viewport={"width": 390, "height": 844})
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/check-in/new/")
    alice.get_by_role("radio", name=re.compile("Shut down")).check()
    alice.get_by_label(re.compile("Anything else")).fill("I want to kill myself tonight")
    alice.get_by_role("radio", name="The whole circle").first.check()
    alice.get_by_role("button", name="Save my check-in").click()
    expect(alice.get_by_role("alert")).to_contain_text("help is here right now")
    assert_accessible(alice)

    bob.goto(f"{circle}/check-ins/")
    bob.get_by_role("link", name=re.compile("Alice")).first.click()
    assert "I want to kill myself tonight" in bob.content()  # saved as written, shared as chosen
    assert "help is here right now" not in bob.content()
