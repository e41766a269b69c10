"""allauth adapters: Mend's encryption for MFA secrets, professional 2FA rules, and tokens
that end with "sign out everywhere"."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.dispatch import Signal

from lib import crypto

# MFA secrets are not rows of ours, so they are bound to a fixed place instead of
# a row; they still never touch the database in plaintext.
MFA_PLACE = crypto.binding("allauth_mfa_authenticator", "-", "data")

# Sent with `user` when someone asks to remove a way of two-step login; a receiver that
# returns True keeps it. Circles answers for professionals (circles/signals.py):
# accounts sits below circles on the map of apps, so it asks instead of importing.
two_factor_required = Signal()


class MendAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        from django.urls import reverse

        return reverse("home")


class MendMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.seal(crypto.configured_ring(), text, MFA_PLACE)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.open_sealed(crypto.configured_ring(), encrypted_text, MFA_PLACE)

    def can_delete_authenticator(self, authenticator) -> bool:
        answers = two_factor_required.send(sender=type(self), user=authenticator.user)
        if any(required for _receiver, required in answers):
            return False
        return super().can_delete_authenticator(authenticator)


class MendUserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        """Signing out everywhere also stops the person's API tokens: a token is a session too."""
        from accounts.notices import revoke_tokens

        super().end_sessions(sessions)
        owners = {session.user for session in sessions}
        # Called with no sessions when this is the only one; the person asking still means it.
        if self.request is not None and self.request.user.is_authenticated:
            owners.add(self.request.user)
        for owner in owners:
            revoke_tokens(owner)
