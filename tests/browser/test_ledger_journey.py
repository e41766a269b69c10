"""End to end in a real Chromium: a weekly promise is kept, confirmed, and then seen
differently; the score and chart move; every page passes axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from circles.models import Member
from ledger import logic
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _score(page) -> str:
    return page.locator("section.card").first.locator("p.score").inner_text()


def test_weekly_promise_kept_confirmed_then_disputed(new_page, assert_accessible, time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 10, 0, tzinfo=UTC), tick=True)  # a Sunday
    from circles.logic import create_circle

    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob_member = join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    alice = new_page()
    log_in(alice, "alice@example.test")
    alice.goto(f"{circle}/promises/")
    assert_accessible(alice)
    alice.get_by_role("link", name="Make a promise").click()
    alice.get_by_label("What do you promise?").fill("Call Bob on Sunday evening")
    alice.locator("input[name=recipients]").first.check()
    alice.get_by_label("How often?").select_option("weekdays")
    alice.get_by_label("Sunday").check()
    alice.get_by_label("By what time?").fill("19:00")
    alice.get_by_role("radio", name="The whole circle").check()
    assert_accessible(alice)
    alice.get_by_role("button", name="Save the promise").click()
    alice.wait_for_url(re.compile("/promises/[0-9a-f-]+/$"))
    assert_accessible(alice)

    alice.goto(f"{circle}/promises/")
    alice.get_by_role("button", name="I kept it").first.click()
    assert "Thank you for following through" in alice.content()

    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/with/{alice_member.pk}/")
    assert_accessible(bob)
    before = bob.locator("p.score").first.inner_text()
    bob.goto(f"{circle}/promises/")
    assert "Call Bob on Sunday evening" in bob.content()
    assert_accessible(bob)
    bob.get_by_role("button", name="Yes, it happened").click()
    bob.goto(f"{circle}/with/{alice_member.pk}/")
    after = bob.locator("p.score").first.inner_text()
    assert before != after
    assert bob.locator("figure.chart svg").count() >= 1
    assert bob.locator("table").count() >= 1

    # A week later, the worker lays out the next Sunday; this time Bob sees it differently.
    time_machine.move_to(datetime(2026, 3, 8, 10, 0, tzinfo=UTC) + timedelta(minutes=1), tick=True)
    logic.lay_out_all()
    # A week of idleness ends both sessions (30-minute idle timeout), so both log in again.
    log_in(alice, "alice@example.test")
    log_in(bob, "bob@example.test")
    alice.goto(f"{circle}/promises/")
    alice.get_by_role("button", name="I kept it").first.click()
    bob.goto(f"{circle}/promises/")
    bob.get_by_role("link", name="That’s not how I saw it").click()
    assert_accessible(bob)
    bob.get_by_label("A short note (optional)").fill("I waited, but no call came.")
    bob.get_by_role("button", name="Save").click()
    bob.wait_for_url(re.compile("/talk/$"))
    assert "A chance to talk" in bob.content()
    assert_accessible(bob)
    assert bob_member.pk
