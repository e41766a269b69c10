"""A lockout cannot be turned against the person it protects.

Someone who lives with her shares her address and knows her email: five wrong passwords
from the same home lock the (email, address) pair. She still gets in at once with a
one-time code mailed to her; people sharing the address are never stopped by it.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import (
    HOME_IP,
    WRONG_PASSWORD,
    enter_login_code,
    fail_until_locked,
    fail_with_many_emails,
    is_signed_in,
    last_login_code,
    log_in,
    request_login_code,
)
from tests.support import PASSWORD, give_totp, make_user

ALICE = "alice@example.test"
BOB = "bob@example.test"
STRANGER = "nobody@example.test"


def locked_out_by_someone_at_home(email: str = ALICE) -> None:
    fail_until_locked(Client(), email, ip=HOME_IP)


def get_in_with_a_code(client, email: str = ALICE):
    asked = request_login_code(client, email)
    assert asked.status_code == 302
    assert asked.url == reverse("account_confirm_login_code")
    return enter_login_code(client, last_login_code(email))


def test_during_the_pause_she_gets_in_with_a_code_sent_to_her_email(client, alice):
    locked_out_by_someone_at_home()
    assert log_in(client, ALICE, ip=HOME_IP).status_code == 429
    response = get_in_with_a_code(client)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_code_does_not_get_in(client, alice):
    locked_out_by_someone_at_home()
    request_login_code(client, ALICE)
    response = enter_login_code(client, "AAAA-AAAA")
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_the_code_goes_only_to_her_address_and_says_nothing_else(client, alice):
    locked_out_by_someone_at_home()
    request_login_code(client, ALICE)
    message = mail.outbox[-1]
    assert message.to == [ALICE]
    assert WRONG_PASSWORD not in message.body
    assert HOME_IP not in message.body


def test_getting_in_with_a_code_lifts_the_pause_on_her_password(alice):
    locked_out_by_someone_at_home()
    get_in_with_a_code(Client())
    assert not AccessAttempt.objects.filter(username=ALICE, failures_since_start__gt=0).exists()
    later = Client()
    assert log_in(later, ALICE, ip=HOME_IP).status_code == 302


def test_new_wrong_passwords_do_not_end_the_session_she_already_has(client, alice):
    locked_out_by_someone_at_home()
    get_in_with_a_code(client)
    locked_out_by_someone_at_home()
    assert is_signed_in(client)


def test_a_code_still_asks_for_the_second_step_when_she_has_one(client, db):
    give_totp(make_user("alice"))
    locked_out_by_someone_at_home()
    response = get_in_with_a_code(client)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not is_signed_in(client)


def test_the_person_typing_wrong_passwords_gets_no_code(alice):
    locked_out_by_someone_at_home()
    assert not any(ALICE in message.to for message in mail.outbox)


def test_asking_for_a_code_looks_the_same_for_unknown_and_known_emails(alice):
    known, unknown = Client(), Client()
    known_answer = request_login_code(known, ALICE)
    unknown_answer = request_login_code(unknown, STRANGER)
    assert (known_answer.status_code, known_answer.url) == (unknown_answer.status_code, unknown_answer.url)
    known_page = known.get(known_answer.url)
    unknown_page = unknown.get(unknown_answer.url)
    assert known_page.status_code == unknown_page.status_code == 200
    assert "account/confirm_login_code.html" in [t.name for t in unknown_page.templates]


# --- the lockout page -------------------------------------------------------------------


def lockout_page(client, email: str = ALICE, **extra) -> str:
    response = client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, REMOTE_ADDR=HOME_IP, **extra
    )
    assert response.status_code == 429
    return response.content.decode()


def test_the_lockout_page_offers_a_code_by_email_with_the_address_filled_in(client, alice):
    locked_out_by_someone_at_home()
    page = lockout_page(client)
    assert f'action="{reverse("account_request_login_code")}"' in page
    assert f'value="{ALICE}"' in page
    assert "You can still get in now" in page
    assert "one-time code" in page


def test_the_lockout_page_speaks_spanish(client, alice):
    locked_out_by_someone_at_home()
    page = lockout_page(client, HTTP_ACCEPT_LANGUAGE="es")
    assert "Todavía puedes entrar ahora" in page
    assert "código de un solo uso" in page
    assert "You can still get in now" not in page


def test_the_lockout_page_does_not_say_whether_the_account_exists(client, alice):
    locked_out_by_someone_at_home(STRANGER)
    page = lockout_page(client, STRANGER)
    assert "You can still get in now" in page
    assert "no account" not in page.lower()


# --- other people at the same address ---------------------------------------------------


def test_many_wrong_passwords_from_one_address_never_stop_another_person_there(client, alice):
    make_user("bob")
    locked_out_by_someone_at_home()
    fail_with_many_emails(HOME_IP, count=40)
    response = log_in(client, BOB, ip=HOME_IP)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_script_past_the_per_address_ceiling_still_leaves_the_code_open(client, alice, settings):
    fail_with_many_emails(HOME_IP, count=settings.MEND_LOGIN_IP_CEILING)
    assert not is_signed_in(client)
    assert log_in(client, ALICE, ip=HOME_IP).status_code != 302
    get_in_with_a_code(client)
    assert is_signed_in(client)


def test_the_page_for_a_flood_from_one_address_also_offers_the_code(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    fail_with_many_emails(HOME_IP, count=3)
    response = log_in(client, ALICE, ip=HOME_IP)
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert reverse("account_request_login_code") in response.content.decode()
    assert "one-time code" in response.content.decode()
