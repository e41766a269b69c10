"""Dates: inputs always carry ISO values; one way of writing a date per language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

CHRISTMAS_EVE = date(2026, 12, 24)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_promise_form_prefills_an_iso_date_the_browser_accepts(cast, login, language):
    cast.alice.user.language = language
    cast.alice.user.save()
    page = login(cast.alice).get(reverse("ledger:new", args=[cast.circle.pk])).content.decode()
    starts_on = re.search(r'<input type="date" name="starts_on" value="([^"]*)"', page)
    assert starts_on and re.fullmatch(r"\d{4}-\d\d-\d\d", starts_on.group(1))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_date_input_without_its_own_format_still_shows_iso(language):
    with translation.override(language):
        widget = forms.DateInput(attrs={"type": "date"})
        assert 'value="2026-12-24"' in widget.render("day", CHRISTMAS_EVE)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_spanish_or_english_date_is_still_read_from_iso(language):
    with translation.override(language):
        assert forms.DateField().clean("2026-12-24") == CHRISTMAS_EVE


@pytest.mark.parametrize(
    ("language", "name", "written"),
    [
        ("en", "DATE_FORMAT", "24 December 2026"),
        ("es", "DATE_FORMAT", "24 de diciembre de 2026"),
        ("en", "DATETIME_FORMAT", "24 December 2026, 19:05"),
        ("es", "DATETIME_FORMAT", "24 de diciembre de 2026, 19:05"),
        ("en", "YEAR_MONTH_FORMAT", "December 2026"),
        ("es", "YEAR_MONTH_FORMAT", "diciembre de 2026"),
    ],
)
def test_each_language_writes_dates_one_way(language, name, written):
    with translation.override(language):
        assert formats.date_format(datetime(2026, 12, 24, 19, 5), name) == written


@pytest.mark.parametrize(
    ("language", "written"), [("en", "24 December 2026"), ("es", "24 de diciembre de 2026")]
)
def test_a_one_off_promise_names_its_day_the_languages_way(language, written):
    from datetime import time
    from types import SimpleNamespace

    from ledger.models import Frequency
    from ledger.wording import schedule_phrase

    once = SimpleNamespace(frequency=Frequency.ONCE, starts_on=CHRISTMAS_EVE, due_time=time(19, 0))
    with translation.override(language):
        assert written in schedule_phrase(once)


@pytest.mark.parametrize(
    ("language", "name", "written"),
    [
        ("en", "WEEKDAY_DATETIME_FORMAT", "Thursday 24 December 2026, 19:05"),
        ("es", "WEEKDAY_DATETIME_FORMAT", "jueves 24 de diciembre de 2026, 19:05"),
        ("en", "DAY_TIME_FORMAT", "Thursday 24 December, 19:05"),
        ("es", "DAY_TIME_FORMAT", "jueves 24 de diciembre, 19:05"),
        ("en", "SHORT_MONTH_DAY_FORMAT", "24 Dec"),
        ("es", "SHORT_MONTH_DAY_FORMAT", "24 dic"),
        ("en", "SHORT_YEAR_MONTH_FORMAT", "Dec 2026"),
        ("es", "SHORT_YEAR_MONTH_FORMAT", "dic 2026"),
    ],
)
def test_mends_own_named_formats_exist_in_each_language(language, name, written):
    with translation.override(language):
        assert formats.date_format(datetime(2026, 12, 24, 19, 5), name) == written


def test_no_template_writes_a_date_its_own_way():
    """Every `|date:` and `|time:` in a template names a format (or is machine-readable 'c')."""
    from pathlib import Path

    from django.conf import settings

    ad_hoc = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for pattern in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", template.read_text()):
            if pattern != "c" and not pattern.endswith("_FORMAT"):
                ad_hoc.append(f"{template.name}: {pattern}")
    assert ad_hoc == []


ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b"
)


def test_spanish_pages_write_dates_the_spanish_way(cast, login, at):
    from checkins import logic as checkins
    from checkins.logic import CheckInData
    from circles.audience import Audience
    from ledger.tests.factories import new_promise

    at(datetime(2026, 12, 7, 9, 30, tzinfo=UTC))
    cast.alice.user.language = "es"
    cast.alice.user.save()
    checkins.record_checkin(cast.alice, CheckInData(state="settled"), audience=Audience.CIRCLE)
    promise = new_promise(cast.alice, [cast.bob], frequency="once", starts_on=date(2026, 12, 7))
    client = login(cast.alice)

    pages = {
        "checkins:list": "lunes 7 de diciembre, 09:30",
        "ledger:mine": "lunes 7 de diciembre, 19:00",
    }
    for name, written in pages.items():
        page = client.get(reverse(name, args=[cast.circle.pk])).content.decode()
        assert written in page, name
        assert not ENGLISH_MONTHS.search(_visible(page)), (name, ENGLISH_MONTHS.search(_visible(page)))
    page = client.get(reverse("ledger:promise", args=[cast.circle.pk, promise.pk])).content.decode()
    assert "lunes 7 de diciembre de 2026, 19:00" in page
    assert not ENGLISH_MONTHS.search(_visible(page))


def _visible(page: str) -> str:
    """The page's text without tags, scripts or attributes (an English word in a class name is fine)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)
