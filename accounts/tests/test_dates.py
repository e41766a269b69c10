"""Dates: inputs always carry ISO values; one way of writing a date per language."""

from __future__ import annotations

import re
from datetime import date, datetime

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
