"""Two-step login with TOTP and recovery codes, and the professional's duty to keep it on."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.adapters import MendMFAAdapter
from accounts.tests.helpers import (
    TOTP_FRIENDLY_MOMENT,
    activate_totp,
    is_signed_in,
    log_in,
    reauthenticate,
    totp_code,
)
from lib import crypto
from tests.support import make_user

ALICE = "alice@example.test"


@pytest.fixture(autouse=True)
def _still_clock(time_machine):
    time_machine.move_to(TOTP_FRIENDLY_MOMENT, tick=False)


def recovery_codes(client) -> list[str]:
    return client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]


def enter_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


@pytest.fixture
def alice_with_totp(db) -> tuple[str, list[str]]:
    """Alice, who turned on two-step login herself: her secret and recovery codes."""
    make_user("alice")
    setup = Client()
    log_in(setup, ALICE)
    secret = activate_totp(setup)
    return secret, recovery_codes(setup)


def test_activating_totp_through_the_page_stores_an_authenticator(client, db):
    make_user("alice")
    log_in(client, ALICE)
    activate_totp(client)
    assert Authenticator.objects.filter(user__email=ALICE, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_code_does_not_activate_totp(client, db):
    make_user("alice")
    log_in(client, ALICE)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user__email=ALICE).exists()


def test_totp_secret_and_recovery_seed_are_stored_sealed(alice_with_totp):
    secret, _codes = alice_with_totp
    stored = {a.type: a.data for a in Authenticator.objects.filter(user__email=ALICE)}
    assert crypto.is_sealed(stored[Authenticator.Type.TOTP]["secret"])
    assert secret not in str(stored)
    assert crypto.is_sealed(stored[Authenticator.Type.RECOVERY_CODES]["seed"])
    assert MendMFAAdapter().decrypt(stored[Authenticator.Type.TOTP]["secret"]) == secret


def test_recovery_codes_are_generated_with_totp(alice_with_totp):
    _secret, codes = alice_with_totp
    assert len(codes) >= 10
    assert len(set(codes)) == len(codes)


def test_generating_new_recovery_codes_retires_the_old_ones(client, alice_with_totp):
    secret, old_codes = alice_with_totp
    log_in(client, ALICE)
    enter_code(client, totp_code(secret))
    reauthenticate(client)
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    new_codes = recovery_codes(client)
    assert set(new_codes).isdisjoint(old_codes)
    other = Client()
    log_in(other, ALICE)
    assert enter_code(other, old_codes[0]).status_code == 200
    assert not is_signed_in(other)


def test_password_alone_no_longer_signs_in(client, alice_with_totp):
    response = log_in(client, ALICE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)


def test_password_and_current_code_sign_in(client, alice_with_totp):
    secret, _codes = alice_with_totp
    log_in(client, ALICE)
    response = enter_code(client, totp_code(secret))
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_code_is_refused(client, alice_with_totp):
    secret, _codes = alice_with_totp
    log_in(client, ALICE)
    wrong = totp_code(secret, offset=10)
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_a_totp_code_works_only_once(client, alice_with_totp):
    secret, _codes = alice_with_totp
    code = totp_code(secret)
    log_in(client, ALICE)
    enter_code(client, code)
    attacker = Client()
    log_in(attacker, ALICE)
    response = enter_code(attacker, code)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not is_signed_in(attacker)


def test_a_recovery_code_signs_in(client, alice_with_totp):
    _secret, codes = alice_with_totp
    log_in(client, ALICE)
    response = enter_code(client, codes[0])
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_recovery_code_works_only_once(client, alice_with_totp):
    _secret, codes = alice_with_totp
    log_in(client, ALICE)
    enter_code(client, codes[0])
    again = Client()
    log_in(again, ALICE)
    response = enter_code(again, codes[0])
    assert response.status_code == 200
    assert not is_signed_in(again)


def deactivate(client):
    reauthenticate(client)
    return client.post(reverse("mfa_deactivate_totp"))


def test_a_member_who_is_not_a_professional_can_turn_totp_off(client, alice_with_totp):
    secret, _codes = alice_with_totp
    log_in(client, ALICE)
    enter_code(client, totp_code(secret))
    response = deactivate(client)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user__email=ALICE, type=Authenticator.Type.TOTP).exists()


def test_a_professional_cannot_turn_totp_off(client, cast):
    totp = Authenticator.objects.get(user=cast.pat.user, type=Authenticator.Type.TOTP)
    secret = MendMFAAdapter().decrypt(totp.data["secret"])
    log_in(client, "pat@example.test")
    enter_code(client, totp_code(secret))
    response = deactivate(client)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Authenticator.objects.filter(pk=totp.pk).exists()


def test_the_adapter_refuses_to_delete_a_professionals_totp(cast):
    totp = Authenticator.objects.get(user=cast.pat.user, type=Authenticator.Type.TOTP)
    assert MendMFAAdapter().can_delete_authenticator(totp) is False


def test_a_professional_without_totp_is_sent_to_turn_it_on(cast, login):
    Authenticator.objects.filter(user=cast.pat.user).delete()
    response = login(cast.pat).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_professional_with_totp_opens_the_circle(cast, login):
    response = login(cast.pat).get(reverse("workspace:circle", args=[cast.circle.pk]))
    assert response.status_code == 200
