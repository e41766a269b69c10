"""The body-first check-in in a real Chromium, on a phone and a laptop, in English and
Spanish: five taps (a place in the body, what it is like, the nervous-system state, one
feeling, save) in under 30 seconds save a check-in; nothing scrolls sideways; axe clean.
And the trend page leads with its picture and one sentence, its tables folded."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from checkins.models import CheckIn
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
# What a person taps, by the words on the screen, in each language.
TAPS = {
    "en": {
        "start": "Check in now",
        "where": "chest",
        "like": "tight",
        "state": "Activated",
        "feeling": "anxious",
        "save": "Save my check-in",
        "saved": "Thank you for checking in with yourself.",
        "strength": "How strong is “anxious”",
    },
    "es": {
        "start": "Hacer un registro",
        "where": "pecho",
        "like": "tensión",
        "state": "Activación",
        "feeling": "con ansiedad",
        "save": "Guardar mi registro",
        "saved": "Gracias por tomarte un momento para ver cómo estás.",
        "strength": "«con ansiedad»: ¿con qué fuerza?",
    },
}


def _shot(page, name: str) -> None:
    """Screenshots for a person to look at, when MEND_SCREENSHOTS names a folder."""
    folder = os.environ.get("MEND_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, scroll


def _family(language: str) -> Member:
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    User.objects.filter(email="alice@example.test").update(language=language)
    return alice


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_check_in_takes_five_taps_and_under_thirty_seconds(new_page, assert_accessible, language, viewport):
    words = TAPS[language]
    alice_member = _family(language)
    circle = f"/c/{alice_member.circle_id}"
    page = new_page(viewport=viewport)
    log_in(page, "alice@example.test")
    page.goto(f"{circle}/check-in/")
    page.locator("main").get_by_role("link", name=words["start"]).click()
    page.wait_for_url(re.compile("/check-in/new/$"))
    assert page.locator("select[name^=feeling_]").count() == 0  # no wall of dropdowns
    _fits(page, viewport["width"])
    assert_accessible(page)
    _shot(page, f"checkin-form-{language}-{viewport['width']}")

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    started = time.monotonic()
    tap(page.get_by_role("radio", name=words["where"], exact=True))
    tap(page.get_by_role("radio", name=words["like"], exact=True))
    tap(page.get_by_role("radio", name=re.compile("^" + words["state"])))
    tap(page.get_by_role("checkbox", name=words["feeling"], exact=True))
    # Its strength is offered once the feeling is tapped, and may be left out.
    expect(page.get_by_role("group", name=re.compile(re.escape(words["strength"])))).to_be_visible()
    assert_accessible(page)
    _shot(page, f"checkin-tapped-{language}-{viewport['width']}")
    tap(page.get_by_role("button", name=words["save"]))
    page.wait_for_url(re.compile("/check-ins/[0-9a-f-]+/$"))
    took = time.monotonic() - started
    assert taps == 5 and took < 30, (taps, took)

    expect(page.get_by_text(words["saved"])).to_be_visible()
    checkin = CheckIn.objects.get()
    assert checkin.state == "activated" and checkin.audience == Audience.ONLY_ME
    assert [(s.region, s.kind) for s in checkin.sensations.all()] == [("chest", "tight")]
    assert [(f.feeling, f.intensity) for f in checkin.feelings.all()] == [("anxious", None)]
    _fits(page, viewport["width"])
    assert_accessible(page)


def test_a_feelings_strength_and_the_folded_parts_work_without_surprises(new_page, assert_accessible):
    alice_member = _family("en")
    page = new_page(viewport=PHONE)
    log_in(page, "alice@example.test")
    page.goto(f"/c/{alice_member.circle_id}/check-in/new/")
    page.get_by_role("radio", name=re.compile("^Settled")).click()
    page.get_by_role("checkbox", name="hopeful", exact=True).click()
    page.get_by_role("group", name=re.compile("How strong is “hopeful”")).get_by_role(
        "radio", name="4"
    ).click()
    # A feeling tapped again is gone, with the strength it had.
    page.get_by_role("checkbox", name="tired", exact=True).click()
    page.get_by_role("group", name=re.compile("How strong is “tired”")).get_by_role("radio", name="2").click()
    page.get_by_role("checkbox", name="tired", exact=True).click()
    expect(page.get_by_role("group", name=re.compile("How strong is “tired”"))).to_be_hidden()
    page.get_by_text("More feelings").click()
    page.get_by_role("checkbox", name="grateful", exact=True).click()
    page.get_by_text("More, if you like").click()
    page.get_by_role("combobox", name="jaw").select_option("tight")
    page.get_by_role("button", name="Save my check-in").click()
    page.wait_for_url(re.compile("/check-ins/[0-9a-f-]+/$"))
    checkin = CheckIn.objects.get()
    assert {(f.feeling, f.intensity) for f in checkin.feelings.all()} == {("hopeful", 4), ("grateful", None)}
    assert [(s.region, s.kind) for s in checkin.sensations.all()] == [("jaw", "tight")]
    expect(page.get_by_text("hopeful (4/5), grateful")).to_be_visible()


def test_the_check_in_fits_a_360_px_phone(new_page):
    alice_member = _family("es")
    page = new_page(viewport={"width": 360, "height": 740})
    log_in(page, "alice@example.test")
    page.goto(f"/c/{alice_member.circle_id}/check-in/new/")
    page.get_by_role("checkbox", name="con ansiedad", exact=True).click()
    _fits(page, 360)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_trends_lead_with_a_picture_and_one_sentence(
    new_page, assert_accessible, language, viewport, time_machine
):
    time_machine.move_to(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), tick=True)
    alice = _family(language)
    Member.objects.filter(circle=alice.circle).update(joined_at=timezone.now() - timedelta(days=90))
    now = timezone.now()
    # The month before: mostly on edge; the last two weeks: mostly settled.
    CheckIn.objects.bulk_create(
        CheckIn(
            circle_id=alice.circle_id,
            author=alice,
            state=("settled" if day < 14 else "activated") if day % 4 else "shut_down",
            created_at=now - timedelta(days=day, hours=1),
        )
        for day in range(0, 42)
    )
    page = new_page(viewport=viewport)
    log_in(page, "alice@example.test")
    page.goto(f"/c/{alice.circle_id}/trends/")
    reading = page.locator(".trend-reading")
    expect(reading).to_contain_text("calmer" if language == "en" else "más en calma")
    # The picture comes first, right under the sentence; every table is folded.
    first = page.locator("main section.card").first
    expect(first.locator("figure.chart svg")).to_be_visible()
    assert page.locator("main table").count() >= 1
    assert page.locator("main table:visible").count() == 0
    _fits(page, viewport["width"])
    _shot(page, f"trends-{language}-{viewport['width']}")
    page.locator("details.trend-numbers summary").first.click()
    expect(page.locator("main table").first).to_be_visible()
    _fits(page, viewport["width"])
    assert_accessible(page)
