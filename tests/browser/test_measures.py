"""Issue 16, point 7, in a real Chromium at 390 px: a professional assigns PHQ-9 weekly →
the member answers three times over three weeks (a controlled clock) → the chart shows the
bands and a reliable-improvement arrow → an answer above 0 on item 9 shows the crisis
resources at once. Every page passes axe-core and never scrolls sideways.
MEND_SHOTS=dir keeps a picture of each page for a person to look at.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client

from circles.logic import create_circle
from circles.models import Member
from measures import logic
from measures.models import Assignment, Response
from notifications.models import Notification
from tests.browser.helpers import log_in
from tests.support import consent, give_totp, join, make_user, mark_recently_authenticated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("MEND_SHOTS")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _fits(page, assert_accessible, name):
    page.wait_for_load_state("load")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/measures-{name}.png", full_page=True)
    scroll, width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= width, f"{page.url} scrolls sideways ({scroll} > {width})"
    assert_accessible(page)


def _as_professional(page, live_server, user):
    """The professional's session (their two-step login is tested in test_professional_path)."""
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )


def _answer(page, values: list[int], assert_accessible, name):
    for number, value in enumerate(values, start=1):
        page.locator(f"input[name=item_{number}][value='{value}']").check()
    page.locator("input[name=item_10][value='1']").check()
    _fits(page, assert_accessible, f"take-{name}")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(re.compile("/measures/results/[0-9a-f-]+/$"))
    _fits(page, assert_accessible, f"result-{name}")


def test_assign_weekly_answer_three_times_chart_and_item_9(
    new_page, live_server, assert_accessible, time_machine
):
    time_machine.move_to(START, tick=True)
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = alice.circle
    pat_user = make_user("pat")
    give_totp(pat_user)
    pat = join(circle, pat_user, Member.Role.PROFESSIONAL)
    consent(alice, pat, safety_alerts=True)

    # The professional assigns PHQ-9, weekly.
    pro = new_page(viewport=PHONE)
    _as_professional(pro, live_server, pat_user)
    pro.goto(f"/w/c/{circle.pk}/measures/")
    _fits(pro, assert_accessible, "workspace-empty")
    pro.get_by_label("Who is it for?").select_option(str(alice.pk))
    pro.get_by_label("Questionnaire", exact=True).select_option("phq9")
    pro.get_by_role("radio", name="Every week").check()
    pro.get_by_role("button", name="Assign").click()
    pro.wait_for_load_state("load")
    assert "Assigned" in pro.content()
    assignment = Assignment.objects.get()
    assert Notification.objects.filter(user=alice.user, kind="measure_due").count() == 1

    # Week 1: 16 (moderately severe).
    page = new_page(viewport=PHONE)
    log_in(page, "alice@example.test")
    page.goto(f"/c/{circle.pk}/measures/")
    _fits(page, assert_accessible, "index-due")
    page.get_by_role("link", name=re.compile("Answer")).first.click()
    _answer(page, [2] * 8 + [0], assert_accessible, "week-1")
    assert "Moderately severe" in page.locator("main").inner_text()
    assert page.locator(".safety-card").count() == 0

    # Week 2: 15, the reminder goes out when it falls due.
    time_machine.move_to(START + timedelta(weeks=1, minutes=1), tick=True)
    assert logic.remind_due() == 1
    log_in(page, "alice@example.test")  # a week of idleness ended the session
    page.goto(f"/c/{circle.pk}/measures/take/phq9/?assignment={assignment.pk}")
    _answer(page, [2] * 7 + [1, 0], assert_accessible, "week-2")
    assert "within the usual ups and downs" in page.locator("main").inner_text()

    # Week 3: 6, a reliable improvement (≥ 6 points, NHS Talking Therapies).
    time_machine.move_to(START + timedelta(weeks=2, minutes=2), tick=True)
    assert logic.remind_due() == 1
    log_in(page, "alice@example.test")
    page.goto(f"/c/{circle.pk}/measures/take/phq9/?assignment={assignment.pk}")
    _answer(page, [1] * 6 + [0, 0, 0], assert_accessible, "week-3")
    assert "a reliable improvement" in page.locator("main").inner_text()
    assert Response.objects.filter(assignment=assignment).count() == 3

    page.get_by_role("link", name="See all results over time").click()
    page.wait_for_url(re.compile("/measures/phq9/$"))
    _fits(page, assert_accessible, "history")
    chart = page.locator("figure.chart svg")
    assert chart.locator("rect").count() == 5  # the five published bands
    assert chart.locator("polygon.reliable-improvement").count() == 1
    table = page.locator("table").inner_text()
    assert "NHS Talking Therapies" in table and "reliable improvement" in table
    assert page.locator(".measure-trend").count() == 1  # a trend word after three results

    # An answer above 0 on item 9: the crisis resources at once, whatever the total.
    page.goto(f"/c/{circle.pk}/measures/take/phq9/")
    _answer(page, [0] * 8 + [1], assert_accessible, "item-9")
    card = page.locator(".safety-card")
    assert card.count() == 1 and card.is_visible()
    assert card.get_attribute("role") == "alert"
    assert "988" in card.inner_text()
    assert "your professional was told you may need a check-in" in page.locator("main").inner_text()


def test_side_by_side_the_professionals_page_and_spanish_on_a_phone(
    new_page, live_server, assert_accessible, time_machine
):
    time_machine.move_to(START, tick=True)
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = alice.circle
    bob = join(circle, make_user("bob"), Member.Role.PARTNER)
    pat_user = make_user("pat")
    give_totp(pat_user)
    pat = join(circle, pat_user, Member.Role.PROFESSIONAL)
    consent(alice, pat)
    for week, (mine, his) in enumerate([((3, 3, 3, 3), (2, 2, 2, 2)), ((4, 4, 3, 4), (3, 3, 3, 3))]):
        time_machine.move_to(START + timedelta(weeks=week), tick=True)
        logic.take(alice, "csi4", dict(enumerate(mine, start=1)), "circle")
        logic.take(bob, "csi4", dict(enumerate(his, start=1)), "circle")
        logic.take(alice, "phq9", dict.fromkeys(range(1, 10), 2 - week), "circle", professional_may_see=True)
    logic.assign(pat, alice, "gad7", "fortnightly")

    page = new_page(viewport=PHONE)
    log_in(page, "alice@example.test")
    page.goto(f"/c/{circle.pk}/measures/csi4/together/")
    _fits(page, assert_accessible, "together")
    assert page.locator("figure.chart").count() == 2

    pro = new_page(viewport=PHONE)
    _as_professional(pro, live_server, pat_user)
    pro.goto(f"/w/c/{circle.pk}/measures/")
    _fits(pro, assert_accessible, "workspace-results")
    assert pro.locator("figure.chart").count() == 1  # PHQ-9 shared with them; CSI-4 was not

    User = type(alice.user)
    User.objects.filter(pk=alice.user_id).update(language="es")
    page.goto(f"/c/{circle.pk}/measures/")
    _fits(page, assert_accessible, "index-es")
    assert "Te espera" in page.locator("main").inner_text()
    page.goto(f"/c/{circle.pk}/measures/take/gad7/")
    _fits(page, assert_accessible, "take-es")
    assert "Antes de enviar" in page.locator("main").inner_text()
