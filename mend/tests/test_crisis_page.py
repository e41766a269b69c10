"""The crisis page by country (SECURITY.md check 20): `?country=` puts a country's lines
first, every country stays listed, and the page still needs no database, session or
JavaScript. Every number comes from lib/crisis_lines.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from lib import crisis_lines
from tests.crawl import tags

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _page(client, country=None, **headers) -> str:
    url = reverse("crisis") + (f"?country={country}" if country is not None else "")
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def _first_country(html: str) -> str:
    return re.search(r"<h2 id=\"country-(\w+)\"", html).group(1)


@pytest.mark.parametrize(
    "code,numbers",
    [
        ("US", ["988", "1-800-662-4357", "1-800-799-7233", "1-800-222-1222", "1-800-422-4453", "911"]),
        ("MX", ["800 911 2000", "911"]),
        ("ES", ["024", "016", "112"]),
        ("GB", ["116 123", "999"]),
        ("CA", ["988", "911"]),
    ],
)
def test_a_country_chosen_in_the_address_comes_first_with_its_lines(client, code, numbers):
    html = _page(client, code)
    assert _first_country(html) == code
    first = html.split('id="country-', 2)[1]
    for number in numbers:
        assert number in first, number


def test_the_other_countries_are_still_listed(client):
    html = _page(client, "MX")
    for code in crisis_lines.COUNTRY_CODES:
        assert f'id="country-{code}"' in html
    assert 'href="https://findahelpline.com/"' in html


@pytest.mark.parametrize("bad", ["", "XX", "usa", "<script>", "E S", "1" * 500])
def test_an_unknown_country_gets_the_default(client, bad):
    html = _page(client, bad)
    assert _first_country(html) == "US" and "<script>" not in html.split("</head>")[1]


def test_the_code_is_read_in_any_case(client):
    assert _first_country(_page(client, "gb")) == "GB"


def test_the_default_country_is_the_operators(client, settings):
    settings.MEND_DEFAULT_COUNTRY = "ES"
    html = _page(client)
    assert _first_country(html) == "ES" and "call 112" in html


def test_another_country_points_to_find_a_helpline_and_the_local_number(client):
    html = _page(client, "ZZ")
    assert _first_country(html) == "ZZ" and "call your local emergency number" in html


def test_the_page_makes_no_query_with_a_country_when_signed_in(cast, login, django_assert_num_queries):
    client = login(cast.bob)
    with django_assert_num_queries(0):
        html = _page(client, "ES")
    assert _first_country(html) == "ES"


def test_the_page_answers_with_a_country_when_the_database_is_down(cast, login, django_db_blocker):
    client = login(cast.bob)
    with django_db_blocker.block():
        html = _page(client, "CA")
    assert _first_country(html) == "CA"


def test_the_page_works_without_a_session_or_javascript(client):
    response = client.get(reverse("crisis") + "?country=MX")
    assert "sessionid" not in response.cookies
    html = response.content.decode()
    # Every line is a plain link that works without scripts.
    assert 'href="tel:8009112000"' in html and "onclick" not in html


def test_spanish_gets_the_spanish_language_options(client):
    html = _page(client, "US", HTTP_ACCEPT_LANGUAGE="es")
    assert tags_lang(html) == "es"
    assert 'href="sms:988?body=AYUDA"' in html and "marca 2" in html
    assert (
        "Por teléfono te atienden en español" in html
        and "Línea Nacional contra la Violencia Doméstica" in html
    )
    assert "llama al 911" in html


def test_the_language_can_travel_in_the_address(client):
    # The support card's link carries the member's language: this page reads no profile.
    html = _page(client, "MX&lang=es")
    assert tags_lang(html) == "es" and "Llamar al 800 911 2000" in html


@pytest.mark.parametrize("bad", ["fr", "", "es-XX<", "x" * 300])
def test_an_unknown_language_falls_back_to_the_browsers(client, bad):
    html = _page(client, f"US&lang={bad}", HTTP_ACCEPT_LANGUAGE="es")
    assert tags_lang(html) == "es"
    assert tags_lang(_page(client, f"US&lang={bad}")) == "en"


def test_english_also_says_how_to_reach_988_in_spanish(client):
    html = _page(client, "US")
    assert "press 2" in html and 'href="sms:988"' in html


def tags_lang(html: str) -> str:
    return re.search(r'<html lang="(\w+)"', html).group(1)


def test_no_template_writes_a_phone_number():
    number = re.compile(r"\b(988|911|112|999|016|024|1-800-\d{3}-\d{4}|116 123|800 911 2000|88788)\b")
    for name in (
        "crisis.html",
        "coach_web/_crisis_card.html",
        "safety/_resources.html",
        "includes/crisis_line.html",
    ):
        assert not number.search((TEMPLATES / name).read_text()), name


def test_the_page_loads_nothing_from_elsewhere(client):
    response = client.get(reverse("crisis"))
    for tag in tags(response, "script") + tags(response, "link"):
        source = tag.get("src") or tag.get("href")
        assert source.startswith("/static/"), source
