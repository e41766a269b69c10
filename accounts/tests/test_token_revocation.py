"""API tokens stop working when the account's keys change: a new password, any change to
two-step login, or "sign out everywhere". Whoever took a token with a stolen session
loses it as soon as the person takes their account back.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import activate_totp, last_link, log_in, reauthenticate
from tests.support import API, PASSWORD, api_client, make_user

ALICE = "alice@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"


@pytest.fixture
def signed_in(client, alice):
    log_in(client, ALICE)
    return client


def works(api) -> bool:
    status = api.get(f"{API}/circles").status_code
    assert status in (200, 401)
    return status == 200


def test_a_token_works_until_something_changes(alice):
    assert works(api_client(alice))


def test_changing_the_password_revokes_every_token(signed_in, alice):
    phone, laptop = api_client(alice), api_client(alice)
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert signed_in.post(reverse("account_change_password"), data).status_code == 302
    assert not works(phone) and not works(laptop)
    assert works(api_client(alice))  # a token made afterwards works


def test_setting_a_first_password_revokes_every_token(client, alice):
    alice.set_unusable_password()
    alice.save()
    client.force_login(alice)
    phone = api_client(alice)
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(reverse("account_set_password"), data).status_code == 302
    assert not works(phone)


def test_resetting_the_password_revokes_every_token(client, alice):
    phone = api_client(alice)
    client.post(reverse("account_reset_password"), {"email": ALICE})
    form = client.get(last_link(ALICE))["Location"]
    client.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert alice.__class__.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)
    assert not works(phone)


def test_signing_out_everywhere_revokes_every_token(signed_in, alice):
    phone = api_client(alice)
    assert signed_in.post(reverse("usersessions_list")).status_code == 302
    assert not works(phone)


def test_signing_out_everywhere_leaves_other_peoples_tokens(signed_in, alice):
    bob = api_client(make_user("bob"))
    signed_in.post(reverse("usersessions_list"))
    assert works(bob)


@pytest.mark.usefixtures("still_clock")
def test_turning_on_two_step_login_revokes_every_token(signed_in, alice, django_capture_on_commit_callbacks):
    phone = api_client(alice)
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        activate_totp(signed_in)
    assert not works(phone)


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize("change", ["mfa_deactivate_totp", "mfa_generate_recovery_codes"])
def test_turning_off_two_step_login_or_new_codes_revoke_every_token(
    signed_in, alice, change, django_capture_on_commit_callbacks
):
    activate_totp(signed_in)
    phone = api_client(alice)
    reauthenticate(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(reverse(change)).status_code == 302
    assert not works(phone)


def test_a_changed_password_elsewhere_does_not_touch_this_persons_tokens(alice):
    phone = api_client(alice)
    other = Client()
    bob = make_user("bob")
    log_in(other, bob.email)
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    other.post(reverse("account_change_password"), data)
    assert works(phone)
