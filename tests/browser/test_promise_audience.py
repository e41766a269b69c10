"""Changing who can see a promise, in a real Chromium, in English and Spanish, at phone and
desk sizes: an older private promise offers the way to share it from its "self-reported"
notice; the page says who will see it as the choice changes; sharing asks for the password
again; narrowing away from the person promised is refused with the rule's own words.
axe-core clean on every page; nothing scrolls sideways at 360 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger.models import Promise
from ledger.tests.factories import new_promise
from tests.browser.helpers import log_in
from tests.support import PASSWORD, join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
SHOTS = Path("/tmp/audience-shots")

WORDS = {
    "en": {
        "share": "Let them see it",
        "change": "Change who can see this",
        "only_you": "Only you will see this.",
        "bob_sees": "Bob will see this.",
        "bob_confirms": "Bob can confirm it.",
        "saved": "Saved. Who can see this is updated.",
        "refused": "Bob could not see this promise, so could never confirm it.",
        "save": "Save",
    },
    "es": {
        "share": "Deja que la vean",
        "change": "Cambiar quién puede verlo",
        "only_you": "Solo tú lo verás.",
        "bob_sees": "Bob lo verá.",
        "bob_confirms": "Bob puede confirmarla.",
        "saved": "Guardado. Actualizamos quién puede verlo.",
        "refused": "Bob no podría ver esta promesa, así que nunca podría confirmarla.",
        "save": "Guardar",
    },
}


def _no_sideways_scroll(page):
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_an_older_private_promise_is_shared_with_the_person_promised(
    new_page, assert_accessible, time_machine, language, viewport
):
    words = WORDS[language]
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=True)
    alice_user = make_user("alice")
    alice_user.language = language
    alice_user.save(update_fields=["language"])
    alice = create_circle(alice_user, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    bob = join(alice.circle, make_user("bob"), Member.Role.PARTNER, joined_at=start)
    carol = join(alice.circle, make_user("carol"), Member.Role.PARENT, joined_at=start)
    # Made before "the people promised see it" was the rule: only its maker sees it.
    promise = new_promise(alice, [bob], audience="only_me", what="Call Mum on Sunday")
    detail = f"/c/{alice.circle_id}/promises/{promise.pk}/"
    audience = f"{detail}audience/"

    page = new_page(viewport=viewport)
    log_in(page, "alice@example.test")
    other = new_page()
    log_in(other, "carol@example.test")
    assert other.goto(audience).status == 404  # like a promise that does not exist

    time_machine.move_to(start + timedelta(minutes=20), tick=True)  # past the password window
    page.goto(detail)
    notice = page.locator(".entry-audience .self-reported")
    expect(notice).to_be_visible()
    assert_accessible(page)
    if viewport == PHONE:
        SHOTS.mkdir(exist_ok=True)
        notice.screenshot(path=str(SHOTS / f"promise-audience-notice-{language}-390.png"))
    notice.get_by_role("link", name=words["share"]).click()
    page.wait_for_url(re.compile(re.escape(audience) + "$"))
    box = page.locator("#who-sees")
    expect(box).to_contain_text(words["only_you"])
    assert_accessible(page)
    page.locator('input[name="audience"][value="addressed"]').check()
    expect(box).to_contain_text(words["bob_sees"])
    expect(box).to_contain_text(words["bob_confirms"])
    if viewport == PHONE:
        page.screenshot(path=str(SHOTS / f"promise-audience-{language}-390.png"), full_page=True)
        _no_sideways_scroll(page)
        page.set_viewport_size(PHONE)

    page.get_by_role("button", name=words["save"], exact=True).click()
    page.wait_for_url(re.compile("/reauthenticate/"))
    assert Promise.objects.get().audience == Audience.ONLY_ME
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.locator(".entry-audience")).to_contain_text(words["bob_confirms"])
    expect(page.locator(".self-reported")).to_have_count(0)
    assert_accessible(page)
    assert list(Promise.objects.get().chosen.all()) == [bob]

    # Narrowing it away from Bob is refused, and the page says why.
    page.get_by_role("link", name=words["change"]).click()
    page.wait_for_url(re.compile(re.escape(audience) + "$"))
    page.locator('input[name="audience"][value="chosen"]').check()
    page.locator(f'input[name="chosen"][value="{bob.pk}"]').uncheck()  # ticked: he sees it now
    page.locator(f'input[name="chosen"][value="{carol.pk}"]').check()
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.get_by_text(words["refused"])).to_be_visible()
    assert list(Promise.objects.get().chosen.all()) == [bob]
    assert_accessible(page)
    if viewport == PHONE:
        page.screenshot(path=str(SHOTS / f"promise-audience-refused-{language}-390.png"), full_page=True)
        _no_sideways_scroll(page)
