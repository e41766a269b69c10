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
