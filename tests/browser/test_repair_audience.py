"""End to end in a real Chromium: the person who logged a rupture shares it with the whole
circle (password asked again first), narrows it back (no password asked), then deletes it;
the others' view follows each change; axe-core clean on the pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from repair.models import Rupture
from repair.tests.helpers import log
from tests.browser.helpers import log_in
from tests.support import PASSWORD, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "The anniversary slipped by"


def test_change_who_sees_a_rupture_then_delete_it(new_page, assert_accessible, time_machine):
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=True)
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob_member = join(alice_member.circle, make_user("bob"), Member.Role.PARTNER, joined_at=start)
    join(alice_member.circle, make_user("carol"), Member.Role.PARENT, joined_at=start)
    rupture = log(alice_member, bob_member, what=WHAT)
    detail = f"/c/{alice_member.circle_id}/ruptures/{rupture.pk}/"

    alice = new_page(viewport={"width": 390, "height": 844})
    log_in(alice, "alice@example.test")
    carol = new_page()
    log_in(carol, "carol@example.test")
    assert carol.goto(detail).status == 404

    # Later, sharing it with the whole circle asks for the password first.
    time_machine.move_to(start + timedelta(minutes=20), tick=True)  # past the 15-minute window
    alice.goto(detail)
    assert_accessible(alice)
    alice.get_by_role("link", name="Change who can see this").click()
    assert_accessible(alice)
    expect(alice.get_by_role("radio", name="Only me")).to_be_checked()
    alice.get_by_role("radio", name="The whole circle").check()
    alice.get_by_role("button", name="Save").click()
    alice.wait_for_url(re.compile("/reauthenticate/"))
    assert Rupture.objects.get().audience == Audience.CHOSEN
    alice.fill("#id_password", PASSWORD)
    alice.get_by_role("button", name="Confirm").click()
    alice.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(alice.get_by_text("Saved. Who can see this is updated.")).to_be_visible()
    carol.goto(detail)
    expect(carol.get_by_text(WHAT)).to_be_visible()
    expect(carol.get_by_role("link", name="Change who can see this")).to_have_count(0)

    # Narrowing back never asks for the password; Bob, who is in it, still sees it.
    alice.get_by_role("link", name="Change who can see this").click()
    alice.get_by_role("radio", name="Only me").check()
    alice.get_by_role("button", name="Save").click()
    alice.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert carol.goto(detail).status == 404
    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto(detail)
    expect(bob.get_by_text(WHAT)).to_be_visible()

    alice.get_by_text("Delete", exact=True).click()  # the fold-out that asks once more
    alice.get_by_role("button", name="Yes, delete this rupture").click()
    alice.wait_for_url(re.compile(f"/c/{alice_member.circle_id}/ruptures/$"))
    expect(alice.get_by_text("The rupture was deleted")).to_be_visible()
    assert_accessible(alice)
    assert not Rupture.objects.exists()
    assert bob.goto(detail).status == 404
