"""Notification emails carry no content: no entry text, no circle name (SECURITY.md check 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail

from ledger import logic
from ledger.tests.factories import new_promise
from notifications.logic import deliver_due_emails
from notifications.models import Kind, Notification

CANARY = "CANARY-7f3a-gin-bottle-under-the-sink"


def _everything_sent() -> str:
    return "\n".join(message.message().as_string() for message in mail.outbox)


def test_no_entry_text_or_circle_name_in_any_email(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    first, second = new_promise(cast.alice, [cast.bob], what=CANARY).occurrences.order_by("due_at")
    at(datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    logic.send_reminders()  # alice: promise due
    logic.answer(first, "report_kept", cast.alice)  # bob: waiting for confirmation
    logic.answer(first, "dispute", cast.bob)  # alice: someone would like to talk
    logic.answer(second, "renegotiate", cast.alice, note=CANARY)  # bob: changed in advance
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {Kind.PROMISE_DUE, Kind.CONFIRM_WAITING, Kind.TALK_REQUEST, Kind.RENEGOTIATED}

    assert deliver_due_emails(datetime(2026, 3, 2, 18, 31, tzinfo=UTC)) == 4
    sent = _everything_sent()
    assert len(mail.outbox) == 4
    for secret in (CANARY, cast.circle.name, "promise", "confirm", "talk"):
        assert secret.lower() not in sent.lower(), secret
    assert {m.subject for m in mail.outbox} == {"You have an update in Mend"}


def test_reminders_run_twice_at_the_same_instant_remind_once(cast, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    new_promise(cast.alice, [cast.bob], frequency="once")  # due 19:00 UTC
    now = at(datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    assert logic.send_reminders(now) == 1
    assert logic.send_reminders(now) == 0
    assert Notification.objects.filter(user=cast.alice.user, kind=Kind.PROMISE_DUE).count() == 1
    assert deliver_due_emails(now) == 1
    assert deliver_due_emails(now) == 0
    assert len(mail.outbox) == 1


def test_a_reminder_in_quiet_hours_waits_for_morning_to_be_emailed(cast, at, prefs):
    from datetime import time

    prefs(cast.alice, quiet_start=time(18, 0), quiet_end=time(8, 0))
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    new_promise(cast.alice, [cast.bob], frequency="once")
    now = at(datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    logic.send_reminders(now)
    logic.send_reminders(now)
    (reminder,) = Notification.objects.filter(user=cast.alice.user, kind=Kind.PROMISE_DUE)
    morning = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert reminder.email_due_at == morning
    assert deliver_due_emails(now) == 0
    assert deliver_due_emails(morning - timedelta(minutes=1)) == 0
    assert deliver_due_emails(morning) == 1
    assert len(mail.outbox) == 1


def test_a_reminder_switched_off_is_not_created(cast, at, prefs):
    prefs(cast.alice, muted_kinds=[Kind.PROMISE_DUE])
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    new_promise(cast.alice, [cast.bob], frequency="once")
    now = at(datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    logic.send_reminders(now)
    assert not Notification.objects.filter(user=cast.alice.user).exists()
