"""allauth adapters: a new account's name, language and time zone, links in mail from the
site's address, Mend's encryption for MFA secrets, professional 2FA rules, and tokens
that end with "sign out everywhere"."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings
from django.dispatch import Signal
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lib import crypto
from lib.site import on_site, site_url

# MFA secrets are not rows of ours, so they are bound to a fixed place instead of
# a row; they still never touch the database in plaintext.
MFA_PLACE = crypto.binding("allauth_mfa_authenticator", "-", "data")

# Sent with `user` when someone asks to remove a way of two-step login; a receiver that
# returns True keeps it. Circles answers for professionals (circles/signals.py):
# accounts sits below circles on the map of apps, so it asks instead of importing.
two_factor_required = Signal()


# The links allauth puts in its mails; each is moved onto the site's configured address.
MAILED_LINKS = ("activate_url", "password_reset_url", "signup_url")


class MendAccountAdapter(DefaultAccountAdapter):
    # The refusals a person can meet, in Mend's words (allauth's Spanish says "usted").
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is switched off."),
        "cannot_remove_primary_email": _(
            "Your main email address stays. Make another address the main one first."
        ),
        "duplicate_email": _("This address is already on your account."),
        "email_password_mismatch": _("The email address or the password is not correct."),
        "enter_current_password": _("Please type your current password."),
        "incorrect_code": _("That code is not right. Please check it and try again."),
        "incorrect_password": _("That password is not right."),
        "too_many_login_attempts": _("Too many tries. Please wait a little and try again."),
        "unverified_primary_email": _("Please confirm that address before making it your main one."),
    }

    def get_login_redirect_url(self, request):
        from django.urls import reverse

        return reverse("home")

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the name it gave, the language it signed up in and the
        browser's time zone (the sign-up form checks it is a real one)."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.display_name = data.get("display_name", "")
        user.language = current_language()
        user.time_zone = data.get("time_zone") or settings.TIME_ZONE
        if commit:
            user.save()
        return user

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ):
        """allauth's messages about a person (say "Welcome, María.") in that person's language:
        at log-in the request still speaks the language of the page before it."""
        user = (message_context or {}).get("user")
        language = getattr(user, "language", "") or current_language()
        with translation.override(language):
            return super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix, email, context_data):
        """Every allauth mail: links on the site's address, in the person's own language."""
        request = context.request
        extra = {name: on_site(context_data[name], request) for name in MAILED_LINKS if name in context_data}
        context_data = {**context_data, **extra, "site_url": site_url(request)}
        user = context_data.get("user")
        language = getattr(user, "language", "") or current_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context_data)


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


def current_language() -> str:
    """The language in use now (chosen with the switcher, or the browser's), if Mend has it."""
    language = (translation.get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
