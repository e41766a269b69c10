""" "Who has seen my information" on a phone, in both languages: the rows read plainly, the
filters fit 390 px without scrolling sideways, and the page passes axe-core, with rows
and empty."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from access_log.tests.helpers import many, seen
from accounts.models import User
from circles.consent.categories import Category
from tests.browser.test_account_activity import _log_in_anywhere
from tests.support import give_totp, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WORDS = {"en": "Pat saw a check-in", "es": "Pat vio un registro"}
EMPTY = {
    "en": "When a professional you have given consent to opens something of yours",
    "es": "Cuando un profesional al que diste tu consentimiento abre algo tuyo",
}
# MEND_SCREENSHOTS=dir keeps a picture of each page for a person to look at.
SHOTS = os.environ.get("MEND_SCREENSHOTS")


def _family(language: str):
    from circles.logic import create_circle
    from circles.models import Member

    alice = make_user("alice")
    User.objects.filter(pk=alice.pk).update(language=language)
    owner = create_circle(alice, "Rivera family, the long name of a circle", Member.Role.PERSON_IN_RECOVERY)
    pat_user = make_user("pat")
    give_totp(pat_user)
    pat = join(owner.circle, pat_user, Member.Role.PROFESSIONAL)
    return owner, pat


def _look(page, language: str, name: str, assert_accessible):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/access-log-{name}-{language}.png")
        page.screenshot(
            path=f"{SHOTS}/access-log-{name}-{language}-list.png",
            full_page=True,
            clip={"x": 0, "y": 600, "width": PHONE["width"], "height": PHONE["height"]},
        )


@pytest.mark.parametrize("language", ["en", "es"])
def test_who_has_seen_my_information_reads_plainly_on_a_phone(new_page, language, assert_accessible):
    alice, pat = _family(language)
    seen(pat, alice, category=Category.CHECKINS, kind="checkins.checkin")
    seen(pat, alice, category=Category.SCORES, kind="chart", days_ago=2)
    seen(pat, alice, category=Category.PROMISES, kind="caseload", days_ago=3)
    many(pat, alice, 40, category=Category.REPAIR)
    page = new_page(viewport=PHONE)
    _log_in_anywhere(page)
    page.goto(reverse("access_log:list"))
    assert WORDS[language] in page.content()
    _look(page, language, "rows", assert_accessible)
    page.get_by_text("Choose what to list" if language == "en" else "Elige qué mostrar").click()
    page.select_option("#id_category", Category.SCORES)
    page.locator(".access-filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "category=scores" in page.url
    _look(page, language, "filtered", assert_accessible)


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_empty_log_explains_itself_on_a_phone(new_page, language, assert_accessible):
    _family(language)
    page = new_page(viewport=PHONE)
    _log_in_anywhere(page)
    page.goto(reverse("access_log:list"))
    assert EMPTY[language] in page.content()
    _look(page, language, "empty", assert_accessible)
