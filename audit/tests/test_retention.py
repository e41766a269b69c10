"""IP addresses and browser strings are kept only as long as the retention says (90 days by
default), and audit rows their own time (365 days by default); a periodic job removes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessLog

from audit import tasks
from audit.models import Event, Kind
from audit.retention import sweep
from audit.trail import record

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SOMEONE = 9999  # a user id none of the cast has


def _session(user, key: str) -> UserSession:
    return UserSession.objects.create(user=user, ip="203.0.113.7", user_agent="Firefox/140", session_key=key)


def _attempt(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username, ip_address="203.0.113.7", user_agent="Firefox/140", failures_since_start=1
    )


def _log(username: str) -> AccessLog:
    return AccessLog.objects.create(username=username, ip_address="203.0.113.7", user_agent="Firefox/140")


def test_the_defaults_are_ninety_days_and_a_year(settings):
    assert settings.MEND_IP_RETENTION_DAYS == 90
    assert settings.MEND_AUDIT_RETENTION_DAYS == 365


def test_sessions_and_lockout_records_older_than_the_retention_are_removed(cast, at):
    user = cast.alice.user
    at(NOW - timedelta(days=91))
    old = (_session(user, "o" * 32), _attempt("old@example.test"), _log("old@example.test"))
    at(NOW - timedelta(days=89))
    kept = (_session(user, "k" * 32), _attempt("kept@example.test"), _log("kept@example.test"))
    at(NOW)
    sweep()
    for model, stays in zip((UserSession, AccessAttempt, AccessLog), kept, strict=True):
        assert list(model.objects.values_list("pk", flat=True)) == [stays.pk], model
    assert all(not type(gone).objects.filter(pk=gone.pk).exists() for gone in old)


def test_a_session_still_in_use_keeps_its_row(cast, at):
    at(NOW - timedelta(days=200))
    session = _session(cast.alice.user, "s" * 32)
    UserSession.objects.filter(pk=session.pk).update(last_seen_at=NOW - timedelta(days=1))
    at(NOW)
    sweep()
    assert UserSession.objects.filter(pk=session.pk).exists()


def test_audit_rows_are_kept_for_their_own_retention(cast, at):
    at(NOW - timedelta(days=366))
    record(Kind.LOGIN, actor=SOMEONE, about=SOMEONE)
    at(NOW - timedelta(days=364))
    kept = record(Kind.LOGIN, actor=SOMEONE, about=SOMEONE)
    at(NOW)
    sweep()
    assert list(Event.objects.filter(actor_id=SOMEONE).values_list("pk", flat=True)) == [kept.pk]


def test_the_retentions_are_settings(cast, at, settings):
    settings.MEND_IP_RETENTION_DAYS = 10
    settings.MEND_AUDIT_RETENTION_DAYS = 30
    at(NOW - timedelta(days=11))
    _attempt("old@example.test")
    row = record(Kind.LOGIN, actor=SOMEONE, about=SOMEONE)
    at(NOW - timedelta(days=31))
    record(Kind.LOGIN, actor=SOMEONE, about=SOMEONE)
    at(NOW)
    sweep()
    assert not AccessAttempt.objects.exists()
    assert list(Event.objects.filter(actor_id=SOMEONE).values_list("pk", flat=True)) == [row.pk]


def test_the_job_runs_the_sweep_and_says_what_it_removed(cast, at):
    at(NOW - timedelta(days=100))
    _attempt("old@example.test")
    _session(cast.alice.user, "o" * 32)
    at(NOW)
    assert tasks.forget_old_client_data.call_local() == {
        "sessions": 1,
        "lockout_records": 1,
        "audit_rows": 0,
    }
    assert tasks.forget_old_client_data.call_local() == {"sessions": 0, "lockout_records": 0, "audit_rows": 0}
