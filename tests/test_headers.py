"""Security headers and asset origins on every crawled route (SECURITY.md check 16)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.crawl import PAGES, ROUTES, all_tags, csp, fetch, route_id, tags
from tests.support import PASSWORD, make_user


@pytest.fixture(params=ROUTES, ids=route_id)
def response(request, client, cast):
    return fetch(client, cast, *request.param)


@pytest.fixture(params=PAGES, ids=route_id)
def page(request, client, cast):
    return fetch(client, cast, *request.param)


def is_local(url: str | None) -> bool:
    """A URL on this host: a path, or an absolute URL naming the test server."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return url.startswith("/") and not url.startswith("//")


def test_csp_allows_no_inline_script(response):
    policy = csp(response)
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts


def test_csp_forbids_plugins_and_framing(response):
    policy = csp(response)
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_content_type_sniffing_is_off(response):
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_referrer_is_sent(response):
    assert response["Referrer-Policy"] == "no-referrer"


def test_location_camera_and_microphone_are_denied(response):
    granted = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in ("geolocation", "camera", "microphone"):
        assert granted[feature] == "()"


def test_responses_are_never_cached(response):
    assert "no-store" in response["Cache-Control"]


def test_pages_cannot_be_framed(response):
    assert response["X-Frame-Options"] == "DENY"


def test_every_script_is_a_file_from_this_host(page):
    for script in tags(page, "script"):
        assert is_local(script.get("src")), script


def test_every_stylesheet_is_a_file_from_this_host(page):
    for link in tags(page, "link"):
        if "stylesheet" in (link.get("rel") or "").split():
            assert is_local(link.get("href")), link


def test_no_inline_styles_that_the_policy_would_block(page):
    inline = [tag for tag, attrs in all_tags(page) if tag == "style" or "style" in attrs]
    assert inline == []


def test_signed_in_session_cookie_is_http_only_and_same_site_lax(client, db):
    make_user("alice")
    response = client.post(reverse("account_login"), {"login": "alice@example.test", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
