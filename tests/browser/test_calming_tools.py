"""The calming tools return you, in a real Chromium, on a phone and a laptop, in English
and Spanish: opened from a repair step, a pause, a check-in and the reach-out guide, the
pacer and the grounding page keep the circle around them and offer "Back to …" to
exactly the page they were opened from; axe clean."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from checkins import logic as checkin_logic
from circles.logic import create_circle
from circles.models import Member
from reachout import logic as reachout_logic
from repair import logic as repair_logic
from repair.rules.steps import Action
from repair.tests.helpers import log
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
WORDS = {
    "en": {
        "breathe": "Breathe with a pacer",
        "ground": "Ground yourself",
        "ground_senses": "Ground yourself through the senses",
        "breathe_first": "Breathe first",
        "to_step": "Back to the repair step",
        "to_pause": "Back to the pause",
        "to_checkin": "Back to your check-in",
        "to_guide": "Back to the reach-out guide",
        "switch": "Try grounding through the senses instead",
    },
    "es": {
        "breathe": "Respirar con una guía",
        "ground": "Volver al presente",
        "ground_senses": "Vuelve al presente a través de los sentidos",
        "breathe_first": "Primero, respira",
        "to_step": "Volver al paso de la reparación",
        "to_pause": "Volver a la pausa",
        "to_checkin": "Volver a tu registro",
        "to_guide": "Volver a la guía para cuando vuelven a contactar",
        "switch": "O prueba volver al presente a través de los sentidos",
    },
}


def _shot(page, name: str) -> None:
    folder = os.environ.get("MEND_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _in_the_circle(page, circle_id) -> None:
    """The tool page is the circle's: the site's navigation still leads into this circle."""
    # The click that led here does not wait for the new page; wait for it to be parsed.
    page.wait_for_url(re.compile(f"/c/{circle_id}/tools/"))
    page.wait_for_load_state("domcontentloaded")
    assert urlsplit(page.url).path.startswith(f"/c/{circle_id}/tools/")
    outside_main = page.locator(f"body > :not(main) a[href^='/c/{circle_id}/']")
    expect(outside_main.first).to_be_attached()


def _goes_back(page, assert_accessible, circle_id, from_url: str, back: str) -> None:
    _in_the_circle(page, circle_id)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width
    page.locator("main").get_by_role("link", name=back).first.click()
    page.wait_for_url(re.compile(re.escape(from_url) + "$"))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_tools_lead_back_to_where_you_were(new_page, assert_accessible, language, viewport):
    words = WORDS[language]
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    User.objects.filter(email="alice@example.test").update(language=language)
    cid = alice.circle_id
    rupture = log(alice, bob)
    repair_logic.take_step(alice, rupture, Action.RECOGNISE, text="I noticed", choices=["pulling_away"])
    timeout = checkin_logic.call_timeout(alice, bob, 30)
    plan = reachout_logic.start_plan(alice, returning_member=bob)

    page = new_page(viewport=viewport)
    log_in(page, "alice@example.test")

    # A repair step: the pacer, then the grounding page from it, then back to the step.
    step = reverse("repair:step", args=[cid, rupture.pk, 2])
    page.goto(step)
    page.locator("main").get_by_role("link", name=words["breathe"]).first.click()
    page.wait_for_url(re.compile(f"/c/{cid}/tools/breathe/"))
    expect(page.locator("main").get_by_role("link", name=words["to_step"]).first).to_be_visible()
    if viewport is PHONE:
        _shot(page, f"breathe-from-repair-{language}-390")
    page.get_by_role("link", name=words["switch"]).click()  # the way back survives a switch
    page.wait_for_url(re.compile(f"/c/{cid}/tools/ground/"))
    _goes_back(page, assert_accessible, cid, step, words["to_step"])

    # A pause in progress.
    pause = reverse("checkins:timeout", args=[cid, timeout.pk])
    page.goto(pause)
    page.locator("main").get_by_role("link", name=words["ground_senses"]).click()
    _goes_back(page, assert_accessible, cid, pause, words["to_pause"])

    # The check-in, before anything is typed.
    checkin = reverse("checkins:new", args=[cid])
    page.goto(checkin)
    page.locator("main").get_by_role("link", name=words["breathe_first"]).click()
    _goes_back(page, assert_accessible, cid, checkin, words["to_checkin"])

    # The reach-out guide's pause.
    guide = reverse("reachout:step", args=[cid, plan.pk, "pause"])
    page.goto(guide)
    page.locator("main").get_by_role("link", name=words["ground_senses"]).click()
    _goes_back(page, assert_accessible, cid, guide, words["to_guide"])


def test_a_way_back_to_another_site_is_never_offered(new_page, assert_accessible):
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    page = new_page(viewport=PHONE)
    log_in(page, "alice@example.test")
    for target in ("https://example.com/", "//example.com/", "/\\example.com/", "javascript:alert(1)"):
        page.goto(f"/c/{alice.circle_id}/tools/breathe/?next={target}")
        assert page.locator(".way-back").count() == 0
        assert page.locator("a[href*='example.com'], a[href^='javascript']").count() == 0
    assert_accessible(page)
