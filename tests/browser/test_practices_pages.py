"""In a real Chromium at 390 px: a family asks a practice for help, the practice answers
and invites a professional, an owner says yes, the professional joins. Every page of the
way passes axe-core, never scrolls sideways, and reads in English and in Spanish.

Screenshots of each page land in $MEND_SHOTS (when set), one per page and language.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from circles.logic import create_circle
from circles.models import Member
from practices import logic
from practices.models import Practitioner
from tests.support import give_totp, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("MEND_SHOTS")
WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _as(new_page, base_url, user):
    """A phone-sized browser signed in as `user` (the session made on the server side)."""
    client = Client()
    client.force_login(user)
    page = new_page(PHONE)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return page


def _look(page, path, name, lang, assert_accessible):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    scroll, width = page.evaluate(WIDTH)
    assert scroll <= width, f"{path} scrolls sideways ({scroll} > {width})"
    assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_whole_way_at_phone_size(new_page, live_server, assert_accessible, lang):
    alice = make_user("alice")
    owner = create_circle(alice, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(owner.circle, make_user("bob"), Member.Role.PARTNER)
    dana, eli = make_user("dana"), make_user("eli")
    for user in (alice, bob.user, dana, eli):
        user.language = lang
        user.save()
    give_totp(dana)
    give_totp(eli)
    harbor = logic.start_practice(
        dana,
        kind="clinic",
        name="Harbor Family Recovery",
        intake_email="intake@harbor-family-recovery.example.org",
        intake_phone="+1 555 010 2030",
        languages=["en", "es"],
    )
    Practitioner.objects.create(practice=harbor, user=eli)
    logic.invite_practitioner(harbor.practitioners.get(user=dana), "someone.with.a.long.address@example.org")
    circle = owner.circle.pk

    page = _as(new_page, live_server.url, bob.user)
    _look(page, f"/c/{circle}/help/", "help-list-empty", lang, assert_accessible)
    _look(page, f"/c/{circle}/help/new/", "help-new", lang, assert_accessible)
    page.get_by_label("Harbor Family Recovery").check()
    page.fill("#id_reason", "We keep fighting about money and I would like us to talk with someone.")
    page.fill("#id_contact", "bob@example.test, evenings after 6")
    page.locator("#id_languages input[value='en']").check()
    page.locator("#id_time_zone").select_option("America/Chicago")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"**/c/{circle}/help/*/")
    request_path = page.url.replace(live_server.url, "")
    _look(page, request_path, "help-detail-waiting", lang, assert_accessible)

    intake = bob.help_requests.get()
    place = harbor.practitioners.get(user=dana)
    logic.reply(place, intake, "Thank you for writing. Could you talk on Tuesday at 6 pm?\nDana, intake")
    logic.propose(place, intake, harbor.practitioners.get(user=eli))

    pro = _as(new_page, live_server.url, dana)
    _look(pro, "/practices/", "practice-home", lang, assert_accessible)
    _look(pro, f"/practices/{harbor.pk}/settings/", "practice-settings", lang, assert_accessible)
    _look(pro, f"/practices/{harbor.pk}/requests/", "intake-queue", lang, assert_accessible)
    _look(pro, f"/practices/{harbor.pk}/requests/{intake.pk}/", "intake-request", lang, assert_accessible)
    _look(pro, "/practices/start/", "practice-start", lang, assert_accessible)

    _look(page, request_path, "help-detail-answered", lang, assert_accessible)

    owner_page = _as(new_page, live_server.url, alice)
    _look(owner_page, f"/c/{circle}/help/", "help-owner-choice", lang, assert_accessible)
    owner_page.locator("form.inline button").first.click()
    owner_page.wait_for_url(f"**/c/{circle}/help/")

    eli_page = _as(new_page, live_server.url, eli)
    _look(eli_page, "/practices/", "professional-joining", lang, assert_accessible)
    eli_page.locator("form.inline button").first.click()
    eli_page.wait_for_url(f"**/c/{circle}/members/")
    assert Member.objects.current().filter(circle_id=circle, user=eli, role="professional").exists()
