"""A change of password, email address or two-step login is mailed to the person, in
their language, at the old and the new address: if it was not them, they hear of it
while they can still take the account back.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import (
    activate_totp,
    last_link,
    log_in,
    pending_totp_secret,
    reauthenticate,
)
from tests.support import PASSWORD, api_client

ALICE = "alice@example.test"
NEW_ADDRESS = "alice.new@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"


@pytest.fixture
def signed_in(client, alice):
    log_in(client, ALICE)
    mail.outbox.clear()
    return client


def notices_to(address: str) -> list:
    """Mail saying something changed: it points to the reset page, not to a one-time link."""
    return [
        m
        for m in mail.outbox
        if m.to == [address] and "/accounts/password/reset/" in m.body and "/key/" not in m.body
    ]


def change_password(client):
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(reverse("account_change_password"), data).status_code == 302


def test_a_password_change_is_mailed_with_what_when_and_what_to_do(signed_in):
    change_password(signed_in)
    (notice,) = notices_to(ALICE)
    assert notice.subject == "Mend: Your password was changed"
    assert "Your Mend password was changed on" in notice.body
    assert "UTC" in notice.body  # the time, in the person's own time zone
    assert "If this was you, there is nothing more to do." in notice.body
    # In development without MEND_SITE_URL (as here), links follow the address served.
    assert "http://testserver" + reverse("account_reset_password") in notice.body
    assert NEW_PASSWORD not in notice.body and PASSWORD not in notice.body


def test_the_notice_says_apps_were_disconnected_only_when_they_were(signed_in, alice):
    change_password(signed_in)
    assert "personal access token" not in notices_to(ALICE)[0].body
    api_client(alice)
    mail.outbox.clear()
    data = {"oldpassword": NEW_PASSWORD, "password1": PASSWORD + "x", "password2": PASSWORD + "x"}
    signed_in.post(reverse("account_change_password"), data)
    assert "personal access token" in notices_to(ALICE)[0].body


def test_a_password_reset_is_mailed(client, alice):
    client.post(reverse("account_reset_password"), {"email": ALICE})
    form = client.get(last_link(ALICE))["Location"]
    client.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    (notice,) = notices_to(ALICE)
    assert notice.subject == "Mend: Your password was changed"


def test_the_notice_is_in_the_persons_language(signed_in, alice):
    alice.language = "es"
    alice.time_zone = "America/Mexico_City"
    alice.save()
    change_password(signed_in)
    (notice,) = notices_to(ALICE)
    assert notice.subject == "Mend: Tu contraseña cambió"
    assert "Si fuiste tú, no tienes que hacer nada más." in notice.body
    assert "America/Mexico_City" in notice.body


@pytest.mark.usefixtures("still_clock")
def test_turning_two_step_login_on_sends_one_notice(signed_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reauthenticate(signed_in)
        signed_in.get(reverse("mfa_activate_totp"))
        secret = pending_totp_secret(signed_in)
        mail.outbox.clear()
        activate_totp(signed_in)
    (notice,) = notices_to(ALICE)  # not a second one for the recovery codes made with it
    assert notice.subject == "Mend: Two-step login was turned on"
    assert secret not in notice.body


@pytest.mark.usefixtures("still_clock")
def test_turning_two_step_login_on_says_apps_were_disconnected(
    signed_in, alice, django_capture_on_commit_callbacks
):
    api_client(alice)
    log_in(Client(), ALICE)  # another session, which is ended too
    with django_capture_on_commit_callbacks(execute=True):
        activate_totp(signed_in)
    (notice,) = notices_to(ALICE)
    assert "personal access token" in notice.body


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize(
    ("change", "subject"),
    [
        ("mfa_deactivate_totp", "Mend: Two-step login was turned off"),
        ("mfa_generate_recovery_codes", "Mend: New recovery codes were made"),
    ],
)
def test_turning_two_step_login_off_or_new_codes_send_one_notice(
    signed_in, change, subject, django_capture_on_commit_callbacks
):
    activate_totp(signed_in)
    reauthenticate(signed_in)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse(change))
    (notice,) = notices_to(ALICE)  # one, though the recovery codes go with the app
    assert notice.subject == subject
    codes = signed_in.get(reverse("mfa_view_recovery_codes")).context.get("unused_codes") or []
    assert not any(code in notice.body for code in codes)


def add_address(client, address: str = NEW_ADDRESS):
    assert client.post(reverse("account_email"), {"action_add": "", "email": address}).status_code == 302


def test_adding_an_address_is_mailed_to_the_address_already_there(signed_in):
    add_address(signed_in)
    (notice,) = notices_to(ALICE)
    assert notice.subject == "Mend: An email address was added to your account"
    assert NEW_ADDRESS in notice.body
    assert notices_to(NEW_ADDRESS) == []  # the new address gets its confirmation link instead


def test_changing_the_main_address_is_mailed_to_the_old_and_the_new_address(signed_in, alice):
    add_address(signed_in)
    signed_in.post(last_link(NEW_ADDRESS))
    mail.outbox.clear()
    response = signed_in.post(reverse("account_email"), {"action_primary": "", "email": NEW_ADDRESS})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == NEW_ADDRESS
    for address in (ALICE, NEW_ADDRESS):
        (notice,) = notices_to(address)
        assert notice.subject == "Mend: Your email address was changed"
        assert ALICE in notice.body and NEW_ADDRESS in notice.body


def test_removing_an_address_is_mailed_to_it_and_to_the_address_that_stays(signed_in):
    add_address(signed_in)
    signed_in.post(last_link(NEW_ADDRESS))
    mail.outbox.clear()
    signed_in.post(reverse("account_email"), {"action_remove": "", "email": NEW_ADDRESS})
    for address in (ALICE, NEW_ADDRESS):
        (notice,) = notices_to(address)
        assert notice.subject == "Mend: An email address was removed from your account"


def test_signing_up_sends_no_notice(client, db):
    data = {
        "display_name": "Dana",
        "email": "dana@example.test",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    client.post(reverse("account_signup"), data)
    client.post(last_link("dana@example.test"))
    assert notices_to("dana@example.test") == []


def test_a_mail_server_that_fails_does_not_undo_or_break_the_change(signed_in, alice, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("accounts.notices.send_mail", refuse)
    change_password(signed_in)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert ALICE not in caplog.text and "could not be sent" in caplog.text


def test_links_in_a_notice_use_the_configured_site_address(signed_in, settings):
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "https://mend.example.org/", False
    change_password(signed_in)
    (notice,) = notices_to(ALICE)
    assert "https://mend.example.org" + reverse("account_reset_password") in notice.body
    assert "testserver" not in notice.body
