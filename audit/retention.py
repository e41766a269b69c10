"""Forgetting on time: IP addresses and browser strings after MEND_IP_RETENTION_DAYS,
audit rows after MEND_AUDIT_RETENTION_DAYS (docs/operators.md). Run by the periodic job
in tasks.py; safe to run any number of times."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import expire_before


def sweep() -> dict[str, int]:
    """Remove what is past its retention; says how many of each were removed."""
    now = timezone.now()
    client_cutoff = now - timedelta(days=settings.MEND_IP_RETENTION_DAYS)
    return {
        "sessions": _forget_sessions(client_cutoff),
        "lockout_records": _forget_lockout_records(client_cutoff),
        "audit_rows": expire_before(now - timedelta(days=settings.MEND_AUDIT_RETENTION_DAYS)),
    }


def _forget_sessions(cutoff) -> int:
    """allauth's list of where a person is logged in keeps each session's IP address and
    browser. A session not seen since the cutoff ended long ago (sessions last hours), so
    its row goes, with whatever is left of the session itself."""
    from allauth.usersessions.models import UserSession

    stale = list(UserSession.objects.filter(last_seen_at__lt=cutoff))
    for session in stale:
        session.end()
    return len(stale)


def _forget_lockout_records(cutoff) -> int:
    """django-axes keeps the IP address and browser of each failed login and each login.
    A cool-off lasts minutes, so records past the cutoff lock nobody out any more."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    removed = 0
    with transaction.atomic():
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            _count, by_model = model.objects.filter(attempt_time__lt=cutoff).delete()
            removed += by_model.get(model._meta.label, 0)
    return removed
