"""The fixed cast every test module shares (healthchecks style).

alice  – owner of the Rivera circle, person in recovery
bob    – partner in the circle
carol  – parent in the circle
pat    – the circle's professional (two-step login on)
olga   – outsider: a member of another circle only
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from circles.logic import create_circle
from circles.models import Member

PASSWORD = "a-long-test-passphrase-42"  # noqa: S105 (test users only)


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


@pytest.fixture
def cast(db):
    """The Rivera circle with alice, bob, carol and pat, and olga in her own circle."""
    from datetime import timedelta

    from django.utils import timezone

    alice = make_user("alice")
    owner = create_circle(alice, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = owner.circle
    Member.objects.filter(pk=owner.pk).update(joined_at=timezone.now() - timedelta(days=30))
    owner.refresh_from_db()
    earlier = timezone.now() - timedelta(days=30)
    bob = join(circle, make_user("bob"), Member.Role.PARTNER, joined_at=earlier)
    carol = join(circle, make_user("carol"), Member.Role.PARENT, joined_at=earlier)
    pat_user = make_user("pat")
    give_totp(pat_user)
    pat = join(circle, pat_user, Member.Role.PROFESSIONAL, joined_at=earlier)
    olga = create_circle(make_user("olga"), "Elsewhere", Member.Role.PARTNER)

    class Cast:
        pass

    c = Cast()
    c.circle, c.alice, c.bob, c.carol, c.pat, c.olga = circle, owner, bob, carol, pat, olga
    return c


def mark_recently_authenticated(client, user) -> None:
    """Record a fresh password check in the session, as allauth's re-authentication does."""
    import time

    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def login(client):
    """Log the test client in as a member (or user) without the login form."""

    def _login(who):
        user = who.user if isinstance(who, Member) else who
        client.force_login(user)
        mark_recently_authenticated(client, user)
        return client

    return _login
