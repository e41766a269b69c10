"""The country whose crisis lines a member sees first: a setting on their profile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from accounts.models import User
from safety import logic
from safety.tests.helpers import afraid
from tests.support import make_user

ROOT = Path(__file__).resolve().parents[2]


def _form(user, **changes) -> dict:
    data = {
        "display_name": user.display_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "country": user.country,
        "coach_enabled": "on",
    }
    return {**data, **changes}


def test_a_new_account_takes_the_operators_default(db, settings):
    assert make_user("dana").country == "US"
    settings.MEND_DEFAULT_COUNTRY = "MX"
    assert make_user("eli").country == "MX"


def test_the_profile_offers_the_country(cast, login):
    page = login(cast.bob).get(reverse("accounts:profile")).content.decode()
    assert 'name="country"' in page and "Country for crisis lines" in page
    assert '<option value="ES">Spain</option>' in page


def test_the_country_saves(cast, login):
    client = login(cast.bob)
    response = client.post(reverse("accounts:profile"), _form(cast.bob.user, country="GB"), follow=True)
    assert "Your settings are saved." in response.content.decode()
    cast.bob.user.refresh_from_db()
    assert cast.bob.user.country == "GB"


def test_a_bad_country_is_refused_clearly_and_nothing_typed_is_lost(cast, login):
    client = login(cast.bob)
    response = client.post(
        reverse("accounts:profile"), _form(cast.bob.user, country="XX", display_name="Robert, new name")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing you typed was lost" in page and "Select a valid choice" in page
    assert 'value="Robert, new name"' in page
    cast.bob.user.refresh_from_db()
    assert cast.bob.user.country == "US" and cast.bob.user.display_name == "Bob"


def test_a_bad_country_is_refused_in_spanish_too(cast, login):
    user = cast.bob.user
    user.language = "es"
    user.save()
    page = login(cast.bob).post(reverse("accounts:profile"), _form(user, country="XX")).content.decode()
    assert "Escoja una opción válida" in page or "Elija una opción válida" in page


def test_the_relationship_safety_resources_follow_the_country(cast, login):
    user = cast.alice.user
    user.country, user.language = "ES", "es"
    user.save()
    logic.record_answers(cast.alice, cast.bob, afraid())
    page = login(cast.alice).get(reverse("safety:check", args=[cast.circle.pk, cast.bob.pk])).content.decode()
    assert 'href="tel:016"' in page and 'href="tel:024"' in page and "llama al 112" in page
    assert 'href="/crisis/?country=ES&amp;lang=es"' in page and "1-800-799-7233" not in page


def test_the_resources_in_the_us_keep_the_hotline_and_988(cast, login):
    logic.record_answers(cast.alice, cast.bob, afraid())
    page = login(cast.alice).get(reverse("safety:check", args=[cast.circle.pk, cast.bob.pk])).content.decode()
    assert (
        'href="tel:18007997233"' in page
        and 'href="sms:88788?body=START"' in page
        and 'href="tel:988"' in page
    )


def test_an_unknown_default_country_stops_start_up():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "MEND_DEFAULT_COUNTRY": "USA"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "MEND_DEFAULT_COUNTRY must be one of" in result.stderr


def test_the_country_is_not_shown_to_other_members(cast, login):
    user = cast.alice.user
    user.country = "MX"
    user.save()
    page = login(cast.bob).get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert "Mexico" not in page and "México" not in page
    assert User.objects.get(pk=user.pk).country == "MX"
