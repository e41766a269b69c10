"""Receivers that keep sessions honest (SECURITY.md check 10); connected in apps.py."""

from __future__ import annotations

import time

from accounts.middleware import SESSION_STARTED


def stamp_session_start(sender, request=None, user=None, **kwargs):
    """The absolute session lifetime counts from the moment of login, not the next request."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = int(time.time())


def end_other_sessions(sender, request=None, user=None, **kwargs):
    """Turning two-step login on or off, or new recovery codes, sign out every other session."""
    if request is None or user is None or not hasattr(request, "session"):
        return
    from allauth.usersessions.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    current = request.session.session_key
    others = UserSession.objects.filter(user=user).exclude(session_key=current)
    get_adapter().end_sessions(list(others))


# --- a change to the account's keys: tokens stop, the person is told (accounts/notices.py)


def password_changed(sender, request=None, user=None, **kwargs):
    """A password changed, reset or set for the first time."""
    from accounts import notices

    notices.tell(user, notices.PASSWORD, tokens_revoked=notices.revoke_tokens(user))


def two_step_changed(sender, signal=None, user=None, authenticator=None, **kwargs):
    """Two-step login turned on or off, or new recovery codes."""
    from allauth.mfa import signals as mfa
    from allauth.mfa.models import Authenticator

    from accounts import notices

    revoked = notices.revoke_tokens(user)
    codes = authenticator.type == Authenticator.Type.RECOVERY_CODES
    if signal is mfa.authenticator_reset:
        change = notices.RECOVERY_CODES
    elif codes:
        # Recovery codes come and go with the authenticator app; its own signal tells.
        return
    elif signal is mfa.authenticator_added:
        change = notices.TWO_STEP_ON
    else:
        change = notices.TWO_STEP_OFF
    notices.tell(user, change, tokens_revoked=revoked)


def email_changed(sender, user=None, from_email_address=None, to_email_address=None, **kwargs):
    """The main address moved: both the old and the new address hear of it."""
    from accounts import notices

    old = from_email_address.email if from_email_address else ""
    if old and old != to_email_address.email:
        notices.tell(
            user, notices.EMAIL_CHANGED, to=[old, to_email_address.email], old=old, new=to_email_address.email
        )


def email_added(sender, user=None, email_address=None, **kwargs):
    """A new address, which may soon log in: the addresses already confirmed hear of it."""
    from accounts import notices

    if any(address != email_address.email for address in notices.verified_addresses(user)):
        notices.tell(user, notices.EMAIL_ADDED, new=email_address.email)


def email_removed(sender, user=None, email_address=None, **kwargs):
    """An address left the account: it hears of it, and so do the ones that stay."""
    from accounts import notices

    notices.tell(user, notices.EMAIL_REMOVED, to=[email_address.email], old=email_address.email)
