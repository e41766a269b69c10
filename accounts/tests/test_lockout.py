"""Brute-force lockout keyed on the (email, IP) pair, with a finite cool-off."""

from __future__ import annotations

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import (
    HOME_IP,
    WRONG_PASSWORD,
    fail_until_locked,
    fail_with_many_emails,
    is_signed_in,
    log_in,
)
from tests.support import PASSWORD, make_user

ALICE = "alice@example.test"
OTHER_IP = "198.51.100.23"


def is_lockout_page(response) -> bool:
    return response.status_code == 429 and "account/lockout.html" in [t.name for t in response.templates]


def test_the_limit_is_five_failures(settings):
    assert settings.AXES_FAILURE_LIMIT == 5


def test_failures_below_the_limit_still_let_the_right_password_in(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, ALICE, WRONG_PASSWORD, ip=HOME_IP)
    response = log_in(client, ALICE, ip=HOME_IP)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_right_password_gets_the_lockout_page_after_five_failures(client, alice):
    fail_until_locked(client, ALICE)
    response = log_in(client, ALICE, PASSWORD, ip=HOME_IP)
    assert is_lockout_page(response)
    assert not is_signed_in(client)


def test_the_lockout_page_says_what_happened_and_for_how_long(client, alice):
    fail_until_locked(client, ALICE)
    page = log_in(client, ALICE, ip=HOME_IP).content.decode()
    assert "too many attempts to log in" in page
    assert "paused for 15 minutes" in page
    assert reverse("account_request_login_code") in page
    assert reverse("account_reset_password") in page


def test_the_lockout_counts_the_email_case_insensitively(client, alice):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = ALICE.upper() if attempt % 2 else ALICE
        log_in(client, email, WRONG_PASSWORD, ip=HOME_IP)
    assert is_lockout_page(log_in(client, ALICE, ip=HOME_IP))


def test_the_same_email_from_another_ip_can_still_log_in(client, alice):
    fail_until_locked(Client(), ALICE)
    response = log_in(client, ALICE, ip=OTHER_IP)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_another_email_from_the_same_ip_can_still_log_in(client, alice):
    make_user("bob")
    fail_until_locked(Client(), ALICE)
    response = log_in(client, "bob@example.test", ip=HOME_IP)
    assert response.status_code == 302


def test_the_right_password_works_again_after_the_cool_off(client, alice, time_machine):
    fail_until_locked(client, ALICE)
    log_in(client, ALICE, ip=HOME_IP)
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    response = log_in(client, ALICE, ip=HOME_IP)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lockout_lasts_through_most_of_the_cool_off(client, alice, time_machine):
    fail_until_locked(client, ALICE)
    time_machine.move_to(timezone.now() + timedelta(minutes=14))
    assert is_lockout_page(log_in(client, ALICE, ip=HOME_IP))


def neutral_page(response, email: str) -> str:
    """The page with what legitimately differs removed: tokens, nonces, the typed email."""
    page = response.content.decode().replace(email, "EMAIL")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", page)
    return re.sub(r'nonce="[^"]*"', "NONCE", page)


def test_a_failed_login_looks_the_same_for_unknown_and_known_emails(alice):
    known = log_in(Client(), ALICE, WRONG_PASSWORD)
    unknown = log_in(Client(), "nobody@example.test", WRONG_PASSWORD)
    assert known.status_code == unknown.status_code == 200
    assert neutral_page(known, ALICE) == neutral_page(unknown, "nobody@example.test")


def test_an_unknown_email_is_locked_out_exactly_like_a_known_one(alice):
    known, unknown = Client(), Client()
    fail_until_locked(known, ALICE)
    fail_until_locked(unknown, "nobody@example.test")
    known_page = log_in(known, ALICE, ip=HOME_IP)
    unknown_page = log_in(unknown, "nobody@example.test", ip=HOME_IP)
    assert is_lockout_page(known_page)
    assert is_lockout_page(unknown_page)
    assert neutral_page(known_page, ALICE) == neutral_page(unknown_page, "nobody@example.test")


def test_the_failure_record_is_keyed_on_the_email_and_ip(client, alice):
    log_in(client, ALICE.upper(), WRONG_PASSWORD, ip=HOME_IP)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (ALICE, HOME_IP)


def test_failure_records_do_not_store_the_password(client, alice):
    log_in(client, ALICE, WRONG_PASSWORD, ip=HOME_IP)
    log_in(client, ALICE, WRONG_PASSWORD, ip=HOME_IP)
    attempt = AccessAttempt.objects.get()
    stored = " ".join(str(value) for value in attempt.__dict__.values())
    assert WRONG_PASSWORD not in stored


def test_a_successful_login_clears_the_failures(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, ALICE, WRONG_PASSWORD, ip=HOME_IP)
    log_in(client, ALICE, ip=HOME_IP)
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_the_per_ip_ceiling_is_far_above_what_a_household_reaches(settings):
    assert settings.MEND_LOGIN_IP_CEILING >= 100
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == f"{settings.MEND_LOGIN_IP_CEILING}/15m/ip"


def test_guessing_many_emails_from_one_ip_hits_the_per_ip_ceiling(client, alice, settings):
    fail_with_many_emails(HOME_IP, count=settings.MEND_LOGIN_IP_CEILING)
    response = log_in(client, ALICE, ip=HOME_IP)
    assert response.status_code != 302
    assert "one-time code" in response.content.decode()
    assert not is_signed_in(client)


def test_the_per_ip_ceiling_leaves_other_ips_alone(client, alice, settings):
    fail_with_many_emails(HOME_IP, count=settings.MEND_LOGIN_IP_CEILING)
    assert log_in(client, ALICE, ip=OTHER_IP).status_code == 302


def test_the_per_ip_ceiling_lifts_after_fifteen_minutes(client, alice, time_machine, settings):
    fail_with_many_emails(HOME_IP, count=settings.MEND_LOGIN_IP_CEILING)
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    assert log_in(client, ALICE, ip=HOME_IP).status_code == 302
