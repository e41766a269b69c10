"""Keeps the secrets that travel in addresses out of every log line.

Invitation links carry their token in the path (`/i/<token>/`, `/api/v1/invitations/<token>`),
and allauth's e-mail confirmation and password reset links carry a key. Django writes the
path of every 4xx answer to `django.request` and every request line to `django.server`;
whoever reads those logs must not be able to join a circle or reset a password with them.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "[hidden]"

# The invitation page sits at the root (`/i/`), so it only counts at the start of a path.
_SECRET_IN_PATH = re.compile(
    r"((?:^|[\s\"'=]|//[\w.:-]+)/i/|/api/v\d+/invitations/|/confirm-email/|/password/reset/key/)"
    r"[^/?#\s\"']+"
)


def hide_secrets(text: str) -> str:
    """The text with every secret part of an address replaced by "[hidden]"."""
    return _SECRET_IN_PATH.sub(rf"\1{HIDDEN}", text)


class HideSecrets(logging.Filter):
    """On a logger or a handler: rewrites the message, and drops the request a record
    carries when its path holds a secret (an e-mailed error report would print it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        path = getattr(getattr(record, "request", None), "path", None)
        if isinstance(path, str) and hide_secrets(path) != path:
            record.request = None
        return True
