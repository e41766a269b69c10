"""End to end in a real Chromium: after saving, the person in recovery narrows who sees
their cravings (no password asked), and shares the check-in more widely (password asked
again first); the partner's view follows each change; axe-core clean on the new pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from tests.browser.helpers import log_in
from tests.support import PASSWORD, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_change_who_sees_cravings_and_the_check_in_after_saving(new_page, assert_accessible, time_machine):
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=True)
    alice_member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob_member = join(alice_member.circle, make_user("bob"), Member.Role.PARTNER, joined_at=start)
    join(alice_member.circle, make_user("carol"), Member.Role.PARENT, joined_at=start)
    checkin = logic.record_checkin(
        alice_member,
        CheckInData(state="settled", note="A quiet evening"),
        audience=Audience.CHOSEN,
        chosen=[bob_member],
        craving=CravingData(level=6, audience=Audience.CHOSEN, chosen=[bob_member]),
    )
    detail = f"/c/{alice_member.circle_id}/check-ins/{checkin.pk}/"

    bob = new_page()
    log_in(bob, "bob@example.test")
    bob.goto(detail)
    expect(bob.get_by_text("Cravings: 6 of 10")).to_be_visible()

    alice = new_page(viewport={"width": 390, "height": 844})
    log_in(alice, "alice@example.test")
    alice.goto(detail)
    assert_accessible(alice)
    alice.get_by_role("link", name="Change who can see your cravings and use").click()
    assert_accessible(alice)
    alice.get_by_role("radio", name="Only me").check()
    alice.get_by_role("button", name="Save").click()
    alice.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(alice.get_by_text("Who can see your cravings and use: Only me")).to_be_visible()
    bob.goto(detail)
    expect(bob.get_by_text("A quiet evening")).to_be_visible()
    assert "Cravings: 6 of 10" not in bob.content()

    # Later, sharing the check-in with the whole circle asks for the password first.
    time_machine.move_to(start + timedelta(minutes=20), tick=True)  # past the 15-minute window
    alice.goto(detail)
    alice.get_by_role("link", name="Change who can see this").click()
    assert_accessible(alice)
    alice.get_by_role("radio", name="The whole circle").check()
    alice.get_by_role("button", name="Save").click()
    alice.wait_for_url(re.compile("/reauthenticate/"))
    assert CheckIn.objects.get().audience == Audience.CHOSEN
    alice.fill("#id_password", PASSWORD)
    alice.get_by_role("button", name="Confirm").click()
    alice.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(alice.get_by_text("Saved. Who can see this is updated.")).to_be_visible()
    assert CheckIn.objects.get().audience == Audience.CIRCLE
    assert Craving.objects.get().audience == Audience.ONLY_ME  # the cravings kept their own choice

    carol = new_page()
    log_in(carol, "carol@example.test")
    carol.goto(detail)
    expect(carol.get_by_text("A quiet evening")).to_be_visible()
    assert "Cravings: 6 of 10" not in carol.content()
