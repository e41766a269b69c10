"""Dates in each language's own way, and a follow-through nobody could confirm labelled
as self-reported, in a real Chromium on a phone and a laptop, in English and Spanish,
with axe-core finding nothing serious and nothing scrolling sideways at 360 px."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import User
from checkins import logic as checkin_logic
from checkins.logic import CheckInData
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger.models import Occurrence
from ledger.tests.factories import new_promise
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 780}
SHOTS = Path("/tmp/mend-screenshots")
LABEL = {"en": "· self-reported", "es": "· autodeclarado"}
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
SPANISH_DAY = re.compile(
    r"\b(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d{1,2} de [a-z]+, \d\d:\d\d"
)


def _family(language: str) -> Member:
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    Member.objects.filter(circle=alice.circle).update(joined_at=timezone.now() - timedelta(days=90))
    User.objects.filter(pk=alice.user_id).update(language=language)
    # A promise from before the audience rule, that Bob cannot see: kept, but unconfirmable.
    promise = new_promise(alice, [bob], what="Call Mum", audience="only_me")
    now = timezone.now()
    Occurrence.objects.bulk_create(
        Occurrence(
            promise=promise,
            circle_id=alice.circle_id,
            due_at=now - timedelta(days=3 - i),
            due_date=(now - timedelta(days=3 - i)).date(),
            opens_on=(now - timedelta(days=3 - i)).date(),
            outcome="kept",
            outcome_at=now - timedelta(days=3 - i),
        )
        for i in range(3)
    )
    checkin_logic.record_checkin(alice, CheckInData(state="settled"), audience=Audience.CIRCLE)
    return alice


@pytest.mark.parametrize("language", ["en", "es"])
def test_dates_and_the_self_reported_label_on_a_phone_and_a_laptop(new_page, assert_accessible, language):
    from playwright.sync_api import expect

    alice = _family(language)
    circle = alice.circle_id
    for viewport in (PHONE, LAPTOP):
        page = new_page(viewport)
        log_in(page, "alice@example.test")
        page.goto(f"/c/{circle}/")
        people = page.locator("section[aria-labelledby=people-heading]")
        expect(people).to_contain_text(LABEL[language])
        assert_accessible(page)
        if viewport is PHONE:
            SHOTS.mkdir(exist_ok=True)
            people.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"polish-home-self-reported-{language}.png"))

        page.goto(f"/c/{circle}/check-ins/")
        text = page.locator("main").inner_text()
        if language == "es":
            assert SPANISH_DAY.search(text), text
            assert not ENGLISH_MONTHS.search(text), text
        assert_accessible(page)
        if viewport is PHONE:
            page.screenshot(path=str(SHOTS / f"polish-checkins-{language}.png"))

    narrow = new_page(NARROW)
    log_in(narrow, "alice@example.test")
    for path in (f"/c/{circle}/", f"/c/{circle}/check-ins/", f"/c/{circle}/promises/"):
        narrow.goto(path)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], path
