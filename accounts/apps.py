from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account import signals as account
        from allauth.mfa import signals as mfa
        from django.contrib.auth.signals import user_logged_in

        from accounts import checks, signals  # noqa: F401  (checks registers itself)

        user_logged_in.connect(signals.stamp_session_start)
        for two_step_change in (mfa.authenticator_added, mfa.authenticator_removed, mfa.authenticator_reset):
            # Tokens first: ending the other sessions stops them too, and the notice says so.
            two_step_change.connect(signals.two_step_changed)
            two_step_change.connect(signals.end_other_sessions)
        for new_password in (account.password_changed, account.password_reset, account.password_set):
            new_password.connect(signals.password_changed)
        account.email_changed.connect(signals.email_changed)
        account.email_added.connect(signals.email_added)
        account.email_removed.connect(signals.email_removed)
