"""An act and its audit row stand or fall together: when the row cannot be written, the
act is undone (SECURITY.md check 12)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from accounts.models import AccessToken, User
from accounts.tests.helpers import activate_totp, is_signed_in, log_in
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from audit.models import Event
from circles import logic as circles_logic
from circles.audience import Audience
from circles.audience.change import AudienceChoice, change_audience
from circles.consent import logic as consent_logic
from circles.history import delete_entry
from circles.models import Circle, Consent, EntryDeletion, Invitation, Member
from tests.support import PASSWORD, consent, make_user, mark_recently_authenticated

ALICE = "alice@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"


@pytest.fixture
def broken_trail(monkeypatch):
    """From now on, no audit row can be written."""

    def refuse(self, *args, **kwargs):
        raise DatabaseError("the audit table is not writable")

    def _break():
        monkeypatch.setattr(Event, "save", refuse)

    return _break


def test_an_invitation_is_not_made(cast, broken_trail):
    broken_trail()
    with pytest.raises(DatabaseError):
        circles_logic.invite(cast.alice, "friend")
    assert not Invitation.objects.exists()


def test_joining_does_not_happen(cast, broken_trail):
    invitation, _token = circles_logic.invite(cast.alice, "friend")
    dana = make_user("dana")
    broken_trail()
    with pytest.raises(DatabaseError):
        circles_logic.accept_invitation(invitation, dana)
    assert not Member.objects.filter(user=dana).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_role_changes_and_removals_do_not_happen(cast, broken_trail):
    broken_trail()
    with pytest.raises(DatabaseError):
        circles_logic.make_owner(cast.alice, cast.bob)
    with pytest.raises(DatabaseError):
        circles_logic.remove_member(cast.alice, cast.carol)
    assert not Member.objects.get(pk=cast.bob.pk).is_owner
    assert Member.objects.get(pk=cast.carol.pk).left_at is None


def test_a_circle_is_not_started(db, broken_trail):
    dana = make_user("dana")
    broken_trail()
    with pytest.raises(DatabaseError):
        circles_logic.create_circle(dana, "Ours", "partner")
    assert not Circle.objects.exists()


def test_an_audience_is_not_widened(cast, broken_trail):
    entry = record_appreciation(cast.alice, "thanks", cast.bob, Audience.ONLY_ME)
    broken_trail()
    with pytest.raises(DatabaseError):
        change_audience(cast.alice, entry, AudienceChoice(Audience.CIRCLE), password_confirmed=True)
    assert Appreciation.objects.get(pk=entry.pk).audience == Audience.ONLY_ME


def test_an_entry_is_not_deleted(cast, broken_trail):
    entry = record_appreciation(cast.alice, "thanks", cast.bob, Audience.CIRCLE)
    broken_trail()
    with pytest.raises(DatabaseError):
        delete_entry(cast.alice, entry)
    assert Appreciation.objects.filter(pk=entry.pk).exists()
    assert not EntryDeletion.objects.exists()


def test_a_consent_is_not_signed(cast, broken_trail):
    broken_trail()
    with pytest.raises(DatabaseError):
        consent(cast.bob, cast.pat)
    assert not Consent.objects.exists()


def test_a_consent_is_not_revoked(cast, broken_trail):
    given = consent(cast.bob, cast.pat)
    broken_trail()
    with pytest.raises(DatabaseError):
        consent_logic.revoke(cast.bob, given)
    given.refresh_from_db()
    assert given.is_in_force()


# --- through the pages: the request fails and changes nothing --------------------------


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def browser(alice):
    """Alice's browser, signed in; a server error comes back as a 500 page, as in production."""
    client = Client(raise_request_exception=False)
    assert log_in(client, ALICE).status_code == 302
    return client


def test_logging_in_fails(alice, broken_trail):
    broken_trail()
    client = Client(raise_request_exception=False)
    assert log_in(client, ALICE).status_code == 500
    assert not is_signed_in(client)


def test_a_password_is_not_changed(browser, alice, broken_trail):
    broken_trail()
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert browser.post(reverse("account_change_password"), data).status_code == 500
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)


@pytest.mark.usefixtures("still_clock")
def test_two_step_login_is_not_turned_on(browser, alice, broken_trail):
    broken_trail()
    with pytest.raises(AssertionError):  # the helper expects the redirect of a success
        activate_totp(browser)
    assert not Authenticator.objects.filter(user=alice).exists()


def test_a_token_is_neither_made_nor_stopped(browser, alice, broken_trail):
    kept, _raw = AccessToken.issue(alice, "kept")
    mark_recently_authenticated(browser, alice)
    broken_trail()
    assert browser.post(reverse("accounts:tokens"), {"name": "phone"}).status_code == 500
    assert browser.post(reverse("accounts:revoke_token", args=[kept.pk])).status_code == 500
    assert list(AccessToken.objects.active().filter(user=alice)) == [kept]


def test_an_admin_change_does_not_happen(db, broken_trail):
    person = make_user("staff")
    person.is_staff = person.is_superuser = True
    person.save()
    staff = Client(raise_request_exception=False)
    staff.force_login(person)
    broken_trail()
    assert staff.post(reverse("admin:auth_group_add"), {"name": "canary-group"}).status_code == 500
    assert not Group.objects.exists()
