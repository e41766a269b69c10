"""Asking for the password again before sensitive actions (SECURITY.md, check 10)."""

from __future__ import annotations

from allauth.account.internal.flows.reauthentication import is_reauthentication_required


def needs_password_again(request) -> bool:
    """True when a browser session has not confirmed its password recently.

    Personal access tokens are themselves made behind a fresh password check, so a
    request carrying one does not ask again.
    """
    if getattr(request, "mend_access_token", None) is not None:
        return False
    return is_reauthentication_required(request, app="account")
