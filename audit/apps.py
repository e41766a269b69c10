from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default = True  # this module holds the admin's config too
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from allauth.account import signals as account
        from allauth.mfa.models import Authenticator
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth
        from django.db.models.signals import post_delete, post_save

        from audit import signals

        auth.user_logged_in.connect(signals.logged_in, dispatch_uid="audit-login")
        auth.user_login_failed.connect(signals.login_failed, dispatch_uid="audit-login-failed")
        user_locked_out.connect(signals.locked_out, dispatch_uid="audit-locked-out")
        for new_password in (account.password_changed, account.password_reset, account.password_set):
            new_password.connect(signals.password_changed, dispatch_uid=f"audit-{id(new_password)}")
        account.email_changed.connect(signals.email_changed, dispatch_uid="audit-email-changed")
        account.email_added.connect(signals.email_added, dispatch_uid="audit-email-added")
        account.email_removed.connect(signals.email_removed, dispatch_uid="audit-email-removed")
        post_save.connect(signals.authenticator_saved, sender=Authenticator, dispatch_uid="audit-2fa-on")
        post_delete.connect(signals.authenticator_deleted, sender=Authenticator, dispatch_uid="audit-2fa-off")


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site whose every model page writes the audit trail
    (in INSTALLED_APPS in place of django.contrib.admin)."""

    default = False
    default_site = "audit.admin_site.AuditedAdminSite"
