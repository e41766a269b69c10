"""What a row says to the person it is about, in plain words (the page and the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.models import Kind

SENTENCES = {
    Kind.LOGIN: _("You logged in."),
    Kind.LOGIN_FAILED: _("Someone tried to log in to your account with a wrong password."),
    Kind.LOCKED_OUT: _("Logging in to your account was paused for a while after too many wrong passwords."),
    Kind.PASSWORD_CHANGED: _("Your password was changed."),
    Kind.EMAIL_CHANGED: _("Your main email address was changed."),
    Kind.EMAIL_ADDED: _("An email address was added to your account."),
    Kind.EMAIL_REMOVED: _("An email address was removed from your account."),
    Kind.TWO_STEP_ON: _("Two-step login was turned on."),
    Kind.TWO_STEP_OFF: _("Two-step login was turned off."),
    Kind.RECOVERY_CODES: _("New recovery codes were made; the old ones stopped working."),
    Kind.TOKEN_CREATED: _("An access token for apps was made."),
    Kind.TOKEN_REVOKED: _("An access token for apps was stopped."),
    Kind.CIRCLE_CREATED: _("You started a circle."),
    Kind.CIRCLE_DELETED: _("You deleted a circle."),
    Kind.INVITATION_SENT: _("You made an invitation to a circle."),
    Kind.INVITATION_WITHDRAWN: _("An invitation to a circle was withdrawn."),
    Kind.INVITATION_ACCEPTED: _("You joined a circle."),
    Kind.INVITATION_DECLINED: _("You said no to an invitation to a circle."),
    Kind.MEMBER_LEFT: _("You left a circle."),
    Kind.MEMBER_REMOVED: _("You were removed from a circle."),
    Kind.MADE_OWNER: _("You were made an owner of a circle."),
    Kind.STEPPED_DOWN: _("You stepped down as an owner of a circle."),
    Kind.AUDIENCE_WIDENED: _("You shared one of your entries more widely."),
    Kind.ENTRY_DELETED: _("You deleted one of your entries."),
    Kind.PROFESSIONAL_APPROVED: _("You said yes to a professional joining your circle."),
    Kind.PROFESSIONAL_WITHDRAWN: _("You took back your yes to a professional."),
    Kind.SAFETY_ALERT_SENT: _(
        "As your consent allows, a professional was told you may need a check-in. "
        "They were not shown what you wrote."
    ),
    Kind.SAFETY_ALERT_ACKNOWLEDGED: _("A professional acknowledged that you may need a check-in."),
    Kind.PRACTICE_CREATED: _("A practice was started with you as its admin."),
    Kind.PRACTITIONER_ADDED: _("You joined a practice as one of its professionals."),
    Kind.PRACTITIONER_REMOVED: _("You were removed from a practice."),
    Kind.PROPOSED_TO_CIRCLE: _("Your practice invited you to work with a family’s circle."),
    Kind.CONSENT_SIGNED: _("You signed a consent for a professional to see some of your information."),
    Kind.CONSENT_CHANGED: _("You changed a consent for a professional (a new version replaced it)."),
    Kind.CONSENT_REVOKED: _("You revoked a consent for a professional."),
    Kind.ADMIN_ADDED: _("Site staff added a record to your account."),
    Kind.ADMIN_CHANGED: _("Site staff changed a record of your account."),
    Kind.ADMIN_DELETED: _("Site staff deleted a record of your account."),
}


class By:
    """Who acted, as the person reading sees it (stable values for the API)."""

    YOU = "you"
    SOMEONE_ELSE = "someone_else"
    NOBODY_SIGNED_IN = "nobody_signed_in"


BY_WORDS = {
    By.YOU: _("You"),
    By.SOMEONE_ELSE: _("Someone else"),
    By.NOBODY_SIGNED_IN: _("Someone not logged in"),
}
