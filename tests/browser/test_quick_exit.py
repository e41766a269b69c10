"""Quick exit cannot be undone (issue 14, point 1; SECURITY.md check 22): Esc three times
or one tap leaves Mend for another site, ends the session at that moment, and neither
Back nor the old cookie shows anything of the circle again."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appreciations.logic import record_appreciation
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from tests.browser.conftest import OUTSIDE, OUTSIDE_PAGE
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
NEUTRAL = "https://weather.example.org/"
PRIVATE = "Thank you for sitting with me on Sunday"


@pytest.fixture
def circle(settings):
    settings.MEND_QUICK_EXIT_URL = NEUTRAL
    owner = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(owner.circle, make_user("bob"), Member.Role.PARTNER)
    record_appreciation(owner, PRIVATE, bob, Audience.CIRCLE)
    return owner.circle


def _session_cookie(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")


def _shows_nothing_of_the_circle(page) -> None:
    text = page.content()
    assert PRIVATE not in text
    assert "Rivera" not in text


def _old_cookie_opens_nothing(cookie: str, circle) -> None:
    client = Client()
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("circles:home", args=[circle.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_escape_three_times_then_back_shows_nothing(new_page, circle, language, size, assert_accessible):
    page = new_page(viewport=size)
    User.objects.filter(email="bob@example.test").update(language=language)
    log_in(page, "bob@example.test")
    page.goto(reverse("circles:home", args=[circle.pk]))
    assert PRIVATE in page.content()
    assert_accessible(page)
    cookie = _session_cookie(page)

    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)

    page.go_back()
    page.wait_for_load_state("load")
    assert not page.url.endswith(f"/c/{circle.pk}/")
    _shows_nothing_of_the_circle(page)
    _old_cookie_opens_nothing(cookie, circle)


def test_one_tap_on_quick_exit_leaves_and_signs_out(new_page, circle):
    page = new_page(viewport=PHONE)
    log_in(page, "bob@example.test")
    home = reverse("circles:home", args=[circle.pk])
    page.goto(home)
    cookie = _session_cookie(page)

    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_load_state("load")
    _shows_nothing_of_the_circle(page)
    _old_cookie_opens_nothing(cookie, circle)
    # Asking for the circle again in this browser finds no session either.
    page.goto(home)
    assert re.search(r"/accounts/login/", page.url)
    _shows_nothing_of_the_circle(page)


def test_without_a_script_quick_exit_still_goes_somewhere_neutral(browser, live_server, circle):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    try:
        context.route(
            OUTSIDE, lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE)
        )
        page = context.new_page()
        page.goto("/crisis/")
        page.locator("#quick-exit").click()
        page.wait_for_url(NEUTRAL)
        assert "Mend" not in page.content()
    finally:
        context.close()
