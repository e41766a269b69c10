"""Sign-up with email verification, logout, password reset and password change."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import SESSION_COOKIE, is_signed_in, last_link, log_in
from tests.support import PASSWORD, make_user

NEW_EMAIL = "dana@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"


def sign_up(client, email: str = NEW_EMAIL):
    data = {"display_name": "Dana", "email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(reverse("account_signup"), data)


def test_sign_up_sends_one_verification_mail_and_waits_for_it(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [[NEW_EMAIL]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not is_signed_in(client)


def test_opening_the_mailed_link_does_not_verify_by_itself(client, db):
    sign_up(client)
    response = client.get(last_link(NEW_EMAIL))
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert not EmailAddress.objects.get(email=NEW_EMAIL).verified


def test_confirming_the_mailed_link_verifies_and_signs_in(client, db):
    sign_up(client)
    response = client.post(last_link(NEW_EMAIL))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=NEW_EMAIL).verified
    assert is_signed_in(client)


def test_login_before_verification_shows_the_verification_page(client, db):
    sign_up(Client())
    response = log_in(client, NEW_EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(client)


def test_login_after_verification_works(client, db):
    sign_up(client)
    client.post(last_link(NEW_EMAIL))
    client.post(reverse("account_logout"))
    response = log_in(client, NEW_EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)


def test_logout_by_post_deletes_the_session_on_the_server(client, db):
    make_user("alice")
    log_in(client, "alice@example.test")
    old_key = client.cookies[SESSION_COOKIE].value
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not SessionStore().exists(old_key)
    replay = Client()
    replay.cookies[SESSION_COOKIE] = old_key
    assert not is_signed_in(replay)


def test_logout_by_get_only_asks_for_confirmation(client, db):
    make_user("alice")
    log_in(client, "alice@example.test")
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert is_signed_in(client)


def reset_password(client, email: str, new_password: str):
    client.post(reverse("account_reset_password"), {"email": email})
    response = client.get(last_link(email))
    assert response.status_code == 302  # allauth moves the key out of the URL
    data = {"password1": new_password, "password2": new_password}
    return client.post(response["Location"], data)


def test_password_reset_mail_sets_a_new_password(client, db):
    make_user("alice")
    response = reset_password(client, "alice@example.test", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert log_in(Client(), "alice@example.test", NEW_PASSWORD)["Location"] == reverse("home")


def test_old_password_stops_working_after_a_reset(client, db):
    make_user("alice")
    reset_password(client, "alice@example.test", NEW_PASSWORD)
    refused = log_in(Client(), "alice@example.test", PASSWORD)
    assert refused.status_code == 200
    assert "not correct" in refused.content.decode()


def test_reset_link_works_only_once(client, db):
    make_user("alice")
    reset_password(client, "alice@example.test", NEW_PASSWORD)
    response = Client().get(last_link("alice@example.test"), follow=True)
    assert response.context["token_fail"] is True


def test_changing_the_password_ends_other_sessions_but_not_this_one(client, db):
    make_user("alice")
    elsewhere = Client()
    log_in(elsewhere, "alice@example.test")
    log_in(client, "alice@example.test")
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(reverse("account_change_password"), data)
    assert response.status_code == 302
    assert is_signed_in(client)
    assert not is_signed_in(elsewhere)


def test_signing_up_with_a_taken_email_looks_like_a_new_sign_up(client, db):
    make_user("alice")
    response = sign_up(client, "alice@example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["alice@example.test"]]  # told, not the stranger


def test_a_long_passphrase_is_accepted(client, db):
    passphrase = "the quiet harbour lantern keeps burning through the night " * 3
    data = {"display_name": "Dana", "email": NEW_EMAIL, "password1": passphrase, "password2": passphrase}
    assert client.post(reverse("account_signup"), data).status_code == 302


def test_a_password_built_from_the_service_name_is_refused(client, db):
    data = {
        "display_name": "Dana",
        "email": NEW_EMAIL,
        "password1": "Mend-mend-2024!",
        "password2": "Mend-mend-2024!",
    }
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert "mend" in str(response.context["form"].errors["password1"])
