"""`manage.py rotate_encryption_key`: re-seal every encrypted value under the current key.

Run it after putting a new key first in MEND_ENCRYPTION_KEYS (old keys still
listed after it) and restarting the application. Every EncryptedTextField value
and every MFA secret is opened and, unless it is already under the current key,
sealed again; key canaries of keys no stored value uses any more are deleted,
and those key ids are reported as safe to remove from the environment.

It is safe to run twice, or again after an interruption: values already under
the current key are only checked, not rewritten. Any value that does not open
stops the command (SECURITY.md check 11: nothing is skipped or guessed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from lib import crypto
from lib.checks import ensure_canary
from lib.fields import EncryptedTextField
from lib.models import KeyCanary

BATCH_SIZE = 500
MFA_LABEL = "mfa.Authenticator.data"

# The entries of allauth's Authenticator.data that hold MFA-adapter ciphertext,
# per authenticator type (allauth/mfa/totp/internal/auth.py and
# allauth/mfa/recovery_codes/internal/auth.py); "migrated_codes" is a list.
MFA_SEALED_KEYS = {"totp": ("secret",), "recovery_codes": ("seed", "migrated_codes")}


@dataclass
class Tally:
    """How many values of one place were re-sealed, and how many were already current."""

    resealed: int = 0
    current: int = 0


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every concrete model with its own EncryptedTextFields, except the key canaries.

    A canary must stay sealed with the key it names, so it is never re-sealed.
    """
    found = []
    for model in apps.get_models():
        if model is KeyCanary or model._meta.proxy:
            continue
        fields = [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def mfa_authenticators() -> models.QuerySet | None:
    """allauth's MFA authenticators that hold sealed secrets, if allauth.mfa is installed."""
    if not apps.is_installed("allauth.mfa"):
        return None
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(type__in=list(MFA_SEALED_KEYS))


def in_batches(queryset: models.QuerySet, size: int, handle: Callable[[models.Model], None]) -> None:
    """Call `handle` on every row, one transaction per batch of rows in primary-key order.

    Pages are fetched by primary key rather than through one long-lived cursor, so
    each batch commits on its own and no read cursor stays open across commits.
    Rows are locked while re-sealed, so a concurrent edit (a recovery code being
    used, say) is not overwritten with an older copy.
    """
    last_pk = None
    while True:
        with transaction.atomic():
            page = queryset.order_by("pk")
            if last_pk is not None:
                page = page.filter(pk__gt=last_pk)
            rows = list(page.select_for_update()[:size])
            for row in rows:
                handle(row)
        if len(rows) < size:
            return
        last_pk = rows[-1].pk


def reseal_row(
    row: models.Model, fields: list[EncryptedTextField], current_id: str, tallies: dict[str, Tally]
) -> None:
    """Open each encrypted value of `row` and seal it again if it is not under the current key."""
    changed = []
    for field in fields:
        stored = row.__dict__.get(field.attname)
        if stored in (None, ""):
            continue
        label = f"{row._meta.label}.{field.name}"
        try:
            # Attribute access opens the value; it raises if the value does not open.
            plaintext = getattr(row, field.attname)
        except crypto.DecryptionError as error:
            raise crypto.DecryptionError(f"{label} of row {row.pk}: {error}") from error
        tally = tallies[label]
        if crypto.key_id_of(stored) == current_id:
            tally.current += 1
            continue
        # A plain copy (never a Sealed str): pre_save seals it again, but passes sealed values through.
        setattr(row, field.attname, str(plaintext) if isinstance(plaintext, str) else plaintext)
        changed.append(field.attname)
        tally.resealed += 1
    if changed:
        row.save(update_fields=changed)


def reseal_mfa_value(stored: str, current_id: str, tally: Tally) -> str:
    """One MFA secret, opened and (unless already current) sealed again via the MFA adapter."""
    from allauth.mfa.utils import decrypt, encrypt

    plaintext = decrypt(stored)  # raises DecryptionError if it does not open
    if crypto.key_id_of(stored) == current_id:
        tally.current += 1
        return stored
    tally.resealed += 1
    return encrypt(plaintext)


def reseal_authenticator(row, current_id: str, tally: Tally) -> None:
    """Re-seal the secrets in one allauth Authenticator's data."""
    before = tally.resealed
    for key in MFA_SEALED_KEYS[row.type]:
        value = row.data.get(key)
        try:
            if isinstance(value, list):
                row.data[key] = [reseal_mfa_value(item, current_id, tally) for item in value]
            elif value is not None:
                row.data[key] = reseal_mfa_value(value, current_id, tally)
        except crypto.DecryptionError as error:
            raise crypto.DecryptionError(f"{MFA_LABEL}[{key!r}] of row {row.pk}: {error}") from error
    if tally.resealed != before:
        row.save(update_fields=["data"])


def stored_values() -> Iterator[str]:
    """Every sealed value in the database, except the key canaries."""
    for model, fields in encrypted_models():
        for field in fields:
            column = model._base_manager.exclude(**{f"{field.attname}__isnull": True})
            yield from (v for v in column.values_list(field.attname, flat=True).iterator() if v)
    authenticators = mfa_authenticators()
    if authenticators is None:
        return
    for row in authenticators.iterator():
        for key in MFA_SEALED_KEYS[row.type]:
            value = row.data.get(key)
            if isinstance(value, list):
                yield from value
            elif value is not None:
                yield value


def key_ids_in_use() -> set[str]:
    """The key ids of every stored value, read fresh from the database."""
    return {crypto.key_id_of(stored) for stored in stored_values()}


def forget_canaries(keep: Iterable[str]) -> list[str]:
    """Delete the canaries of every key id not in `keep`; return the ids removed."""
    stale = KeyCanary.objects.exclude(key_id__in=list(keep))
    removed = sorted(stale.values_list("key_id", flat=True))
    stale.delete()
    return removed


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value and MFA secret under the first key of MEND_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per transaction")

    def handle(self, *args, batch_size: int = BATCH_SIZE, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            ring = crypto.configured_ring()
        except crypto.KeyRingError as error:
            raise CommandError(f"Encryption keys are not usable: {error}") from error
        current_id = ring.current_id
        self.stdout.write(f"Sealing with key {current_id}.")
        # The canary comes first, so values sealed below are covered by the
        # start-up check even if this run is interrupted.
        ensure_canary()
        try:
            tallies = self.reseal_everything(current_id, batch_size)
        except crypto.DecryptionError as error:
            raise CommandError(
                f"Stopped: a stored value does not open ({error}). Its batch was rolled back and "
                "earlier batches are already re-sealed; restore the key it needs in "
                "MEND_ENCRYPTION_KEYS and run this again."
            ) from error
        for label, tally in tallies.items():
            self.stdout.write(
                f"{label}: {tally.resealed} re-sealed, {tally.current} already under {current_id}"
            )
        try:
            in_use = key_ids_in_use()
        except crypto.DecryptionError as error:
            raise CommandError(
                f"Stopped before removing any key check: {error} (written while this ran?)."
            ) from error
        self.report_keys(ring, in_use)

    def reseal_everything(self, current_id: str, batch_size: int) -> dict[str, Tally]:
        """Re-seal every model's encrypted fields, then the MFA secrets; return the counts."""
        tallies: dict[str, Tally] = {}
        for model, fields in encrypted_models():
            for field in fields:
                tallies[f"{model._meta.label}.{field.name}"] = Tally()
            queryset = model._base_manager.all()
            in_batches(queryset, batch_size, lambda row, f=fields: reseal_row(row, f, current_id, tallies))
        authenticators = mfa_authenticators()
        if authenticators is not None:
            tally = tallies[MFA_LABEL] = Tally()
            in_batches(authenticators, batch_size, lambda row: reseal_authenticator(row, current_id, tally))
        return tallies

    def report_keys(self, ring: crypto.KeyRing, in_use: set[str]) -> None:
        """Drop canaries of keys nothing uses, and say which keys can leave the environment."""
        removed = forget_canaries(in_use | {ring.current_id})
        if removed:
            self.stdout.write(f"Removed the key checks for: {', '.join(removed)}.")
        lingering = sorted(in_use - {ring.current_id})
        if lingering:
            # Most likely a process still running with the old ring wrote them meanwhile.
            self.stdout.write(
                f"Values sealed with {', '.join(lingering)} appeared during the run: restart every "
                "process with the new MEND_ENCRYPTION_KEYS and run this command again."
            )
        unused = [key_id for key_id in ring.ids() if key_id != ring.current_id and key_id not in in_use]
        if unused:
            self.stdout.write(
                f"No stored value uses key(s) {', '.join(unused)} any more: "
                "they can be removed from MEND_ENCRYPTION_KEYS."
            )
        else:
            self.stdout.write("No old key can be removed from MEND_ENCRYPTION_KEYS.")
