"""The circle home's "today" in a real Chromium, on a phone and a laptop, in English and
Spanish: what needs you now comes first, a run is celebrated in words and dots, a promise
can be reported kept in one tap, and a finished repair ends with a short summary. Nothing
scrolls sideways at 360 px, and axe-core finds nothing serious."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import User
from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger.models import Occurrence
from ledger.tests.factories import new_promise
from repair.tests.helpers import log, repair_fully
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 780}
SHOTS = Path("/tmp/mend-screenshots")

WORDS = {
    "en": {
        "now": "What needs you now",
        "celebrate": "Worth celebrating",
        "run": "You kept 6 of your last 7 promises to Bob.",
        "kept": "I kept it",
        "thanks": "Thank you for following through",
        "summary": "What you took on together",
        "steps": "Every step, as each person wrote it",
    },
    "es": {
        "now": "Lo que te necesita ahora",
        "celebrate": "Para celebrar",
        "run": "Cumpliste 6 de tus últimas 7 promesas a Bob.",
        "kept": "Lo cumplí",
        "thanks": "Gracias",
        "summary": "Lo que asumieron juntos",
        "steps": "Cada paso, tal como lo escribió cada persona",
    },
}


def _family(language: str):
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    Member.objects.filter(circle=alice.circle).update(joined_at=timezone.now() - timedelta(days=90))
    User.objects.filter(pk=alice.user_id).update(language=language)
    promise = new_promise(alice, [bob], what="Call Mum", at=time(23, 59))
    now = timezone.now()
    outcomes = ["kept", "kept", "missed", "kept_confirmed", "kept", "kept", "kept"]
    Occurrence.objects.bulk_create(
        Occurrence(
            promise=promise,
            circle_id=alice.circle_id,
            due_at=now - timedelta(days=7 - i),
            due_date=(now - timedelta(days=7 - i)).date(),
            opens_on=(now - timedelta(days=7 - i)).date(),
            outcome=outcome,
            outcome_at=now - timedelta(days=7 - i),
        )
        for i, outcome in enumerate(outcomes)
    )
    record_appreciation(bob, "Thank you for Sunday, it meant a lot", alice, Audience.CIRCLE)
    checkin_logic.call_timeout(bob, alice, 30)
    rupture = log(alice, bob, audience="circle")
    repair_fully(rupture, alice, bob)
    return alice, rupture


def _no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, scroll


@pytest.mark.parametrize("language", ["en", "es"])
def test_today_on_a_phone_and_a_laptop(new_page, assert_accessible, language):
    from playwright.sync_api import expect

    words = WORDS[language]
    alice, rupture = _family(language)
    home = f"/c/{alice.circle_id}/"
    page = new_page(PHONE)
    log_in(page, "alice@example.test")
    page.goto(home)

    # First what needs me now, then what is worth celebrating, then the rest.
    now = page.locator("section.today-now")
    celebrate = page.locator("section.today-celebrate")
    expect(now.get_by_role("heading", name=words["now"])).to_be_visible()
    expect(now).to_contain_text("Call Mum")
    expect(now).to_contain_text("Bob")  # the pause Bob called
    expect(celebrate).to_contain_text(words["run"])
    assert celebrate.locator(".run-dots .dot").count() == 7
    top_now, top_celebrate = (s.bounding_box()["y"] for s in (now, celebrate))
    assert top_now < top_celebrate < page.locator("#people-heading").bounding_box()["y"]
    assert top_now < PHONE["height"]  # on the first screen of a phone
    _no_sideways_scroll(page, PHONE["width"])
    assert_accessible(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"today-home-390-{language}.png"), full_page=True)

    # One tap reports the promise kept and comes back home.
    now.get_by_role("button", name=words["kept"]).first.click()
    page.wait_for_url(re.compile(re.escape(home) + "$"))
    expect(page.locator(".messages")).to_contain_text(words["thanks"])

    # The finished repair: a short summary, every step folded.
    page.goto(f"/c/{alice.circle_id}/ruptures/{rupture.pk}/")
    expect(page.get_by_role("heading", name=words["summary"])).to_be_visible()
    steps = page.locator("details.repair-steps")
    expect(steps.locator("summary")).to_have_text(words["steps"])
    assert steps.get_attribute("open") is None
    # It was some 4,000 px of every step by person; now the summary and the folded steps
    # take less than a phone screen.
    height = page.evaluate(
        "document.querySelector('details.repair-steps').getBoundingClientRect().bottom"
        " - document.querySelector('section.repair-summary').getBoundingClientRect().top"
    )
    assert height < PHONE["height"], height
    _no_sideways_scroll(page, PHONE["width"])
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"today-repair-390-{language}.png"), full_page=True)
    steps.locator("summary").click()
    expect(steps.get_by_text("side of Alice")).to_be_visible()
    assert_accessible(page)

    for viewport in (NARROW, LAPTOP):
        page.set_viewport_size(viewport)
        page.goto(home)
        expect(page.locator("section.today-now")).to_be_visible()
        _no_sideways_scroll(page, viewport["width"])
        assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"today-home-1280-{language}.png"), full_page=True)


def test_a_newcomer_on_a_phone_is_told_what_to_do_first(new_page, assert_accessible):
    from playwright.sync_api import expect

    robin = create_circle(make_user("robin"), "Ortiz", Member.Role.PERSON_IN_RECOVERY)
    page = new_page(PHONE)
    log_in(page, "robin@example.test")
    page.goto(f"/c/{robin.circle_id}/")
    now = page.locator("section.today-now")
    expect(now).to_contain_text("Welcome. Here is a gentle place to start:")
    expect(now.get_by_role("link", name="Make a small promise")).to_be_visible()
    expect(now.get_by_role("link", name="Invite someone")).to_be_visible()
    _no_sideways_scroll(page, PHONE["width"])
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "today-newcomer-390-en.png"), full_page=True)


def test_a_loved_one_who_stepped_away_finds_the_reach_out_guide_near_the_top(new_page, assert_accessible):
    from playwright.sync_api import expect

    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice.circle, make_user("bob"), Member.Role.PARTNER, status=Member.Status.STEPPED_AWAY)
    page = new_page(PHONE)
    log_in(page, "bob@example.test")
    page.goto(f"/c/{alice.circle_id}/")
    guide = page.locator("section.reachout-home")
    expect(guide.get_by_role("link", name="They reached out")).to_be_visible()
    box = guide.bounding_box()
    assert box["y"] + box["height"] < page.locator("#people-heading").bounding_box()["y"]
    _no_sideways_scroll(page, PHONE["width"])
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "today-stepped-away-390-en.png"), full_page=True)
