"""No page scrolls sideways on a 360 px phone (issue 14, point 4).

Every named page route (found, not listed: `tests.support.page_routes`) is opened in a
real Chromium 360 px wide, in English and in Spanish, by the owner of a circle with
months of history (charts with a year of weeks, tables of months, a finished repair, a
second circle with a long name), and the signed-out pages of the crawl by nobody. The
document may never be wider than the screen, with every fold (<details>) closed and
then opened: a wide table scrolls inside its own box, never the page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from checkins import logic as checkin_logic
from checkins.logic import CheckInData, CravingData
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger import logic as ledger_logic
from ledger.models import Occurrence
from ledger.tests.factories import new_promise
from repair.tests.helpers import log, repair_fully
from tests.browser.helpers import log_in
from tests.crawl import SIGNED_OUT
from tests.support import page_routes, route_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
# Routes that could end the session if they ever answered a GET by doing so: opened last.
LAST = ("quick_exit", "account_logout")
# Routes that answer a file to download, not a page to look at.
DOWNLOADS = ("access_log:csv",)

# The document's width, and the elements that reach past the right edge (for the message).
MEASURE = """(openFolds) => {
  if (openFolds) document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .filter(e => !e.closest('.table-scroll') && !e.closest('.visually-hidden'))
    .slice(0, 4)
    .map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
              + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide};
}"""


def _history(cast, time_machine) -> None:
    """Months of shared history in the cast's circle, so charts and tables are full."""
    start = NOW - timedelta(days=400)
    Member.objects.filter(circle=cast.circle).update(joined_at=start)
    for member in (cast.alice, cast.bob, cast.carol, cast.pat):
        member.refresh_from_db()
    time_machine.move_to(NOW - timedelta(days=200), tick=False)
    promise = new_promise(cast.alice, [cast.bob], frequency="per_week", what="Sunday call with Mum")
    for week in range(28):
        moment = NOW - timedelta(days=200 - 7 * week)
        time_machine.move_to(moment, tick=False)
        ledger_logic.lay_out(promise, now=moment, days_ahead=7)
        for occurrence in Occurrence.objects.filter(promise=promise, outcome="pending", due_at__lte=moment):
            ledger_logic.answer(occurrence, "report_kept", cast.alice, now=moment)
            ledger_logic.answer(occurrence, "confirm", cast.bob, now=moment)
    for day in range(0, 364, 3):
        checkin_logic.record_checkin(
            cast.alice,
            CheckInData(
                state=("settled", "activated", "shut_down")[day % 3],
                feelings={"sad": 1 + day % 5, "hopeful": 1 + (day + 2) % 5},
                connections={cast.bob: 1 + day % 5, cast.carol: 1 + (day + 1) % 5},
            ),
            audience=Audience.CIRCLE,
            craving=CravingData(level=day % 11, audience=Audience.CIRCLE),
            now=NOW - timedelta(days=day, minutes=5),
        )
    time_machine.move_to(NOW, tick=True)
    repair_fully(log(cast.alice, cast.bob, audience="circle"), cast.alice, cast.bob)
    # A second circle with a long name: the switcher and the top bar must still fit.
    create_circle(cast.alice.user, "The Castellanos-Rivera family circle", Member.Role.PARENT)


def _too_wide(page, url: str) -> dict | None:
    """What reaches past the screen's edge on `url`; None when there is no page to show."""
    if page.request.get(url, max_redirects=0).status == 405:
        return None  # a route that only takes a POST answers with no page at all
    page.goto(url)
    page.wait_for_load_state("load")
    found = {}
    for open_folds in (False, True):
        seen = page.evaluate(MEASURE, open_folds)
        if seen["scroll"] > seen["width"] or seen["width"] > SMALL_PHONE["width"]:
            found["folds open" if open_folds else "as it opens"] = seen
    return found


def _urls(values) -> list[str]:
    routes = sorted(page_routes().items(), key=lambda item: (item[0] in LAST, item[0]))
    return [
        reverse(name, kwargs={part: values[part] for part in parts})
        for name, parts in routes
        if name not in DOWNLOADS
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_scrolls_sideways_at_360_px(cast, new_page, time_machine, language):
    _history(cast, time_machine)
    values = route_values(cast)
    User.objects.filter(pk=cast.alice.user_id).update(language=language)
    page = new_page(viewport=SMALL_PHONE)
    log_in(page, "alice@example.test")
    wide, no_page, sent_away = {}, [], []
    for url in _urls(values):
        found = _too_wide(page, url)
        if found is None:
            no_page.append(url)
            continue
        if url.startswith("/c/") and "/c/" not in page.url:
            sent_away.append(url)  # the walk must see circle pages, not where a stranger is sent
        if found:
            wide[url] = found
        if url == reverse("ledger:relationship", args=[cast.circle.pk, cast.bob.pk]):
            assert page.locator("figure.chart svg").count() >= 1  # the chart the issue saw at 714 px
    stranger = new_page(viewport=SMALL_PHONE)
    for url in SIGNED_OUT:
        if found := _too_wide(stranger, url):
            wide[f"signed out: {url}"] = found
    assert wide == {}
    assert sent_away == []
    assert len(no_page) < len(_urls(values)) / 3  # only the routes that take nothing but a POST
