"""Site staff cannot become anyone: the admin shows account records but changes none of them.

An admin who could edit someone's email address, mark an address verified, delete their
two-step login or set their password could take the account over (SECURITY.md check 5).
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import AccessToken, User
from accounts.tests.helpers import log_in
from tests.support import PASSWORD, give_totp, make_user

ATTACKER_EMAIL = "staff-owned@example.test"


@pytest.fixture
def staff(client, db):
    """A staff superuser, signed in to the admin: the strongest staff account there is."""
    person = make_user("staff")
    person.is_staff = person.is_superuser = True
    person.save()
    client.force_login(person)
    return client


@pytest.fixture
def alice(alice):
    """Alice, with two-step login on: what staff must not be able to take away."""
    give_totp(alice)
    return alice


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def names_of_inputs(response) -> set[str]:
    import re

    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', response.content.decode()))


def test_the_admin_opens_for_staff(staff):
    assert staff.get(reverse("admin:index")).status_code == 200


def test_an_email_address_is_shown_without_a_form(staff, alice):
    address = EmailAddress.objects.get(user=alice)
    response = staff.get(admin_url(EmailAddress, "change", address.pk))
    assert response.status_code == 200
    assert names_of_inputs(response) <= {"csrfmiddlewaretoken"}


def test_staff_cannot_change_someones_email_address(staff, alice):
    address = EmailAddress.objects.get(user=alice)
    data = {"user": alice.pk, "email": ATTACKER_EMAIL, "verified": "on", "primary": "on"}
    response = staff.post(admin_url(EmailAddress, "change", address.pk), data)
    assert response.status_code == 403
    address.refresh_from_db()
    assert address.email == alice.email == "alice@example.test"


def test_staff_cannot_add_an_email_address_to_someones_account(staff, alice):
    assert staff.get(admin_url(EmailAddress, "add")).status_code == 403
    data = {"user": alice.pk, "email": ATTACKER_EMAIL, "verified": "on", "primary": ""}
    assert staff.post(admin_url(EmailAddress, "add"), data).status_code == 403
    assert not EmailAddress.objects.filter(email=ATTACKER_EMAIL).exists()


def test_staff_cannot_mark_an_address_verified(staff, alice):
    pending = EmailAddress.objects.create(user=alice, email="second@example.test", verified=False)
    data = {"action": "make_verified", "_selected_action": [pending.pk]}
    staff.post(admin_url(EmailAddress, "changelist"), data)
    pending.refresh_from_db()
    assert not pending.verified


def test_staff_cannot_delete_an_email_address(staff, alice):
    address = EmailAddress.objects.get(user=alice)
    assert staff.post(admin_url(EmailAddress, "delete", address.pk), {"post": "yes"}).status_code == 403
    assert EmailAddress.objects.filter(pk=address.pk).exists()


def test_staff_cannot_remove_someones_two_step_login(staff, alice):
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    assert staff.post(admin_url(Authenticator, "delete", totp.pk), {"post": "yes"}).status_code == 403
    data = {"action": "delete_selected", "_selected_action": [totp.pk], "post": "yes"}
    staff.post(admin_url(Authenticator, "changelist"), data)
    assert Authenticator.objects.filter(pk=totp.pk).exists()


def test_staff_cannot_change_or_add_an_authenticator(staff, alice):
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    data = {"user": alice.pk, "type": "totp", "data": "{}"}
    assert staff.post(admin_url(Authenticator, "change", totp.pk), data).status_code == 403
    assert staff.post(admin_url(Authenticator, "add"), data).status_code == 403
    totp.refresh_from_db()
    assert totp.data != {}


def test_an_authenticator_page_shows_no_sealed_secret(staff, alice):
    totp = Authenticator.objects.get(user=alice, type=Authenticator.Type.TOTP)
    response = staff.get(admin_url(Authenticator, "change", totp.pk))
    assert response.status_code == 200
    assert totp.data["secret"] not in response.content.decode()
    assert names_of_inputs(response) <= {"csrfmiddlewaretoken"}


def test_staff_cannot_move_a_session_to_another_person(staff):
    bob = make_user("bob")
    log_in(Client(), bob.email)
    session = UserSession.objects.get(user=bob)
    data = {"user": make_user("mallory").pk, "ip": "127.0.0.1", "session_key": session.session_key}
    assert staff.post(admin_url(UserSession, "change", session.pk), data).status_code == 403
    session.refresh_from_db()
    assert session.user == bob


def test_there_is_no_admin_page_for_people_or_their_passwords(staff, alice):
    for path in (
        f"/admin/accounts/user/{alice.pk}/change/",
        f"/admin/accounts/user/{alice.pk}/password/",
        "/admin/accounts/user/add/",
    ):
        response = staff.post(path, {"password1": "staff-chosen-pass-1", "password2": "staff-chosen-pass-1"})
        assert response.status_code == 404, path
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_staff_change_their_own_password_where_everyone_does(staff):
    """The admin's own form would change it without a notice or ending the staff member's tokens."""
    new = "staff-chosen-pass-1"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    response = staff.post(reverse("admin:password_change"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")
    assert User.objects.get(email="staff@example.test").check_password(PASSWORD)


def test_there_is_no_admin_page_for_api_tokens(staff, alice):
    AccessToken.issue(alice, "phone")
    assert staff.get("/admin/accounts/accesstoken/").status_code == 404
    assert admin.site.is_registered(AccessToken) is False


def _about_a_person(model) -> bool:
    """The user model itself, or a model that points at one person (an address, a login, a token)."""
    if model is User:
        return True
    return any(
        isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
        for field in model._meta.get_fields()
    )


def test_no_admin_can_add_change_or_delete_anything_about_a_person(staff):
    """A guard for the future: a new admin registration about people must be read-only too."""
    superuser = User.objects.get(email="staff@example.test")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    about_people = [(m, a) for m, a in admin.site._registry.items() if _about_a_person(m)]
    assert about_people  # the email, two-step login and session records are listed
    for model, model_admin in about_people:
        label = model._meta.label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
        assert not model_admin.get_actions(request), label
