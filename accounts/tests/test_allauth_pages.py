"""allauth's pages render inside Mend's own shell (templates/allauth/layouts/base.html)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.helpers import log_in
from tests.crawl import tags
from tests.support import make_user

SIGNED_OUT = ["account_login", "account_signup", "account_reset_password"]
SIGNED_IN = ["mfa_index", "usersessions_list", "account_change_password", "account_email"]


@pytest.fixture
def alice_client(client, db):
    make_user("alice")
    log_in(client, "alice@example.test")
    return client


def in_mend_shell(response) -> bool:
    main = tags(response, "main")
    quick_exit = [a for a in tags(response, "a") if a.get("id") == "quick-exit"]
    return response.status_code == 200 and main[0].get("class") == "narrow" and len(quick_exit) == 1


@pytest.mark.parametrize("name", SIGNED_OUT)
def test_signed_out_allauth_pages_use_the_mend_shell(client, db, name):
    assert in_mend_shell(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_allauth_pages_use_the_mend_shell(alice_client, name):
    assert in_mend_shell(alice_client.get(reverse(name)))


def test_allauths_own_scripts_still_load_on_the_email_page(alice_client):
    sources = [script.get("src") for script in tags(alice_client.get(reverse("account_email")), "script")]
    assert "/static/account/js/account.js" in sources
