"""The professional's caseload and view of a circle on a 390 px phone, in English and
Spanish: they fit the screen, read in the person's language, and pass axe-core."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from workspace.tests.conftest import checkin, consent, promise, rupture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": ("Caseload", "What they agreed to share"),
    "es": ("Tus familias", "Lo que aceptó compartir"),
}


def _signed_in(page, live_server, user):
    """The professional's session, made on the server (two-step login is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_caseload_and_circle_view_on_a_phone(
    cast, new_page, live_server, language, assert_accessible, tmp_path
):
    from datetime import timedelta

    consent(cast.alice, cast.pat, {"checkins": "entries", "repair": "trends", "promises": "trends"})
    consent(cast.bob, cast.pat, {"promises": "trends", "checkins": "trends"})
    for member in (cast.alice, cast.bob):
        checkin(member)
        promise(member)
    rupture(cast.alice)
    rupture(cast.alice, days_ago=10, repaired_after=timedelta(hours=30))
    User.objects.filter(pk=cast.pat.user_id).update(language=language)
    page = new_page(viewport=PHONE)
    _signed_in(page, live_server, cast.pat.user)
    caseload, view = WORDS[language]
    for url, words, name in (
        (reverse("workspace:caseload"), caseload, "caseload"),
        (reverse("workspace:circle", args=[cast.circle.pk]), view, "circle"),
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        assert words in page.content()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (url, width)
        page.screenshot(path=str(tmp_path / f"workspace-{name}-{language}.png"), full_page=True)  # to look at
        assert_accessible(page)
