"""AES-GCM encryption for sensitive free text, bound to where it is stored.

Every ciphertext is sealed with associated data naming its table, row, field and
key id, so a value copied into another row, column or table will not open. Any
problem opening a value raises `DecryptionError`: nothing ever falls back to
returning ciphertext or accepting plaintext (SECURITY.md, check 11).

Stored form: ``mend1:<key id>:<base64url(nonce || ciphertext+tag)>``.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "mend1"
NONCE_BYTES = 12


class KeyRingError(ValueError):
    """The configured key ring is missing or malformed."""


class DecryptionError(Exception):
    """A stored value could not be opened with the key ring and its binding."""


@dataclass(frozen=True)
class KeyRing:
    """Named AES-256 keys; the first one seals new values, all of them open old ones."""

    keys: tuple[tuple[str, bytes], ...]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise DecryptionError(f"no key with id {key_id!r} in the key ring")

    def ids(self) -> list[str]:
        return [key_id for key_id, _ in self.keys]


def parse_key_ring(spec: str) -> KeyRing:
    """Read "id:base64key,id2:base64key2" (newest first) into a KeyRing."""
    if not spec or not spec.strip():
        raise KeyRingError("MEND_ENCRYPTION_KEYS is empty")
    keys: list[tuple[str, bytes]] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not (key_id.isascii() and key_id.isalnum() and len(key_id) <= 40):
            raise KeyRingError(
                "each key must look like id:base64key, with an id of up to 40 letters and digits"
            )
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as error:
            raise KeyRingError(f"key {key_id!r} is not valid base64") from error
        if len(key) != 32:
            raise KeyRingError(f"key {key_id!r} must be 32 bytes (256 bits), not {len(key)}")
        if any(key_id == seen for seen, _ in keys):
            raise KeyRingError(f"key id {key_id!r} appears twice")
        keys.append((key_id, key))
    if not keys:
        raise KeyRingError("MEND_ENCRYPTION_KEYS holds no keys")
    return KeyRing(tuple(keys))


def new_key_spec(key_id: str) -> str:
    """A fresh random key in the ring's text form, for `make run` and rotation."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"


def binding(table: str, row: object, field: str) -> str:
    """The place a value belongs to; it is sealed into the ciphertext."""
    return f"{table}\x1f{row}\x1f{field}"


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    # One cipher object per key: pages open hundreds of values (a year of cravings).
    return AESGCM(key)


def is_sealed(stored: str) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX + ":")


def seal(ring: KeyRing, plaintext: str, place: str) -> str:
    """Encrypt `plaintext` for `place` with the ring's current key."""
    key_id = ring.current_id
    nonce = os.urandom(NONCE_BYTES)
    aad = f"{place}\x1f{key_id}".encode()
    sealed = _cipher(ring.key(key_id)).encrypt(nonce, plaintext.encode("utf-8"), aad)
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def open_sealed(ring: KeyRing, stored: str, place: str) -> str:
    """Decrypt a value stored for `place`; raise DecryptionError on any problem."""
    if not is_sealed(stored):
        raise DecryptionError("the stored value is not Mend ciphertext")
    try:
        _, key_id, payload = stored.split(":", 2)
        raw = base64.urlsafe_b64decode(payload)
    except (ValueError, binascii.Error) as error:
        raise DecryptionError("the stored value is damaged") from error
    # The lenient decoder skips stray characters and anything after the padding;
    # only the exact text seal() writes is accepted, so no damage goes unnoticed.
    if base64.urlsafe_b64encode(raw).decode() != payload or len(raw) <= NONCE_BYTES:
        raise DecryptionError("the stored value is damaged")
    aad = f"{place}\x1f{key_id}".encode()
    try:
        plaintext = _cipher(ring.key(key_id)).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)
    except InvalidTag as error:
        raise DecryptionError(
            "the stored value does not open here: wrong key, or copied from another place"
        ) from error
    return plaintext.decode("utf-8")


def key_id_of(stored: str) -> str:
    if not is_sealed(stored):
        raise DecryptionError("the stored value is not Mend ciphertext")
    return stored.split(":", 2)[1]


@lru_cache(maxsize=8)
def _ring_from_spec(spec: str) -> KeyRing:
    return parse_key_ring(spec)


def configured_ring() -> KeyRing:
    """The key ring from Django settings (cached per distinct value)."""
    from django.conf import settings

    return _ring_from_spec(getattr(settings, "MEND_ENCRYPTION_KEYS", "") or "")
