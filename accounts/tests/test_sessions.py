"""Session rotation, idle and absolute timeouts, and ending sessions (SECURITY.md check 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import RENEW_EVERY_SECONDS
from accounts.tests.helpers import (
    SESSION_COOKIE,
    activate_totp,
    is_signed_in,
    log_in,
    reauthenticate,
    totp_code,
)

ALICE = "alice@example.test"


def test_the_session_id_changes_at_login(client, alice):
    before = client.session
    before["visited"] = True
    before.save()
    log_in(client, ALICE)
    assert client.cookies[SESSION_COOKIE].value != before.session_key
    assert not SessionStore().exists(before.session_key)


def test_the_idle_timeout_is_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Renewed by accounts.middleware at most once a minute, not by a save on every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert RENEW_EVERY_SECONDS == 60


def test_thirty_one_idle_minutes_end_the_session(client, alice, time_machine):
    log_in(client, ALICE)
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_keeps_the_session_alive_past_thirty_minutes(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    for minutes in (20, 40, 60):
        time_machine.move_to(start + timedelta(minutes=minutes))
        assert is_signed_in(client)


def writes(client, url: str, **extra) -> list[str]:
    """The SQL statements one request writes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return [q["sql"] for q in queries if q["sql"].split(" ", 1)[0] in ("UPDATE", "INSERT", "DELETE")]


def test_requests_within_a_minute_write_nothing(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    assert is_signed_in(client)
    time_machine.move_to(start + timedelta(seconds=30))
    assert writes(client, reverse("accounts:profile")) == []


def test_a_circle_page_writing_back_the_same_circle_saves_nothing(cast, login, time_machine):
    client = login(cast.alice)
    url = reverse("circles:home", args=[cast.alice.circle_id])
    client.get(url)  # the first visit stores the circle it shows
    time_machine.move_to(timezone.now() + timedelta(seconds=10))
    assert writes(client, url) == []


def test_after_a_minute_the_idle_timeout_and_last_seen_are_renewed(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    assert is_signed_in(client)
    expiry = Session.objects.get().expire_date
    seen = UserSession.objects.get().last_seen_at
    time_machine.move_to(start + timedelta(seconds=RENEW_EVERY_SECONDS + 1))
    assert is_signed_in(client)
    assert Session.objects.get().expire_date > expiry
    assert UserSession.objects.get().last_seen_at > seen


def test_requests_every_fifty_seconds_keep_the_session_alive(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    for step in range(1, 45):  # past 36 minutes
        time_machine.move_to(start + timedelta(seconds=50 * step))
        assert is_signed_in(client), step


def test_a_changed_browser_is_recorded_at_once(client, alice, time_machine):
    log_in(client, ALICE)
    assert is_signed_in(client)
    time_machine.move_to(timezone.now() + timedelta(seconds=5))
    client.get(reverse("accounts:profile"), HTTP_USER_AGENT="Another browser/1.0")
    assert UserSession.objects.get().user_agent == "Another browser/1.0"


def stay_active(client, time_machine, start, until: timedelta) -> None:
    """A request every 25 minutes after `start`, up to `until` later; each one signed in."""
    step = timedelta(minutes=25)
    elapsed = step
    while elapsed <= until:
        time_machine.move_to(start + elapsed)
        assert is_signed_in(client), elapsed
        elapsed += step


def lifetime() -> timedelta:
    return timedelta(seconds=settings.MEND_SESSION_ABSOLUTE_SECONDS)


def test_the_absolute_lifetime_is_twelve_hours_by_default(settings):
    assert settings.MEND_SESSION_ABSOLUTE_SECONDS == 12 * 3600


def test_an_active_session_lasts_until_the_absolute_lifetime(client, alice, time_machine):
    log_in(client, ALICE)
    stay_active(client, time_machine, timezone.now(), lifetime() - timedelta(minutes=5))


def test_the_absolute_lifetime_logs_out_however_active(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    stay_active(client, time_machine, start, lifetime() - timedelta(minutes=5))
    time_machine.move_to(start + lifetime() + timedelta(minutes=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not is_signed_in(client)


def test_the_absolute_lifetime_counts_from_login_not_the_next_request(client, alice, time_machine):
    log_in(client, ALICE)
    start = timezone.now()
    first_request = start + timedelta(minutes=20)
    time_machine.move_to(first_request)
    assert is_signed_in(client)
    stay_active(client, time_machine, first_request, lifetime() - timedelta(minutes=45))
    time_machine.move_to(start + lifetime() + timedelta(minutes=1))
    assert not is_signed_in(client)


def test_the_sessions_page_lists_every_session(client, alice):
    log_in(Client(), ALICE)
    log_in(client, ALICE)
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert response.context["session_count"] == 2


def test_ending_other_sessions_signs_them_out_and_keeps_this_one(client, alice):
    elsewhere = Client()
    log_in(elsewhere, ALICE)
    log_in(client, ALICE)
    response = client.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert not is_signed_in(elsewhere)
    assert is_signed_in(client)
    assert client.get(reverse("usersessions_list")).context["session_count"] == 1


@pytest.mark.usefixtures("still_clock")
def test_turning_on_two_step_login_ends_other_sessions(client, alice, django_capture_on_commit_callbacks):
    elsewhere = Client()
    log_in(elsewhere, ALICE)
    log_in(client, ALICE)
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        activate_totp(client)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(client)


@pytest.mark.usefixtures("still_clock")
def test_turning_off_two_step_login_ends_other_sessions(client, alice, django_capture_on_commit_callbacks):
    log_in(client, ALICE)
    secret = activate_totp(client)
    elsewhere = Client()
    log_in(elsewhere, ALICE)
    elsewhere.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert is_signed_in(elsewhere)
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))
    assert not is_signed_in(elsewhere)
    assert is_signed_in(client)
