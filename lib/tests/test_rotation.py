"""Key rotation: `encryption_key new` and `rotate_encryption_key`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.adapters import MFA_PLACE
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles.audience import Audience
from lib import crypto
from lib.checks import ensure_canary
from lib.models import KeyCanary
from lib.tests.raw import stored_authenticator_data, stored_text, write_stored_text

TEXTS = [f"canary-{n} thank you for the walk" for n in range(5)]


@pytest.fixture
def entries(cast):
    ensure_canary()
    RecoveryCodes.activate(cast.pat.user)
    return [record_appreciation(cast.alice, text, None, Audience.ONLY_ME) for text in TEXTS]


@pytest.fixture
def new_key(settings):
    """Put a new key "new1" first, keep the test key after it; return (new spec, old spec)."""
    old = settings.MEND_ENCRYPTION_KEYS
    new = crypto.new_key_spec("new1")
    settings.MEND_ENCRYPTION_KEYS = f"{new},{old}"
    return new, old


def rotate(**options) -> str:
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out, **options)
    return out.getvalue()


def mfa_secrets(user) -> dict[str, str]:
    """What allauth reads back: the TOTP secret and the recovery code seed."""
    rows = {row.type: row.data for row in Authenticator.objects.filter(user=user)}
    return {"secret": decrypt(rows["totp"]["secret"]), "seed": decrypt(rows["recovery_codes"]["seed"])}


def stored_mfa_values(user) -> list[str]:
    data = {kind: json.loads(text) for kind, text in stored_authenticator_data(user).items()}
    return [data["totp"]["secret"], data["recovery_codes"]["seed"]]


def test_encryption_key_new_prints_a_usable_key():
    out, err = StringIO(), StringIO()
    call_command("encryption_key", "new", "--id", "k7", stdout=out, stderr=err)
    spec = out.getvalue().strip()
    assert crypto.parse_key_ring(spec).current_id == "k7"
    assert "MEND_ENCRYPTION_KEYS" in err.getvalue()


def test_encryption_key_new_refuses_a_bad_id():
    with pytest.raises(CommandError):
        call_command("encryption_key", "new", "--id", "bad-id", stdout=StringIO(), stderr=StringIO())


def test_rotation_reseals_everything_under_the_new_key(settings, cast, entries, new_key):
    secrets_before = mfa_secrets(cast.pat.user)
    output = rotate(batch_size=2)  # several batches, and a short last one
    assert "appreciations.Appreciation.text: 5 re-sealed" in output
    assert "mfa.Authenticator.data: 2 re-sealed" in output
    for entry in entries:
        assert stored_text(entry).startswith("mend1:new1:")
    assert all(value.startswith("mend1:new1:") for value in stored_mfa_values(cast.pat.user))
    assert "No stored value uses key(s) test1 any more" in output
    assert "canary" not in output

    # The old key can now leave the environment: everything still opens.
    settings.MEND_ENCRYPTION_KEYS = new_key[0]
    assert [Appreciation.objects.get(pk=e.pk).text for e in entries] == TEXTS
    assert mfa_secrets(cast.pat.user) == secrets_before
    assert list(KeyCanary.objects.values_list("key_id", flat=True)) == ["new1"]
    assert KeyCanary.objects.get().sealed == "mend key check"


def test_running_twice_changes_nothing_the_second_time(cast, entries, new_key):
    rotate()
    stored = [stored_text(e) for e in entries] + stored_mfa_values(cast.pat.user)
    output = rotate()
    assert "appreciations.Appreciation.text: 0 re-sealed, 5 already under new1" in output
    assert "mfa.Authenticator.data: 0 re-sealed, 2 already under new1" in output
    assert [stored_text(e) for e in entries] + stored_mfa_values(cast.pat.user) == stored


def test_without_a_new_key_nothing_is_rewritten_and_no_key_is_removable(entries):
    before = [stored_text(e) for e in entries]
    output = rotate()
    assert "0 re-sealed" in output
    assert "No old key can be removed" in output
    assert [stored_text(e) for e in entries] == before
    assert KeyCanary.objects.filter(key_id="test1").exists()


def test_a_value_that_does_not_open_stops_the_rotation(settings, entries, new_key):
    write_stored_text(entries[1], stored_text(entries[0]))  # copied into the wrong row
    with pytest.raises(CommandError, match="does not open"):
        rotate()
    # The old key is still needed, so its canary stays.
    assert KeyCanary.objects.filter(key_id="test1").exists()


def test_a_missing_key_ring_stops_the_rotation(settings, entries):
    settings.MEND_ENCRYPTION_KEYS = ""
    with pytest.raises(CommandError, match="not usable"):
        rotate()


def test_migrated_recovery_codes_are_resealed(cast, entries, new_key):
    # Codes carried over from another MFA package, sealed with the old key.
    old_ring = crypto.parse_key_ring(new_key[1])
    row = Authenticator.objects.get(user=cast.pat.user, type=Authenticator.Type.RECOVERY_CODES)
    row.data["migrated_codes"] = [crypto.seal(old_ring, code, MFA_PLACE) for code in ("12345678", "87654321")]
    row.save()
    rotate()
    row.refresh_from_db()
    assert all(code.startswith("mend1:new1:") for code in row.data["migrated_codes"])
    assert RecoveryCodes(row).get_unused_codes() == ["12345678", "87654321"]
