from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa import signals as mfa
        from django.contrib.auth.signals import user_logged_in

        from accounts import signals

        user_logged_in.connect(signals.stamp_session_start)
        for two_step_change in (mfa.authenticator_added, mfa.authenticator_removed, mfa.authenticator_reset):
            two_step_change.connect(signals.end_other_sessions)
