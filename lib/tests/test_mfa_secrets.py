"""MFA secrets are stored sealed by Mend's encryption, never in plaintext (SECURITY.md check 9)."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.core.cache import cache

from accounts.adapters import MFA_PLACE
from lib import crypto
from lib.tests.raw import stored_authenticator_data
from tests.support import give_totp, make_user


@pytest.fixture
def dana(db):
    """A user with TOTP and recovery codes, set up the way allauth does it."""
    user = make_user("dana")
    give_totp(user)
    RecoveryCodes.activate(user)
    return user


def opened(user, kind: str, key: str) -> str:
    """What allauth itself decrypts from the user's authenticator."""
    return decrypt(Authenticator.objects.get(user=user, type=kind).data[key])


def test_the_stored_rows_hold_no_plaintext_secret_or_seed(dana):
    secret = opened(dana, Authenticator.Type.TOTP, "secret")
    seed = opened(dana, Authenticator.Type.RECOVERY_CODES, "seed")
    rows = stored_authenticator_data(dana)
    everything = "\n".join(rows.values())
    assert secret not in everything
    assert seed not in everything
    assert json.loads(rows["totp"])["secret"].startswith("mend1:test1:")
    assert json.loads(rows["recovery_codes"])["seed"].startswith("mend1:test1:")


def test_no_recovery_code_is_stored(dana):
    codes = RecoveryCodes(Authenticator.objects.get(user=dana, type=Authenticator.Type.RECOVERY_CODES))
    everything = "\n".join(stored_authenticator_data(dana).values())
    # Eight-digit codes could turn up in base64 by chance; compare whole JSON values instead.
    stored_values = {str(value) for text in everything.splitlines() for value in json.loads(text).values()}
    assert not stored_values & set(codes.generate_codes())


def test_a_known_secret_is_sealed_and_still_works_for_login(db):
    user = make_user("erin")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert secret not in stored_authenticator_data(user)["totp"]
    assert opened(user, Authenticator.Type.TOTP, "secret") == secret
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    # allauth remembers used codes in the cache, keyed by user id, which earlier tests may reuse.
    cache.clear()
    assert Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().validate_code(code)


def test_a_sealed_secret_does_not_open_as_another_field(dana):
    stored = json.loads(stored_authenticator_data(dana)["totp"])["secret"]
    assert crypto.open_sealed(crypto.configured_ring(), stored, MFA_PLACE)
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(crypto.configured_ring(), stored, crypto.binding("appreciations", "-", "text"))
