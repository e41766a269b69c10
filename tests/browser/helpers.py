"""Small steps the browser journeys share."""

from __future__ import annotations

import re

from tests.support import PASSWORD


def log_in(page, email):
    """Sign in through the real login page and wait for the circle."""
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile("/c/"))
