from __future__ import annotations

import hashlib
import json
import time
import zoneinfo

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone, translation

SESSION_STARTED = "mend_session_started"
SESSION_RENEWED = "mend_session_renewed"
ACTIVITY_SEEN = "mend_activity_seen"
# The idle timeout is renewed (and activity recorded) at most this often: a write per
# minute rather than two on every request. The idle timeout is then 29–30 minutes.
RENEW_EVERY_SECONDS = 60


class SessionLifetimeMiddleware:
    """Ends a signed-in session after an absolute lifetime, however active it was, and
    renews the idle timeout (SESSION_COOKIE_AGE) at most once a minute.

    With SESSION_SAVE_EVERY_REQUEST off, Django saves a session only when it was
    changed. This renews it once a minute by stamping it, and does not save one whose
    contents a request merely wrote back unchanged (a page that stores the circle it
    shows, on every request); anything that really changes the session is saved as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        before = _contents(session) if session is not None else None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = session.get(SESSION_STARTED)
            now = int(time.time())
            if started is None:
                session[SESSION_STARTED] = now
            elif now - started > settings.MEND_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - session.get(SESSION_RENEWED, 0) >= RENEW_EVERY_SECONDS:
                session[SESSION_RENEWED] = now  # a change: Django saves it, renewing the expiry
        response = self.get_response(request)
        if before is not None and session.modified and _contents(session) == before:
            session.modified = False
        return response


def _contents(session) -> tuple | None:
    """The session's key and data, to tell a real change from a value written back as it was."""
    try:
        return session.session_key, json.dumps(dict(session.items()), sort_keys=True)
    except (TypeError, ValueError):
        return None  # not comparable: leave Django's own bookkeeping alone


class UserSessionActivityMiddleware:
    """allauth's "last seen" tracking (USERSESSIONS_TRACK_ACTIVITY), at most once a minute.

    allauth's own middleware reads and updates the user session row on every request.
    This records the activity when the last record is a minute old, or at once when the
    browser's address or user agent changed (allauth then signals the change as before).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from allauth.usersessions import app_settings

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            app_settings.TRACK_ACTIVITY
            and session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
        ):
            _record_activity(request, session)
        return self.get_response(request)


def _record_activity(request, session) -> None:
    from allauth.account.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    client = hashlib.sha256(
        f"{get_adapter().get_client_ip(request)}\n{request.META.get('HTTP_USER_AGENT', '')}".encode()
    ).hexdigest()[:16]
    now = int(time.time())
    seen_at, seen_client = session.get(ACTIVITY_SEEN) or (0, "")
    if seen_client != client or now - seen_at >= RENEW_EVERY_SECONDS:
        UserSession.objects.create_from_request(request)
        session[ACTIVITY_SEEN] = [now, client]


class PreferredLanguageMiddleware:
    """Signed-in people see Mend in their own language and time zone.

    Times are stored in UTC and shown in the member's time zone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
