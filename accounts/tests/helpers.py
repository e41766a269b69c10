"""Small steps the account tests share: logging in through the real form, reading mail."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.support import PASSWORD

SESSION_COOKIE = "sessionid"
HOME_IP = "203.0.113.7"
WRONG_PASSWORD = "not-the-right-passphrase"
# Two seconds into a 30-second TOTP window: with the clock held here a code stays current.
TOTP_FRIENDLY_MOMENT = datetime(2026, 3, 2, 9, 0, 2, tzinfo=UTC)


def log_in(client, email: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
    """Post allauth's login form, as a browser would."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client, email: str, ip: str = HOME_IP) -> None:
    """As many wrong passwords for one email from one address as the lockout allows."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, email, WRONG_PASSWORD, ip=ip)


def fail_with_many_emails(ip: str = HOME_IP, count: int = 30) -> None:
    """One wrong password for each of many emails from one address, as a script would try."""
    for number in range(count):
        log_in(Client(), f"guess{number}@example.test", WRONG_PASSWORD, ip=ip)


# allauth's sign-in codes look like "MNKQ-HGMT", alone on their line of the mail.
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def request_login_code(client, email: str, ip: str = HOME_IP, **extra):
    """Ask for a one-time sign-in code by email, the way in that a lockout leaves open."""
    return client.post(reverse("account_request_login_code"), {"email": email}, REMOTE_ADDR=ip, **extra)


def last_login_code(to: str) -> str:
    """The last sign-in code mailed to an address."""
    found = (LOGIN_CODE.search(m.body) for m in reversed(mail.outbox) if to in m.to)
    return next(match for match in found if match).group(1)


def enter_login_code(client, code: str, ip: str = HOME_IP):
    return client.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=ip)


def is_signed_in(client) -> bool:
    """Whether the server still treats the client's session as signed in."""
    response = client.get(reverse("accounts:profile"))
    return response.status_code == 200


# A link that works once (email confirmation, password reset), as opposed to the plain
# links in a notice that something changed on the account.
ONE_TIME_LINK = re.compile(r"https?://\S+/accounts/(?:confirm-email|password/reset/key)/\S+")


def last_link(to: str) -> str:
    """The path of the last one-time link mailed to an address."""
    found = (ONE_TIME_LINK.search(m.body) for m in reversed(mail.outbox) if to in m.to)
    url = next(match for match in found if match).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now, computed with allauth's own helpers."""
    from allauth.mfa import app_settings

    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def pending_totp_secret(client) -> str:
    """The secret allauth keeps in the session while TOTP is being set up."""
    return client.session[SECRET_SESSION_KEY]


def reauthenticate(client, password: str = PASSWORD):
    """Confirm the password again, as allauth asks before two-step login changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302
    return response


def activate_totp(client) -> str:
    """Turn on TOTP through the pages, as someone scanning the QR code would."""
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = pending_totp_secret(client)
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret
