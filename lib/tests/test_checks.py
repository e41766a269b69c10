"""Start-up checks: a missing, malformed or wrong key stops Mend (SECURITY.md check 11)."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.management.base import SystemCheckError
from django.core.management.sql import emit_post_migrate_signal

from lib import crypto
from lib.checks import TAG, ensure_canary, refuse_to_start_without_keys
from lib.models import KeyCanary
from lib.tests.raw import OTHER_KEY, WRONG_TEST1

BAD_RINGS = {
    "empty": ("", "mend.E001"),
    "malformed": ("test1:not-a-256-bit-key", "mend.E001"),
    "no id": (f":{OTHER_KEY}", "mend.E001"),
    "wrong key, same id": (WRONG_TEST1, "mend.E003"),
    "key of the canary missing": (f"other1:{OTHER_KEY}", "mend.E002"),
}


@pytest.fixture
def canary(db):
    """The canary for the test key, as post_migrate leaves it."""
    ensure_canary()
    return KeyCanary.objects.get(key_id="test1")


def error_ids() -> list[str]:
    return [message.id for message in run_checks(tags=[TAG]) if message.is_serious()]


def test_the_right_key_passes(canary):
    assert error_ids() == []
    refuse_to_start_without_keys()


@pytest.mark.parametrize(("keys", "expected"), list(BAD_RINGS.values()), ids=list(BAD_RINGS))
def test_a_bad_ring_is_an_error(settings, canary, keys, expected):
    settings.MEND_ENCRYPTION_KEYS = keys
    assert error_ids() == [expected]


@pytest.mark.parametrize("keys", [keys for keys, _ in BAD_RINGS.values()], ids=list(BAD_RINGS))
def test_a_bad_ring_refuses_to_start(settings, canary, keys):
    settings.MEND_ENCRYPTION_KEYS = keys
    with pytest.raises(SystemCheckError):
        refuse_to_start_without_keys()


def test_the_error_names_no_key_material(settings, canary):
    settings.MEND_ENCRYPTION_KEYS = WRONG_TEST1
    with pytest.raises(SystemCheckError) as raised:
        refuse_to_start_without_keys()
    assert OTHER_KEY not in str(raised.value)


def test_a_new_key_first_with_the_old_one_kept_passes(settings, canary):
    settings.MEND_ENCRYPTION_KEYS = f"{crypto.new_key_spec('next1')},{settings.MEND_ENCRYPTION_KEYS}"
    assert error_ids() == []


def test_a_canary_sealed_with_another_key_is_caught(settings, canary):
    # Someone replaced the key of "test1" after the canary was sealed.
    settings.MEND_ENCRYPTION_KEYS = WRONG_TEST1
    KeyCanary.objects.all().delete()
    ensure_canary()
    settings.MEND_ENCRYPTION_KEYS = crypto.new_key_spec("test1")
    assert error_ids() == ["mend.E003"]


def test_migrate_seals_a_canary_for_the_current_key(db):
    KeyCanary.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert KeyCanary.objects.filter(key_id="test1").exists()
