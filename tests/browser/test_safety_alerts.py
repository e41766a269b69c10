"""In a real Chromium at phone width: the professional's safety alerts read well, pass
axe-core, and acknowledging one takes it off the list."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from circles.logic import create_circle
from circles.models import Consent, Member
from coach_web import alerts
from coach_web.models import SafetyAlert
from tests.support import give_totp, join, make_user, mark_recently_authenticated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Set MEND_SCREENSHOTS=/some/dir to keep a picture of the page for a person to look at.
SCREENSHOTS = os.environ.get("MEND_SCREENSHOTS")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_professional_reads_and_acknowledges_alerts_on_a_phone(
    new_page, live_server, assert_accessible, language
):
    member = create_circle(make_user("alexandra-maria"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    pat_user = make_user("pat")
    pat_user.language = language
    pat_user.save()
    give_totp(pat_user)
    pat = join(member.circle, pat_user, Member.Role.PROFESSIONAL)
    now = timezone.now()
    consent = Consent.objects.create(
        member=member,
        recipient_names="Pat",
        purposes=["treatment"],
        data_from=now - timedelta(days=1),
        expires_at=now + timedelta(days=30),
        safety_alerts=True,
        text_version="1",
        language="en",
        text_sha256="0" * 64,
        reauthenticated_at=now,
    )
    consent.recipients.set([pat])
    alerts.record_crisis(member)
    alerts.record_crisis(member)

    page = new_page(viewport=PHONE)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    client = Client()
    client.force_login(pat_user)
    mark_recently_authenticated(client, pat_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    page.goto(f"/c/{member.circle_id}/alerts/")
    text = page.locator("main").inner_text()
    expected = "may need a check-in from you" if language == "en" else "necesite que te pongas en contacto"
    assert expected in text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"safety-alerts-{language}.png"), full_page=True)

    button = "Acknowledge" if language == "en" else "Marcar como atendido"
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")
    assert SafetyAlert.objects.get().acknowledged_at is not None
    assert expected not in page.locator("main").inner_text()
    assert_accessible(page)
