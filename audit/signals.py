"""Receivers that write the rows for acts other code announces: logins, lockouts and the
account's keys (allauth's pages). Connected in apps.py, before accounts' own receivers, so
a row that cannot be written stops the act before anyone is mailed about it.

These acts run inside a transaction (allauth's own, or audit.middleware's for the
account pages), and a login whose row fails ends in an error page whose session is never
saved; so here too the act and its row stand or fall together.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from audit.models import Kind
from audit.trail import record


def _account_for(address: str):
    """The id of the account an address belongs to, or None: never the address itself."""
    from allauth.account.models import EmailAddress

    address = (address or "").strip()
    if not address:
        return None
    found = get_user_model().objects.filter(email__iexact=address).values_list("pk", flat=True).first()
    if found is None:
        found = EmailAddress.objects.filter(email__iexact=address).values_list("user_id", flat=True).first()
    return found


def logged_in(sender, request=None, user=None, **kwargs):
    record(Kind.LOGIN, actor=user, about=user)


def login_failed(sender, credentials=None, request=None, **kwargs):
    credentials = credentials or {}
    tried = credentials.get("email") or credentials.get("username") or ""
    record(Kind.LOGIN_FAILED, about=_account_for(tried))


def locked_out(sender, request=None, username=None, **kwargs):
    record(Kind.LOCKED_OUT, about=_account_for(username))


def _own(kind: Kind):
    def receiver(sender, user=None, **kwargs):
        record(kind, actor=user, about=user)

    receiver.__name__ = f"record_{kind.value}"
    return receiver


password_changed = _own(Kind.PASSWORD_CHANGED)
email_changed = _own(Kind.EMAIL_CHANGED)
email_added = _own(Kind.EMAIL_ADDED)
email_removed = _own(Kind.EMAIL_REMOVED)


def authenticator_saved(sender, instance=None, created=False, **kwargs):
    """Two-step login turned on. allauth's own signals come after the commit, too late to
    undo anything; the row's own save is inside allauth's transaction."""
    if created and instance.type != instance.Type.RECOVERY_CODES:
        record(Kind.TWO_STEP_ON, actor=instance.user_id, about=instance.user_id, target=instance)


def authenticator_deleted(sender, instance=None, **kwargs):
    """Two-step login turned off, or recovery codes replaced (deleted while the app stays).
    Codes deleted with the app belong to turning it off, as in accounts/notices.py."""
    if instance.type != instance.Type.RECOVERY_CODES:
        record(Kind.TWO_STEP_OFF, actor=instance.user_id, about=instance.user_id, target=instance)
        return
    others = (
        type(instance).objects.filter(user_id=instance.user_id).exclude(type=instance.Type.RECOVERY_CODES)
    )
    if others.exists():
        record(Kind.RECOVERY_CODES, actor=instance.user_id, about=instance.user_id, target=instance)
