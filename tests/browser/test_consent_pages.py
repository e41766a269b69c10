"""The consent pages on a phone: sign after reading, the text signed, and revoke (issue 15)."""

from __future__ import annotations

import pytest

from circles.models import Consent
from tests.browser.conftest import axe_violations
from tests.browser.helpers import log_in
from tests.support import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _looks_right(page, name):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    page.screenshot(path=f"/tmp/consent-{name}-390.png", full_page=True)


def test_a_member_signs_and_revokes_a_consent_on_a_phone(cast, new_page):
    page = new_page(PHONE)
    log_in(page, cast.alice.user.email)
    page.goto(f"/c/{cast.circle.pk}/members/")
    page.get_by_role("link", name="Consent for your professional").first.click()
    page.get_by_role("link", name="Sign a consent for Pat").click()
    _looks_right(page, "form")
    # Nothing is shared until she chooses it: asking to read the text first says so.
    page.get_by_role("button", name="Read the consent before signing").click()
    assert page.get_by_text("Please choose at least one kind of information they may see.").count() == 1
    page.get_by_label("Small moments").select_option("entries")
    page.get_by_role("button", name="Read the consent before signing").click()
    assert page.get_by_text("42 CFR").count() > 0
    _looks_right(page, "review")
    page.get_by_label("Your Mend password, to sign").fill(PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.wait_for_url("**/consent/*/")
    assert Consent.objects.get().is_in_force()
    _looks_right(page, "detail")
    page.get_by_role("link", name="Back to consents").click()
    _looks_right(page, "list")
    page.get_by_role("button", name="Revoke: Pat sees nothing more of mine").click()
    page.wait_for_load_state("load")
    assert Consent.objects.get().status == "revoked"
