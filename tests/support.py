"""Helpers every test module may import: the cast's building blocks and the API client.

Fixtures built on them (cast, login, at, api) live in the root conftest.py; test modules
import helpers from here, never from conftest.py or from another test module.
"""

from __future__ import annotations

import re
import time

from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import AccessToken, User
from circles.models import Member

PASSWORD = "a-long-test-passphrase-42"
API = "/api/v1"


def make_user(name: str) -> User:
    email = f"{name}@example.test"
    user = User.objects.create_user(email, PASSWORD, display_name=name.title())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def give_totp(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def join(circle, user: User, role: str, **extra) -> Member:
    return Member.objects.create(circle=circle, user=user, role=role, **extra)


def mark_recently_authenticated(client, user) -> None:
    """Record a fresh password check in the session, as allauth's re-authentication does."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def api_client(who) -> Client:
    """A test client that sends a fresh personal access token for a member or user."""
    user = who.user if isinstance(who, Member) else who
    _token, raw = AccessToken.issue(user, "tests")
    return Client(headers={"authorization": f"Bearer {raw}"})


def call(client: Client, method: str, path: str, body: dict | None = None):
    """Send a JSON request to the API."""
    send = getattr(client, method.lower())
    if body is None:
        return send(API + path)
    return send(API + path, body, content_type="application/json")


def selected(page: str, name: str) -> list[str]:
    """The values chosen in a <select> or in checkboxes/radios named `name` of a rendered form."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        return re.findall(r'<option value="([^"]*)" selected>', select.group(1))
    inputs = re.findall(rf'<input type="(?:radio|checkbox)" name="{name}"[^>]*>', page)
    return [_value(tag) for tag in inputs if " checked" in tag]


def _value(tag: str) -> str:
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else "on"
