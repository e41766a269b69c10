"""Start-up checks: a missing, malformed or wrong encryption key stops Mend (and the refusal
that mend/wsgi.py runs for every start-up check that must stop a server)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from lib import crypto

TAG = "mend_crypto"


@checks.register(TAG)
def check_key_ring(app_configs=None, **kwargs):
    try:
        ring = crypto.configured_ring()
    except crypto.KeyRingError as error:
        return [
            checks.Error(
                f"Encryption keys are not usable: {error}.",
                hint="Set MEND_ENCRYPTION_KEYS to id:base64key pairs, newest first "
                "(`python manage.py encryption_key new` prints one). See docs/operators.md.",
                id="mend.E001",
            )
        ]
    return _check_canaries(ring)


def _check_canaries(ring: crypto.KeyRing):
    from lib.models import CANARY_TEXT, KeyCanary

    errors = []
    try:
        canaries = list(KeyCanary.objects.all())
    except DatabaseError:
        return []  # not migrated yet: nothing has been sealed, so no key can be wrong
    for canary in canaries:
        if canary.key_id not in ring.ids():
            errors.append(
                checks.Error(
                    f"Encryption key {canary.key_id!r} is missing from MEND_ENCRYPTION_KEYS, "
                    "but data sealed with it may exist.",
                    hint="Put the key back, or run `manage.py rotate_encryption_key` while "
                    "it is still configured.",
                    id="mend.E002",
                )
            )
            continue
        try:
            opened = canary.sealed
        except crypto.DecryptionError:
            opened = None
        if opened != CANARY_TEXT:
            errors.append(
                checks.Error(
                    f"Encryption key {canary.key_id!r} is not the key this database was sealed with.",
                    hint="Restore the original value of that key in MEND_ENCRYPTION_KEYS.",
                    id="mend.E003",
                )
            )
    return errors


def ensure_canary() -> None:
    """Seal the canary for the current key if it has none yet."""
    from lib.models import CANARY_TEXT, KeyCanary

    ring = crypto.configured_ring()
    if not KeyCanary.objects.filter(key_id=ring.current_id).exists():
        KeyCanary.objects.create(key_id=ring.current_id, sealed=CANARY_TEXT)


def refuse_to_start_without_keys() -> None:
    """Raise SystemCheckError at process start if the key ring checks fail."""
    refuse_to_start(TAG)


def refuse_to_start(*tags: str) -> None:
    """Raise SystemCheckError at process start if a check with one of these tags fails.

    A WSGI server runs no system checks of its own, so mend/wsgi.py calls this.
    """
    from django.core.checks import run_checks
    from django.core.management.base import SystemCheckError

    errors = [e for e in run_checks(tags=list(tags)) if e.is_serious()]
    if errors:
        raise SystemCheckError("\n".join(f"{e.id}: {e.msg} {e.hint or ''}" for e in errors))


def seal_canary_after_migrate(sender, **kwargs) -> None:
    """Seal a canary for the current key, so a wrong key is caught at the next start."""
    ensure_canary()
