"""What happens when an account's keys change: its API tokens stop working, and the
person is told by email.

Someone who got into an account (a shared phone, a guessed password) may change its
password, email address or two-step login to keep it. The mail reaches the person at
every address the account had before and after the change, so they hear of it while
they can still take the account back; and whatever tokens were made meanwhile die with
the old keys.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessToken
from lib.site import site_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One kind of change: the mail's subject and its first sentence (with %(when)s)."""

    subject: str
    sentence: str


PASSWORD = Change(_("Your password was changed"), _("Your Mend password was changed on %(when)s."))
TWO_STEP_ON = Change(
    _("Two-step login was turned on"), _("Two-step login was turned on for your Mend account on %(when)s.")
)
TWO_STEP_OFF = Change(
    _("Two-step login was turned off"), _("Two-step login was turned off for your Mend account on %(when)s.")
)
RECOVERY_CODES = Change(
    _("New recovery codes were made"),
    _("New recovery codes were made for your Mend account on %(when)s. The old codes no longer work."),
)
EMAIL_CHANGED = Change(
    _("Your email address was changed"),
    _("The email address of your Mend account was changed from %(old)s to %(new)s on %(when)s."),
)
EMAIL_ADDED = Change(
    _("An email address was added to your account"),
    _(
        "%(new)s was added to your Mend account on %(when)s. Once it is confirmed, "
        "it can be used to log in and to choose a new password."
    ),
)
EMAIL_REMOVED = Change(
    _("An email address was removed from your account"),
    _("%(old)s was removed from your Mend account on %(when)s."),
)


def revoke_tokens(user) -> int:
    """Stop every live API token of a person; says how many there were."""
    return AccessToken.objects.filter(user=user).revoke()


def verified_addresses(user) -> list[str]:
    """Every address the person confirmed, the main one first."""
    from allauth.account.models import EmailAddress

    found = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    return list(found.values_list("email", flat=True))


def tell(user, change: Change, *, to: Iterable[str] = (), tokens_revoked: int = 0, **names: str) -> None:
    """Mail a person that their account changed: what, when, and what to do if it was not them."""
    addresses = list(dict.fromkeys([*to, *verified_addresses(user)]))
    if not addresses:
        return
    site = site_url(allauth_context.request)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "sentence": change.sentence % {"when": _when(user), **names},
            "tokens_revoked": tokens_revoked,
            "reset_url": site + reverse("account_reset_password"),
            "tokens_url": site + reverse("accounts:tokens"),
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(change.subject)
        body = render_to_string("accounts/mail/account_changed.txt", context).strip() + "\n"
    # One message per address: no address learns the others from the To line.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except Exception:
            # The change itself is done and must not look failed; the log names the
            # account only, never the address (SECURITY.md check 13).
            logger.warning("An account-change notice for user %s could not be sent.", user.pk)


def _when(user) -> str:
    """Now, as the person reads a date, in their own time zone (named, so it cannot mislead)."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    moment = formats.date_format(timezone.localtime(timezone.now(), zone), "DATETIME_FORMAT")
    return f"{moment} ({zone.key})"
