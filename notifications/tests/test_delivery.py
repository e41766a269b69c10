"""The email job: each email once, at the right time, only if still wanted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import translation

from notifications import logic
from notifications.logic import deliver_due_emails, notify
from notifications.models import Kind, Notification

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def noon(at):
    return at(NOON)


def _waiting(member, kind=Kind.CONFIRM_WAITING) -> Notification:
    return notify(member.user, kind, "/circles/")


def test_a_due_notification_is_emailed_once(cast, noon):
    notification = _waiting(cast.bob)
    assert deliver_due_emails() == 1
    assert deliver_due_emails() == 0
    assert [m.to for m in mail.outbox] == [[cast.bob.user.email]]
    notification.refresh_from_db()
    assert notification.emailed_at == NOON


def test_the_email_is_neutral_and_links_to_the_notifications_page(cast, noon, settings):
    settings.SITE_URL = "https://mend.example.org/"
    _waiting(cast.bob)
    deliver_due_emails()
    (message,) = mail.outbox
    assert message.subject == "You have an update in Mend"
    assert "https://mend.example.org/notifications/" in message.body
    assert "https://mend.example.org/settings/notifications/" in message.body
    assert "confirm" not in message.body.lower()


def test_the_email_is_written_in_the_persons_language(cast, noon, monkeypatch):
    cast.bob.user.language = "es"
    cast.bob.user.save(update_fields=["language"])
    languages = []
    monkeypatch.setattr(
        logic, "send_mail", lambda *args, **kwargs: languages.append(translation.get_language())
    )
    _waiting(cast.bob)
    deliver_due_emails()
    assert languages == ["es"]


def test_an_email_claimed_by_an_interrupted_run_is_not_sent_again(cast, noon):
    # A run claimed the row and was killed before it could finish: never send twice.
    notification = _waiting(cast.bob)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=NOON)
    assert deliver_due_emails(NOON + timedelta(minutes=5)) == 0
    assert mail.outbox == []


def test_a_failed_send_releases_the_claim_and_the_next_run_sends_it_once(cast, noon, monkeypatch):
    notification = _waiting(cast.bob)
    real_send = logic.send_mail

    def broken(*args, **kwargs):
        # The claim is already taken when sending starts.
        assert Notification.objects.get(pk=notification.pk).emailed_at is not None
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(logic, "send_mail", broken)
    assert deliver_due_emails() == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None
    monkeypatch.setattr(logic, "send_mail", real_send)
    assert deliver_due_emails() == 1
    assert deliver_due_emails() == 0
    assert len(mail.outbox) == 1


def test_a_run_stops_early_when_the_mail_server_is_down(cast, noon, monkeypatch):
    for _ in range(logic.MAX_FAILURES_PER_RUN + 2):
        _waiting(cast.bob)
    tries = []

    def broken(*args, **kwargs):
        tries.append(1)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(logic, "send_mail", broken)
    assert deliver_due_emails() == 0
    assert len(tries) == logic.MAX_FAILURES_PER_RUN
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


def test_email_switched_off_after_the_notification_is_skipped(cast, noon, prefs):
    notification = _waiting(cast.bob)
    prefs(cast.bob, email=False)
    assert deliver_due_emails() == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_due_at is None and notification.emailed_at is None


def test_a_kind_muted_after_the_notification_is_skipped(cast, noon, prefs):
    _waiting(cast.bob, Kind.TALK_REQUEST)
    prefs(cast.bob, muted_kinds=[Kind.TALK_REQUEST])
    assert deliver_due_emails() == 0
    assert deliver_due_emails(NOON + timedelta(days=1)) == 0
    assert mail.outbox == []


def test_quiet_hours_set_after_the_notification_hold_the_email_until_they_end(cast, noon, prefs):
    notification = _waiting(cast.bob)
    prefs(cast.bob, quiet_start=time(11, 0), quiet_end=time(14, 0))
    assert deliver_due_emails() == 0
    notification.refresh_from_db()
    assert notification.email_due_at == datetime(2026, 5, 4, 14, 0, tzinfo=UTC)
    assert deliver_due_emails(datetime(2026, 5, 4, 13, 59, tzinfo=UTC)) == 0
    assert deliver_due_emails(datetime(2026, 5, 4, 14, 0, tzinfo=UTC)) == 1
    assert len(mail.outbox) == 1


def test_an_email_due_later_is_not_sent_yet(cast, noon, prefs):
    prefs(cast.bob, quiet_start=time(11, 0), quiet_end=time(14, 0))
    _waiting(cast.bob)
    assert deliver_due_emails() == 0
    assert deliver_due_emails(datetime(2026, 5, 4, 14, 0, tzinfo=UTC)) == 1


def test_the_periodic_task_delivers(cast, noon):
    from notifications.tasks import deliver_notification_emails

    _waiting(cast.bob)
    deliver_notification_emails.call_local()
    assert len(mail.outbox) == 1


def test_email_links_follow_the_configured_site_even_in_development(cast, noon, settings):
    # A background job has no request: even where development links follow the address
    # served, the email's links come from MEND_SITE_URL, without a doubled slash.
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "https://mend.example.org:8443/", True
    _waiting(cast.bob)
    deliver_due_emails()
    (message,) = mail.outbox
    assert "https://mend.example.org:8443/notifications/" in message.body
    assert "https://mend.example.org:8443/settings/notifications/" in message.body
    assert "8443//" not in message.body
