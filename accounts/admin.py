"""Site staff may look at account records, never change them (SECURITY.md check 5).

Whoever can edit a person's email address, mark an address verified, delete their
two-step login or set their password can become that person. So the records allauth
registers are shown read-only here, and people themselves (with their passwords) and
their API tokens have no admin page at all. A person changes these things only through
their own settings, where each change is mailed to them and ends their API tokens
(accounts/notices.py) -- staff included, so the admin's own password form sends them there.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.usersessions.admin import UserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.shortcuts import redirect


class ReadOnly:
    """No add, change or delete, and no bulk actions (allauth's "mark verified" is one)."""

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EmailAddressView(ReadOnly, EmailAddressAdmin):
    pass


class AuthenticatorView(ReadOnly, AuthenticatorAdmin):
    # The sealed secret and recovery seed are nobody's business, sealed or not.
    fields = ("user", "type", "created_at", "last_used_at")


class UserSessionView(ReadOnly, UserSessionAdmin):
    pass


for model, view in (
    (EmailAddress, EmailAddressView),
    (Authenticator, AuthenticatorView),
    (UserSession, UserSessionView),
):
    admin.site.unregister(model)
    admin.site.register(model, view)


def change_own_password(request, extra_context=None):
    """The admin's password form would skip the notice and the token revocation."""
    return redirect("account_change_password")


admin.site.password_change = change_own_password
