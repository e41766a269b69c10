"""Navigation for thumbs (issue 14, point 4), in a real Chromium, in English and Spanish.

On a phone: a compact top bar with the circle's name and a switcher to the person's other
circles, five destinations in a bar at the bottom of the screen (the rest behind "More"),
and the safety bar (quick exit, "Need help now?") on screen however far the page
scrolls. On a wide screen the same destinations make one row. Menus work without
JavaScript; with it, a tap elsewhere or Escape closes them, and Esc three times still
leaves Mend from an open menu. axe-core finds nothing serious, menus open or closed.
"""

from __future__ import annotations

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from circles.logic import create_circle
from circles.models import Member
from notifications.logic import notify
from tests.browser.conftest import OUTSIDE, OUTSIDE_PAGE
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NEUTRAL = "https://weather.example.org/"
WORDS = {
    "en": {
        "today": "Today",
        "checkin": "Check in",
        "promises": "Promises",
        "repair": "Repair",
        "more": "More",
        "people": "People",
        "notifications": "Notifications",
        "log_out": "Log out",
        "settings": "Settings",
        "quick_exit": "Quick exit",
        "help": "Need help now?",
        "switch": "Switch circle",
        "main": "Main",
    },
    "es": {
        "today": "Hoy",
        "checkin": "Registro",
        "promises": "Promesas",
        "repair": "Reparar",
        "more": "Más",
        "people": "Personas",
        "notifications": "Avisos",
        "log_out": "Cerrar sesión",
        "settings": "Configuración",
        "quick_exit": "Salida rápida",
        "help": "¿Necesitas ayuda ahora?",
        "switch": "Cambiar de círculo",
        "main": "Principal",
    },
}
# Set MEND_SCREENSHOTS=<folder> to keep a picture of each screen for a person to look at.
SHOTS = os.environ.get("MEND_SCREENSHOTS")


@pytest.fixture
def family():
    """alice in two circles (the second with a long name), bob beside her, two unread notifications."""
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    other = create_circle(alice.user, "The Castellanos-Rivera family circle", Member.Role.PARENT)
    for kind in ("confirm_waiting", "talk_request"):
        notify(alice.user, kind, f"/c/{alice.circle_id}/promises/")
    return alice, other


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def _open(page, language: str, viewport: dict, alice) -> dict:
    User.objects.filter(pk=alice.user_id).update(language=language)
    log_in(page, "alice@example.test")
    page.goto(reverse("circles:home", args=[alice.circle_id]))
    return WORDS[language]


def _main_nav(page, words):
    return page.get_by_role("navigation", name=words["main"], exact=True)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_phone_has_five_destinations_at_the_thumb_and_the_rest_behind_more(
    new_page, family, language, assert_accessible
):
    alice, _other = family
    page = new_page(viewport=PHONE)
    words = _open(page, language, PHONE, alice)
    nav = _main_nav(page, words)

    # Five destinations, the first of them this page, in a bar along the bottom edge.
    assert nav.locator(".nav-primary > li").count() == 5
    for key in ("today", "checkin", "promises", "repair"):
        expect(nav.get_by_role("link", name=words[key], exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=words["today"], exact=True)).to_have_attribute("aria-current", "page")
    box = nav.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert box["height"] < 80
    # Everything else waits behind "More", which carries the unread count.
    expect(nav.get_by_role("link", name=words["people"], exact=True)).to_be_hidden()
    more = nav.locator(".nav-more summary")
    expect(more).to_contain_text(words["more"])
    expect(more).to_contain_text("2")
    # The top bar names the circle; the safety bar is on screen.
    expect(page.locator(".circle-switcher summary")).to_contain_text("Rivera")
    expect(page.get_by_role("link", name=words["quick_exit"])).to_be_visible()
    expect(page.get_by_role("link", name=words["help"]).first).to_be_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64  # one compact row, not five lines of links
    _shot(page, f"nav-phone-{language}")
    assert_accessible(page)

    # Far down a page, quick exit and the crisis link are still on screen.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.get_by_role("link", name=words["quick_exit"])).to_be_in_viewport()
    expect(page.locator(".safety-bar .crisis-link")).to_be_in_viewport()

    more.click()
    for name in (words["people"], f"{words['notifications']} 2"):
        expect(nav.get_by_role("link", name=re.compile("^" + re.escape(name)))).to_be_in_viewport()
    expect(nav.get_by_role("button", name=words["log_out"])).to_be_in_viewport()
    _shot(page, f"nav-phone-more-{language}")
    assert_accessible(page)
    nav.get_by_role("link", name=words["people"], exact=True).click()
    page.wait_for_url(re.compile("/members/$"))
    expect(nav.locator(".nav-more summary")).to_have_class("current")
    nav.locator(".nav-more summary").click()
    expect(nav.get_by_role("link", name=words["people"], exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_switcher_moves_to_another_circle_and_pages_outside_a_circle_keep_it(
    new_page, family, language, assert_accessible
):
    alice, other = family
    page = new_page(viewport=PHONE)
    words = _open(page, language, PHONE, alice)
    switcher = page.get_by_role("navigation", name=words["switch"])
    switcher.locator("summary").click()
    expect(switcher.get_by_role("link", name="Rivera", exact=True)).to_have_attribute("aria-current", "page")
    _shot(page, f"nav-phone-switcher-{language}")
    assert_accessible(page)
    switcher.get_by_role("link", name="The Castellanos-Rivera family circle").click()
    page.wait_for_url(re.compile(f"/c/{other.circle_id}/$"))
    expect(switcher.locator("summary")).to_contain_text("Castellanos-Rivera")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, f"nav-phone-other-circle-{language}")

    # Settings belong to no circle: the bar keeps the circle last opened.
    page.goto(reverse("accounts:profile"))
    expect(switcher.locator("summary")).to_contain_text("Castellanos-Rivera")
    nav = _main_nav(page, words)
    expect(nav.get_by_role("link", name=words["today"], exact=True)).to_have_attribute(
        "href", reverse("circles:home", args=[other.circle_id])
    )
    expect(nav.locator(".nav-more summary")).to_have_class("current")
    assert_accessible(page)


def test_a_tap_elsewhere_or_escape_closes_a_menu_and_esc_three_times_still_leaves(new_page, family, settings):
    settings.MEND_QUICK_EXIT_URL = NEUTRAL
    alice, _other = family
    page = new_page(viewport=PHONE)
    words = _open(page, "en", PHONE, alice)
    more = _main_nav(page, words).locator("details")
    more.locator("summary").click()
    expect(more).to_have_attribute("open", "")
    page.locator("main h1").first.click()
    expect(more).not_to_have_attribute("open", "")
    more.locator("summary").click()
    page.keyboard.press("Escape")
    expect(more).not_to_have_attribute("open", "")
    expect(more.locator("summary")).to_be_focused()

    more.locator("summary").click()
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_typing_on_a_phone_puts_the_tab_bar_aside(new_page, family):
    alice, _other = family
    page = new_page(viewport=PHONE)
    words = _open(page, "en", PHONE, alice)
    page.goto(reverse("appreciations:new", args=[alice.circle_id]))
    nav = _main_nav(page, words)
    expect(nav).to_be_visible()
    page.locator("textarea").first.focus()
    expect(nav).to_be_hidden()
    page.locator("textarea").first.blur()
    expect(nav).to_be_visible()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wide_screen_has_one_row_of_destinations(new_page, family, language, assert_accessible):
    alice, _other = family
    page = new_page(viewport=DESKTOP)
    words = _open(page, language, DESKTOP, alice)
    nav = _main_nav(page, words)
    tops = {round(item.bounding_box()["y"]) for item in nav.locator(".nav-primary > li").all()}
    assert len(tops) == 1, tops
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64
    nav.locator(".nav-more summary").click()
    expect(nav.get_by_role("link", name=words["settings"], exact=True)).to_be_visible()
    _shot(page, f"nav-desktop-{language}")
    assert_accessible(page)


def test_without_javascript_more_still_opens_and_leads_on(browser, live_server, family):
    alice, _other = family
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    try:
        context.route(
            OUTSIDE, lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE)
        )
        page = context.new_page()
        log_in(page, "alice@example.test")
        page.goto(reverse("circles:home", args=[alice.circle_id]))
        page.locator(".nav-more summary").click()
        page.get_by_role("link", name="Small moments").click()
        page.wait_for_url(re.compile("/moments/$"))
    finally:
        context.close()
