"""End to end in a real Chromium: two people repair a rupture over several days, each on
their own device and time; their promises land in the trust ledger and the time to repair
shows; every page passes axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from circles.models import Member
from ledger.models import Promise
from repair.models import Rupture
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def recognise_and_settle(page, noticed, assert_accessible):
    page.get_by_role("link", name="Go to your step 1").click()
    assert_accessible(page)
    page.get_by_label("Yes, something came between us").check()
    page.locator("#id_text").fill(noticed)
    page.get_by_label("Pulling away").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile("/step/2/$"))
    assert_accessible(page)
    page.get_by_role("button", name="I feel settled enough to go on").click()
    page.wait_for_url(re.compile("/step/3/$"))


def write_side(page, side, assert_accessible):
    assert_accessible(page)
    page.locator("#id_text").fill(side)
    page.get_by_role("button", name="Save my side").click()
    page.wait_for_url(re.compile("/step/3/$"))


def reflect(page, name, words, assert_accessible):
    page.get_by_role("link", name=f"Reflect back {name}’s side").click()
    page.wait_for_url(re.compile("/reflect/"))
    assert_accessible(page)
    page.locator("#id_text").fill(words)
    page.get_by_role("button", name="Send my reflection").click()
    page.wait_for_url(re.compile("/step/3/$"))


def answer_yes(page, name, assert_accessible):
    page.get_by_role("link", name=f"{name} reflected back your side").first.click()
    assert_accessible(page)
    page.get_by_label("Yes, that’s it").check()
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url(re.compile("/step/3/$"))


def finish(page, part, promise, assert_accessible):
    page.locator("#id_text").fill(part)
    page.get_by_role("button", name="Save my part").click()
    page.wait_for_url(re.compile("/step/4/$"))
    assert_accessible(page)
    page.get_by_label("Scared").check()
    page.locator("#id_text").fill("To feel close again")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile("/step/5/$"))
    assert_accessible(page)
    page.locator("#id_apology").fill("I am sorry I went quiet.")
    page.locator("#id_promise_1").fill(promise)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile("/ruptures/[0-9a-f-]+/$"))


def test_two_people_repair_a_rupture_at_different_times(new_page, assert_accessible, time_machine):
    time_machine.move_to(START, tick=True)
    from circles.logic import create_circle

    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob_member = join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    # Monday: Alice logs the rupture, recognises it, settles and writes her side.
    alice = new_page()
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/ruptures/")
    assert_accessible(alice)
    alice.get_by_role("link", name="Log a rupture").click()
    alice.locator(f"input[name=others][value='{bob_member.pk}']").check()
    alice.locator("#id_what").fill("I missed our anniversary dinner and stopped answering.")
    alice.get_by_label("Big").check()
    alice.get_by_label("Withdrawal").check()
    assert_accessible(alice)
    alice.get_by_role("button", name="Save and invite to repair").click()
    alice.wait_for_url(re.compile("/ruptures/[0-9a-f-]+/$"))
    assert_accessible(alice)
    recognise_and_settle(alice, "I went silent for two days.", assert_accessible)
    write_side(alice, "I felt ashamed and hid instead of calling.", assert_accessible)
    assert "Not written yet" in alice.content()
    rupture = Rupture.objects.get()

    # Tuesday: Bob, on his own device, does his first steps and reflects Alice's side.
    time_machine.move_to(START + timedelta(days=1), tick=True)
    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/ruptures/{rupture.pk}/")
    assert_accessible(bob)
    assert "ashamed and hid" not in bob.content()  # sealed until he writes his own side
    recognise_and_settle(bob, "The table for two, and no call.", assert_accessible)
    write_side(bob, "I waited at the restaurant and felt forgotten.", assert_accessible)
    assert "ashamed and hid" in bob.content()
    reflect(bob, "Alice", "You felt ashamed, so you hid rather than face me.", assert_accessible)

    # Wednesday: Alice answers and reflects Bob's side; Bob answers and finishes.
    time_machine.move_to(START + timedelta(days=2), tick=True)
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/ruptures/{rupture.pk}/step/3/")
    answer_yes(alice, "Bob", assert_accessible)
    reflect(alice, "Bob", "You waited alone and felt you did not matter to me.", assert_accessible)
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/ruptures/{rupture.pk}/step/3/")
    answer_yes(bob, "Alice", assert_accessible)
    finish(bob, "I sent angry texts instead of asking.", "Ask before assuming", assert_accessible)

    # Thursday: Alice finishes; the rupture is repaired.
    time_machine.move_to(START + timedelta(days=3), tick=True)
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/ruptures/{rupture.pk}/step/3/")
    finish(alice, "I stopped answering.", "Text Bob when I am running late", assert_accessible)
    assert "Repaired on" in alice.content()
    assert_accessible(alice)

    assert {c.what for c in Promise.objects.all()} == {
        "Ask before assuming",
        "Text Bob when I am running late",
    }
    alice.goto(f"{circle}/promises/")
    assert "Text Bob when I am running late" in alice.content()
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/ruptures/time-to-repair/")
    assert "have been repaired in about 3 days" in bob.content()
    assert bob.locator("svg").count() >= 1 and bob.locator("table").count() == 1
    assert_accessible(bob)
