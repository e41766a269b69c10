"""Every chart on a phone (390 px) in a real Chromium: it fits the screen, nothing scrolls
sideways, and the page with its data tables passes axe-core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from checkins.models import CheckIn, Connection, Craving, Feeling
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger import logic as ledger_logic
from ledger.tests.factories import new_promise
from repair.tests.helpers import log, repair_fully
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _check_ins(alice: Member, others: list[Member], days: int) -> None:
    """A check-in every other day, shared with the circle: feelings, closeness to each person, cravings."""
    now = timezone.now()
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            circle_id=alice.circle_id,
            author=alice,
            state=("settled", "activated", "shut_down")[day % 3],
            note=f"day {day}",
            audience=Audience.CIRCLE,
            created_at=now - timedelta(days=day, minutes=5),
        )
        for day in range(0, days, 2)
    )
    Feeling.objects.bulk_create(
        Feeling(checkin=c, feeling=f, intensity=1 + i % 5)
        for i, c in enumerate(checkins)
        for f in ("sad", "hopeful")
    )
    Connection.objects.bulk_create(
        Connection(checkin=c, member=m, score=1 + (i + j) % 5)
        for i, c in enumerate(checkins)
        for j, m in enumerate(others)
    )
    Craving.objects.bulk_create(
        Craving(
            circle_id=alice.circle_id,
            author=alice,
            checkin=c,
            level=i % 11,
            used=False,
            audience=Audience.CIRCLE,
        )
        for i, c in enumerate(checkins)
    )


def _fits(page) -> None:
    assert page.locator("figure.chart svg").count() >= 1
    widths = page.evaluate(
        "[document.documentElement.scrollWidth,"
        " ...[...document.querySelectorAll('figure.chart svg')].map(s => s.getBoundingClientRect().right)]"
    )
    assert all(width <= PHONE["width"] for width in widths), widths


def test_every_chart_fits_a_phone(new_page, assert_accessible, time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 10, 0, tzinfo=UTC), tick=True)
    alice = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER)
    family = [join(alice.circle, make_user(name), Member.Role.SIBLING) for name in ("carolina", "dominique")]
    Member.objects.filter(circle=alice.circle).update(joined_at=timezone.now() - timedelta(days=400))
    _check_ins(alice, [bob, *family], days=364)
    occurrence = new_promise(alice, [bob], frequency="once").occurrences.get()
    ledger_logic.answer(occurrence, "report_kept", alice)
    ledger_logic.answer(occurrence, "confirm", bob)
    repair_fully(log(alice, bob, audience="circle"), alice, bob)
    circle = f"/c/{alice.circle_id}"

    page = new_page(viewport=PHONE)
    log_in(page, "bob@example.test")
    for path in (f"/trends/?who={alice.pk}&span=52", f"/with/{alice.pk}/", "/ruptures/time-to-repair/"):
        page.goto(circle + path)
        _fits(page)
        assert page.locator("table caption").count() >= 1
        assert_accessible(page)
