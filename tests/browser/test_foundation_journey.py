"""End to end in a real Chromium: sign up, create a circle, invite, accept,
share an appreciation, check who sees it, and leave quickly."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from tests.support import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _confirm_link(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)


def sign_up(page, email, assert_accessible):
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_display_name", email.split("@")[0].title())
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))
    assert_accessible(page)
    page.goto(_confirm_link(email))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def log_in(page, email, assert_accessible):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_sign_up_invite_accept_share_and_quick_exit(new_page, assert_accessible):
    alice = new_page()
    sign_up(alice, "alice@example.test", assert_accessible)
    alice.wait_for_url(re.compile("/circles/"))
    assert_accessible(alice)
    alice.get_by_label("Name of the circle").fill("Rivera")
    alice.get_by_label("Your role in it").select_option("partner")
    alice.get_by_role("button", name="Create the circle").click()
    alice.get_by_label("Their role").select_option("recovery")
    alice.get_by_role("button", name="Make an invitation link").click()
    invitation_link = alice.locator("#invitation-link").inner_text().strip()
    assert_accessible(alice)

    bob = new_page()
    sign_up(bob, "bob@example.test", assert_accessible)
    bob.goto(invitation_link)
    assert_accessible(bob)
    bob.get_by_role("button", name="Join the circle").click()
    bob.wait_for_url(re.compile("/c/[0-9a-f-]+/$"))
    circle_url = bob.url

    alice.goto(circle_url)
    alice.get_by_role("link", name="Thank someone").click()
    assert_accessible(alice)
    alice.get_by_label("Who are you thanking?").select_option(index=1)
    alice.get_by_label("What you appreciate").fill("Thank you for calling on Sunday, like you said.")
    alice.get_by_label("The whole circle").check()
    alice.get_by_role("button", name="Save").click()
    appreciation_url = alice.url
    assert "Thank you for calling on Sunday" in alice.content()
    assert_accessible(alice)

    bob.goto(circle_url)
    assert "Thank you for calling on Sunday" in bob.content()
    assert_accessible(bob)

    make_user("carol")
    carol = new_page()
    log_in(carol, "carol@example.test", assert_accessible)
    carol.wait_for_url(re.compile("/circles/"))
    for url in (circle_url, appreciation_url):
        response = carol.goto(url)
        assert response.status == 404
        assert "Thank you for calling on Sunday" not in carol.content()
        assert_accessible(carol)

    bob.goto(circle_url)
    bob.keyboard.press("Escape")
    bob.keyboard.press("Escape")
    bob.keyboard.press("Escape")
    bob.wait_for_url(settings.MEND_QUICK_EXIT_URL)
    assert "Mend" not in bob.content()
    assert_accessible(bob)
    bob.go_back()
    assert bob.url != circle_url


def test_quick_exit_button_leaves_and_replaces_the_history_entry(new_page, live_server):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/")
    page.goto("/crisis/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(settings.MEND_QUICK_EXIT_URL)
    page.go_back()
    assert page.url.rstrip("/") == live_server.url.rstrip("/")
