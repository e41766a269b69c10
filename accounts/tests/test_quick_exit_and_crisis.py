"""Quick exit and the crisis page, on every page (SECURITY.md checks 20 and 22)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import HOME_IP, fail_until_locked, fail_with_many_emails, log_in
from tests.crawl import PAGES, fetch, route_id, tags
from tests.support import make_user

# /n/ is where quick exit lands: it must look like an ordinary page, not like Mend.
MEND_PAGES = [route for route in PAGES if route[0] != "/n/"]
PAGES_WITH_CRISIS_LINK = [route for route in MEND_PAGES if route[0] != "/crisis/"]
OUTSIDE_EXIT = "https://weather.example.com/"


@pytest.fixture(params=MEND_PAGES, ids=route_id)
def page(request, client, cast):
    return fetch(client, cast, *request.param)


@pytest.fixture(params=PAGES_WITH_CRISIS_LINK, ids=route_id)
def non_crisis_page(request, client, cast):
    return fetch(client, cast, *request.param)


@pytest.fixture
def lockout_page(db):
    make_user("alice")
    client = Client()
    fail_until_locked(client, "alice@example.test")
    response = log_in(client, "alice@example.test", ip=HOME_IP)
    assert response.status_code == 429
    return response


@pytest.fixture
def rate_limit_page(db, settings):
    # The real per-address ceilings are far above this (they are for scripts only).
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    make_user("alice")
    fail_with_many_emails(HOME_IP, count=3)
    response = log_in(Client(), "alice@example.test", ip=HOME_IP)
    assert response.status_code == 429
    return response


def quick_exit_links(response) -> list[str | None]:
    return [a.get("href") for a in tags(response, "a") if a.get("id") == "quick-exit"]


def links_to_crisis(response) -> bool:
    return reverse("crisis") in [a.get("href") for a in tags(response, "a")]


def test_every_page_has_one_quick_exit_to_the_neutral_page(page):
    assert quick_exit_links(page) == [settings.MEND_QUICK_EXIT_URL]


def test_every_page_tells_the_script_where_quick_exit_goes(page):
    assert tags(page, "body")[0]["data-quick-exit"] == settings.MEND_QUICK_EXIT_URL


def test_quick_exit_follows_the_operators_choice(client, cast, settings):
    settings.MEND_QUICK_EXIT_URL = OUTSIDE_EXIT
    for route in MEND_PAGES:
        assert quick_exit_links(fetch(Client(), cast, *route)) == [OUTSIDE_EXIT], route


def test_every_page_but_the_crisis_page_links_to_it(non_crisis_page):
    assert links_to_crisis(non_crisis_page)


def test_the_lockout_page_has_quick_exit_and_crisis_links(lockout_page):
    assert quick_exit_links(lockout_page) == [settings.MEND_QUICK_EXIT_URL]
    assert links_to_crisis(lockout_page)


def test_the_rate_limit_page_has_quick_exit_and_crisis_links(rate_limit_page):
    assert quick_exit_links(rate_limit_page) == [settings.MEND_QUICK_EXIT_URL]
    assert links_to_crisis(rate_limit_page)


def test_by_default_quick_exit_leaves_for_another_site():
    # On this server's own neutral page the address bar and the history still say Mend.
    assert settings.MEND_QUICK_EXIT_URL.startswith("https://")
    assert "mend" not in settings.MEND_QUICK_EXIT_URL.lower()


def test_quick_exit_ends_the_session_at_once(cast, login):
    client = login(cast.bob)
    home = reverse("circles:home", args=[cast.circle.pk])
    assert client.get(home).status_code == 200
    response = client.post(reverse("quick_exit"), HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 204
    assert '"cache"' in response["Clear-Site-Data"]
    again = client.get(home)
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))


def test_quick_exit_works_from_pages_without_a_form_token(cast, login):
    client = login(cast.bob)
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("quick_exit")).status_code == 204
    assert "_auth_user_id" not in client.session


def test_another_site_cannot_sign_people_out(cast, login):
    client = login(cast.bob)
    response = client.post(reverse("quick_exit"), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert client.get(reverse("circles:home", args=[cast.circle.pk])).status_code == 200


def test_quick_exit_is_never_a_link_that_signs_out(cast, login):
    client = login(cast.bob)
    assert client.get(reverse("quick_exit")).status_code == 405
    assert client.get(reverse("circles:home", args=[cast.circle.pk])).status_code == 200


def test_the_neutral_page_says_nothing_about_mend(client):
    page = client.get(reverse("neutral")).content.decode()
    assert "Mend" not in page
    assert "crisis" not in page.lower()


def test_the_crisis_page_lists_the_us_helplines(client):
    page = client.get(reverse("crisis")).content.decode()
    for number in ("988", "1-800-662-4357", "1-800-799-7233"):
        assert number in page


def test_the_crisis_page_makes_no_query_when_signed_out(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("crisis"))
    assert response.status_code == 200


def test_the_crisis_page_answers_when_the_database_is_unreachable(client):
    # Without the `db` fixture pytest-django makes every database access raise.
    response = client.get(reverse("crisis"))
    assert response.status_code == 200
    assert "988" in response.content.decode()


def test_the_crisis_page_makes_no_query_when_signed_in(cast, login, django_assert_num_queries):
    client = login(cast.bob)
    with django_assert_num_queries(0):
        response = client.get(reverse("crisis"))
    assert response.status_code == 200


def test_the_crisis_page_answers_a_signed_in_member_when_the_database_is_down(cast, login, django_db_blocker):
    client = login(cast.bob)
    with django_db_blocker.block():
        response = client.get(reverse("crisis"))
    assert response.status_code == 200
    assert "988" in response.content.decode()


def test_the_crisis_page_speaks_the_browsers_language(client):
    response = client.get(reverse("crisis"), HTTP_ACCEPT_LANGUAGE="es")
    assert tags(response, "html")[0]["lang"] == "es"


def test_the_crisis_page_keeps_its_security_headers(client):
    response = client.get(reverse("crisis"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
