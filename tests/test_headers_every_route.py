"""Security headers on every page route, found rather than listed, and HSTS in production
settings (SECURITY.md check 16; issue 13 item 9). `tests/test_headers.py` checks the
same headers, and more about each page's content, on a smaller crawl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.crawl import csp
from tests.support import page_routes, route_values

ROOT = Path(__file__).resolve().parents[1]


def _problems(response) -> list[str]:
    found = []
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    policy = csp(response)
    scripts = policy.get("script-src", policy.get("default-src", ["'unsafe-inline'"]))
    if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        found.append("script policy")
    if policy.get("frame-ancestors") != ["'none'"] or policy.get("object-src") != ["'none'"]:
        found.append("framing or plugins allowed")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }
    found += [name for name, value in expected.items() if response.get(name) != value]
    if "no-store" not in response.get("Cache-Control", ""):
        found.append("Cache-Control")
    return found


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "nobody"])
def test_every_page_route_sends_the_security_headers(cast, client, signed_in):
    values = route_values(cast)
    if signed_in:
        client.force_login(cast.alice.user)
    wrong = {}
    routes = page_routes()
    assert len(routes) > 80  # the routes are found, not listed
    for name, parts in sorted(routes.items()):
        response = client.get(reverse(name, kwargs={part: values[part] for part in parts}))
        if problems := _problems(response):
            wrong[f"{name} ({response.status_code})"] = problems
    assert wrong == {}


def _production_settings() -> dict:
    """The security settings Mend starts with when DEBUG is off, read in a fresh process."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "mend.settings",
        "MEND_ENV_FILE": "/dev/null",  # never the developer's .env
        "MEND_DEBUG": "false",
        "MEND_SECRET_KEY": "x" * 60,
        "MEND_ALLOWED_HOSTS": "mend.example.org",
        "MEND_ENCRYPTION_KEYS": os.environ.get("MEND_ENCRYPTION_KEYS", ""),
    }
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in "
        "['DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE']}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_hsts_and_secure_cookies():
    production = _production_settings()
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True


def test_every_page_route_sends_hsts_over_https_with_production_settings(cast, client):
    production = _production_settings()
    values = route_values(cast)
    client.force_login(cast.alice.user)
    missing = []
    with override_settings(
        SECURE_HSTS_SECONDS=production["SECURE_HSTS_SECONDS"],
        SECURE_HSTS_INCLUDE_SUBDOMAINS=production["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
    ):
        for name, parts in sorted(page_routes().items()):
            response = client.get(reverse(name, kwargs={part: values[part] for part in parts}), secure=True)
            header = response.get("Strict-Transport-Security", "")
            if (
                f"max-age={production['SECURE_HSTS_SECONDS']}" not in header
                or "includeSubDomains" not in header
            ):
                missing.append(name)
    assert missing == []
