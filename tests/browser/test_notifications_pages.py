"""In a real Chromium: the notifications page and settings read well and pass axe-core."""

from __future__ import annotations

import re

import pytest

from checkins import logic as checkins
from circles.logic import create_circle
from circles.models import Member
from ledger import logic as ledger
from ledger.tests.factories import new_promise
from notifications.logic import notify
from notifications.models import Kind
from repair import logic as repair
from repair.tests.helpers import log
from tests.support import PASSWORD, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reading_notifications_and_changing_settings(new_page, assert_accessible):
    member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    for kind in (Kind.CONFIRM_WAITING, Kind.TALK_REQUEST):
        notify(member.user, kind, f"/c/{member.circle_id}/promises/")
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("#id_login", "alice@example.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile("/c/"))

    page.locator(".nav-more summary").click()  # notifications wait behind "More", with the count
    page.get_by_role("link", name=re.compile("Notifications 2 unread")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Someone would like to talk about a promise").click()
    page.wait_for_url(re.compile("/promises/"))
    page.locator(".nav-more summary").click()
    assert page.get_by_role("link", name="Notifications 1 unread").count() == 1

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    assert "You’re all caught up." in page.content()
    page.locator(".nav-more summary").click()
    assert page.get_by_role("link", name="Notifications", exact=True).count() == 1

    page.get_by_role("link", name="Notification settings").click()
    page.fill("#id_quiet_start", "22:00")
    page.get_by_label("Someone is waiting for your confirmation").uncheck()
    page.get_by_role("button", name="Save").click()
    assert "Please give both times" in page.content()
    assert_accessible(page)
    page.fill("#id_quiet_end", "07:00")
    page.get_by_role("button", name="Save").click()
    assert "Your notification settings are saved." in page.content()
    assert not page.get_by_label("Someone is waiting for your confirmation").is_checked()
    assert_accessible(page)


PHONE, DESK = {"width": 390, "height": 844}, {"width": 1280, "height": 800}
NAMED = {
    "en": (
        "Bob called a pause until",
        "Bob saw your promise differently and would like to talk",
        "2 updates",
    ),
    "es": (
        "Bob pidió una pausa hasta las",
        "Bob vio tu promesa de otra manera y quiere hablarlo contigo",
        "2 novedades",
    ),
}
START = {"en": "Start a repair", "es": "Empezar una reparación"}
NAMED_IN_FORM = {"en": "About the promise “Call Mum”:", "es": "Sobre la promesa “Call Mum”:"}


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_notifications_name_the_person_and_lead_to_a_repair(new_page, assert_accessible, language, viewport):
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    alice.user.language = language
    alice.user.save()
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    promise = new_promise(alice, [bob], what="Call Mum")
    occurrence = promise.occurrences.order_by("due_at").first()
    ledger.answer(occurrence, "report_kept", alice)
    ledger.answer(occurrence, "dispute", bob)
    checkins.call_timeout(bob, alice, 20)
    rupture = log(bob, alice)
    repair.pause(bob, rupture)
    repair.resume(bob, rupture)

    page = new_page(viewport=viewport)
    page.goto("/accounts/login/")
    page.fill("#id_login", "alice@example.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile("/c/"))
    page.goto("/notifications/")
    text = page.inner_text("main")
    for words in NAMED[language]:
        assert words in text, words
    assert "Call Mum" not in text  # names and kinds, never an entry's text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], width
    assert_accessible(page)
    if viewport is PHONE:
        page.screenshot(path=f"/tmp/notify-notifications-390-{language}.png", full_page=True)

    page.get_by_role("link", name=START[language]).click()
    page.wait_for_url(re.compile(r"/ruptures/new/\?promise="))
    assert NAMED_IN_FORM[language] in page.input_value("#id_what")
    assert page.locator(f'input[name="others"][value="{bob.pk}"]').is_checked()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], width
    assert_accessible(page)
    if viewport is PHONE:
        page.screenshot(path=f"/tmp/notify-repair-390-{language}.png", full_page=True)
