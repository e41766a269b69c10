"""Real-browser fixtures: Debian's Chromium driven by Playwright, axe-core for accessibility."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are ordinary synchronous calls, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MEND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_SOURCE = (Path(__file__).resolve().parent.parent / "vendor" / "axe-4.14.1.min.js").read_text()
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")
OUTSIDE_PAGE = '<!DOCTYPE html><html lang="en"><head><title>Search</title></head><body><main><h1>Search</h1></main></body></html>'
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (a separate person) and give back its page."""
    contexts = []

    def _new_page(viewport=None):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or {"width": 1100, "height": 900}
        )
        context.set_default_timeout(10_000)
        # Nothing leaves this machine: another site (where quick exit goes) answers with
        # an ordinary page of its own, served here.
        context.route(
            OUTSIDE, lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE)
        )
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def axe_violations(page) -> list[str]:
    """Serious or critical accessibility violations on the current page."""
    # A click that navigates returns before the new page has its styles; axe must see
    # the page as people do (target sizes depend on the stylesheet).
    page.wait_for_load_state("load")
    page.evaluate(AXE_SOURCE)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        AXE_TAGS,
    )
    return found


@pytest.fixture
def assert_accessible():
    def _check(page):
        violations = axe_violations(page)
        assert violations == [], f"{page.url}: {violations}"

    return _check
