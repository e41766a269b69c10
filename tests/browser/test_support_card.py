"""The support card on a phone (390 px) in a real Chromium: a crisis-tier overdose card
in English, a violence card in Spanish for someone who may be in danger at home, and the
crisis page opened at the member's country. Each is checked with axe, and screenshots
are kept in var/screenshots/ (or MEND_SCREENSHOTS) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

import coach
from circles.logic import create_circle
from circles.models import Member
from coach_web import screen
from tests.browser.helpers import log_in
from tests.support import join, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("MEND_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"))
TEXT = "A note the card must never repeat"


def _found(monkeypatch, **safety):
    result = coach.Crisis(**safety)
    monkeypatch.setattr(screen, "assess", lambda texts, lang: result)


def _write(page, circle):
    page.goto(f"{circle}/appreciations/new/")
    page.locator("#id_text").fill(TEXT)
    page.locator("input[name=audience][value=circle]").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_the_support_card_on_a_phone(new_page, assert_accessible, monkeypatch):
    alice_user = make_user("alice")
    alice_member = create_circle(alice_user, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    join(alice_member.circle, make_user("bob"), Member.Role.PARTNER)
    circle = f"/c/{alice_member.circle_id}"

    alice = new_page(viewport=PHONE)
    log_in(alice, "alice@example.test")

    # Overdose, crisis tier, English: the first thing on the card is the call to make.
    _found(monkeypatch, category="overdose", tier="crisis", about="other")
    _write(alice, circle)
    card = alice.get_by_role("alert")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading", level=2)).to_have_text("If someone may have overdosed, call 911 now")
    first_call = card.get_by_role("link", name="Call 911").first
    expect(first_call).to_be_visible()
    assert first_call.bounding_box()["y"] < PHONE["height"], "the first call is on the first screen"
    assert first_call.bounding_box()["height"] >= 44
    expect(card).to_contain_text("naloxone")
    expect(card).to_contain_text("1-800-222-1222")
    assert TEXT not in card.inner_text()
    _shot(alice, "support-card-overdose-crisis-en-390.png")
    assert_accessible(alice)

    # Violence, the writer at risk, in Spanish.
    alice_user.language = "es"
    alice_user.save()
    _found(monkeypatch, category="violence", tier="crisis", about="self", also=("self_harm",))
    _write(alice, circle)
    card = alice.get_by_role("alert")
    expect(card.get_by_role("heading", level=2)).to_have_text("Tu seguridad es lo primero")
    expect(card.get_by_role("link", name="Llamar al 911")).to_be_visible()
    expect(card.get_by_role("link", name="Enviar START al 88788")).to_be_visible()
    expect(card.get_by_role("link", name="Enviar AYUDA al 988")).to_be_visible()
    expect(card).to_contain_text("Por teléfono te atienden en español")
    expect(card.get_by_role("link", name="Sentirse seguro/a", exact=False)).to_have_attribute(
        "href", f"{circle}/safety/"
    )
    _shot(alice, "support-card-violence-self-es-390.png")
    assert_accessible(alice)

    # Shown once: the next page is calm again.
    alice.goto(f"{circle}/appreciations/")
    expect(alice.locator(".safety-card")).to_have_count(0)

    # The card's link opens the crisis page at the member's country (here with no JavaScript needed).
    alice_user.country = "MX"
    alice_user.save()
    _found(monkeypatch, category="self_harm", tier="concern", about="self")
    _write(alice, circle)
    status = alice.get_by_role("status").filter(has_text="¿Estás bien?")
    expect(status).to_be_visible()
    status.get_by_role("link", name="Más líneas, también de otros países").click()
    alice.wait_for_url("**/crisis/?country=MX&lang=es")
    expect(alice.locator("h2").first).to_have_text("México")
    expect(alice.get_by_role("link", name="Llamar al 800 911 2000")).to_be_visible()
    _shot(alice, "crisis-page-mx-es-390.png")
    assert_accessible(alice)

    # Unsure: one quiet line with the first call to make, not a card that takes the page.
    alice_user.language, alice_user.country = "en", "US"
    alice_user.save()
    _found(monkeypatch, category="self_harm", tier="notice", about="other")
    _write(alice, circle)
    notice = alice.locator(".safety-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text("If anyone is in danger, help is one tap away")
    expect(notice.get_by_role("link", name="Call 988")).to_be_visible()  # the gentlest line that fits
    expect(notice.get_by_role("link", name="More help")).to_have_attribute(
        "href", "/crisis/?country=US&lang=en"
    )
    expect(alice.locator(".safety-card")).to_have_count(0)
    assert notice.bounding_box()["height"] < 260, "a notice stays small"
    assert TEXT not in notice.inner_text()
    _shot(alice, "support-notice-en-390.png")
    assert_accessible(alice)

    # Bob, who can read the entry, never sees a card.
    bob = new_page(viewport=PHONE)
    log_in(bob, "bob@example.test")
    bob.goto(f"{circle}/appreciations/")
    expect(bob.get_by_text(TEXT).first).to_be_visible()
    expect(bob.locator(".safety-card")).to_have_count(0)
