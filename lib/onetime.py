"""One-time secrets (invitation links, API tokens): only their digest is stored."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "", nbytes: int = 32) -> str:
    return prefix + secrets.token_urlsafe(nbytes)


def digest(raw: str) -> str:
    """SHA-256 is enough here: the secrets are long and random, not passwords."""
    return hashlib.sha256(raw.encode()).hexdigest()
