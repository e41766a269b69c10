"""Signing, changing and revoking a consent: one function per change.

A member signs after confirming their password (`password`, checked here; SECURITY.md,
check 10); what they read is rendered from the versioned text (`circles.consent.text`)
and kept by version, language and SHA-256. A change is a new row that `replaces` the old
one (then SUPERSEDED), in one transaction; a revocation ends a consent at once. Every
act writes an audit row in the same transaction and, once committed, tells the
professionals it names (`signals.consent_changed`: a content-free notification).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Kind
from audit.trail import record
from circles.consent import text
from circles.consent.categories import Category, Level, Purpose
from circles.consent.signals import consent_changed
from circles.models import Consent, ConsentScope, Member
from lib.refusal import Refused

DEFAULT_DAYS = 183  # about six months: the expiry offered by default
LONGEST_DAYS = 3 * 366  # a consent lasts three years at most; sign again after that


class ConsentRefused(Refused):
    code = "consent"


class ConsentPasswordWrong(ConsentRefused):
    status = 403
    code = "password_needed"

    def __init__(self):
        super().__init__(_("Please type your Mend password to sign. It did not match."))


@dataclass(frozen=True)
class ConsentChoices:
    """What a member chooses when signing: everything §2.31 asks for that is theirs to say.

    `scopes` is {category: level}; `data_from` None means the day of signing.
    """

    recipients: tuple[Member, ...]
    scopes: dict
    expires_on: date
    purposes: tuple[str, ...] = (Purpose.TREATMENT,)
    data_from: date | None = None
    safety_alerts: bool = False
    language: str = "en"
    signed_for_by: str = ""


def _zone(member: Member) -> ZoneInfo:
    try:
        return ZoneInfo(member.user.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def today_for(member: Member) -> date:
    return timezone.now().astimezone(_zone(member)).date()


def default_expiry(member: Member) -> date:
    return today_for(member) + timedelta(days=DEFAULT_DAYS)


def start_of(member: Member, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_zone(member))


def end_of(member: Member, day: date) -> datetime:
    """The last moment of `day` in the member's time zone: a consent is in force all of it."""
    return datetime.combine(day, time.max, tzinfo=_zone(member))


def professionals_for(member: Member):
    """The circle's current professionals other than `member`: whom `member` may consent to."""
    return (
        Member.objects.current()
        .filter(circle_id=member.circle_id, role=Member.Role.PROFESSIONAL)
        .exclude(pk=member.pk)
        .select_related("user")
        .order_by("joined_at")
    )


def recipient_names(recipients: Iterable[Member]) -> str:
    return ", ".join(sorted((r.name for r in recipients), key=str.casefold))


def _check(member: Member, choices: ConsentChoices) -> None:
    if member.is_professional:
        raise ConsentRefused(_("A professional does not give consent here; the members of the circle do."))
    if member.left_at is not None:
        raise ConsentRefused(_("You are no longer in this circle."))
    if not choices.recipients:
        raise ConsentRefused(_("Please choose the professional this consent is for."))
    allowed = set(professionals_for(member).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in choices.recipients):
        raise ConsentRefused(_("A consent can only name professionals who are in this circle now."))
    if not choices.scopes:
        raise ConsentRefused(_("Please choose at least one kind of information they may see."))
    if any(c not in Category.values or lv not in Level.values for c, lv in choices.scopes.items()):
        raise ConsentRefused(_("Please choose from the kinds of information listed."))
    if not choices.purposes or any(p not in Purpose.values for p in choices.purposes):
        raise ConsentRefused(_("Please choose what this consent is for."))
    today = today_for(member)
    if choices.expires_on <= today:
        raise ConsentRefused(_("Please choose an end date after today."))
    if choices.expires_on > today + timedelta(days=LONGEST_DAYS):
        raise ConsentRefused(_("A consent can last three years at most. Please choose an earlier end date."))
    if choices.data_from is not None and choices.data_from > today:
        raise ConsentRefused(_("Please choose a start date that is today or earlier."))


def shown_text(member: Member, choices: ConsentChoices, signed_on: date | None = None) -> text.Shown:
    """The exact text a member reads for these choices (and signs, unchanged)."""
    signed_on = signed_on or today_for(member)
    return text.render(
        member_name=member.name,
        circle_name=member.circle.name,
        recipient_names=recipient_names(choices.recipients),
        scopes=choices.scopes,
        purposes=choices.purposes,
        data_from=choices.data_from or signed_on,
        expires_at=choices.expires_on,
        safety_alerts=choices.safety_alerts,
        signed_on=signed_on,
        language=choices.language,
    )


def _confirm_password(member: Member, password: str) -> None:
    if not password or not member.user.check_password(password):
        raise ConsentPasswordWrong()


def _create(member: Member, choices: ConsentChoices, now: datetime, replaces: Consent | None) -> Consent:
    shown = shown_text(member, choices)
    data_from_day = choices.data_from or today_for(member)
    consent = Consent.objects.create(
        member=member,
        recipient_names=recipient_names(choices.recipients),
        signed_for_by=choices.signed_for_by,
        purposes=[p for p in Purpose.values if p in choices.purposes],
        data_from=start_of(member, data_from_day),
        data_to=None,
        expires_at=end_of(member, choices.expires_on),
        safety_alerts=choices.safety_alerts,
        text_version=shown.version,
        language=shown.language,
        text_sha256=shown.sha256,
        text_shown=shown.text,
        signed_at=now,
        reauthenticated_at=now,
        replaces=replaces,
    )
    consent.recipients.set(choices.recipients)
    ConsentScope.objects.bulk_create(
        ConsentScope(consent=consent, category=category, level=level)
        for category, level in choices.scopes.items()
    )
    return consent


def _tell(consent: Consent, change: str, recipients) -> None:
    """Once the act is saved (called after its transaction, like other news in Mend)."""
    consent_changed.send(Consent, consent=consent, change=change, recipients=list(recipients))


def sign(member: Member, choices: ConsentChoices, password: str) -> Consent:
    """`member` signs a new consent, after typing their password again."""
    _check(member, choices)
    _confirm_password(member, password)
    now = timezone.now()
    with transaction.atomic():
        consent = _create(member, choices, now, None)
        record(Kind.CONSENT_SIGNED, actor=member, about=member, circle=member.circle_id, target=consent)
    _tell(consent, "given", choices.recipients)
    return consent


def _lock_in_force(member: Member, consent: Consent) -> Consent:
    locked = Consent.objects.select_for_update().filter(pk=consent.pk, member=member).first()
    if locked is None or not locked.is_in_force():
        raise ConsentRefused(_("This consent is no longer in force. Please look at your consents again."))
    return locked


def change(member: Member, consent: Consent, choices: ConsentChoices, password: str) -> Consent:
    """`member` changes a consent in force: a new version replaces it, in one transaction."""
    _check(member, choices)
    _confirm_password(member, password)
    now = timezone.now()
    with transaction.atomic():
        old = _lock_in_force(member, consent)
        before = list(old.recipients.all())
        Consent.objects.filter(pk=old.pk).update(status=Consent.Status.SUPERSEDED, ended_at=now)
        new = _create(member, choices, now, old)
        record(Kind.CONSENT_CHANGED, actor=member, about=member, circle=member.circle_id, target=new)
    told = {m.pk: m for m in [*before, *choices.recipients]}
    _tell(new, "changed", told.values())
    return new


def revoke(member: Member, consent: Consent) -> Consent:
    """`member` revokes a consent in one step: from the next request on it covers nothing."""
    now = timezone.now()
    with transaction.atomic():
        old = _lock_in_force(member, consent)
        Consent.objects.filter(pk=old.pk).update(status=Consent.Status.REVOKED, ended_at=now)
        old.refresh_from_db()
        record(Kind.CONSENT_REVOKED, actor=member, about=member, circle=member.circle_id, target=old)
    _tell(old, "revoked", old.recipients.all())
    return old


def consents_of(member: Member):
    """Every consent `member` signed in this circle, newest first (current and history)."""
    return (
        Consent.objects.filter(member=member)
        .prefetch_related("scopes", "recipients__user")
        .order_by("-signed_at")
    )


def naming(professional: Member):
    """The consents in force that name `professional`, from members of their circle."""
    return (
        Consent.objects.active()
        .filter(
            recipients=professional, member__circle_id=professional.circle_id, member__left_at__isnull=True
        )
        .select_related("member__user")
        .prefetch_related("scopes")
        .order_by("signed_at")
    )


def choices_of(consent: Consent, **overrides) -> ConsentChoices:
    """A consent's choices, to start a change from."""
    values = {
        "recipients": tuple(consent.recipients.all()),
        "scopes": {s.category: s.level for s in consent.scopes.all()},
        "expires_on": (consent.expires_at - timedelta(seconds=1)).astimezone(_zone(consent.member)).date(),
        "purposes": tuple(consent.purposes),
        "data_from": consent.data_from.astimezone(_zone(consent.member)).date(),
        "safety_alerts": consent.safety_alerts,
        "language": consent.language,
    }
    values.update(overrides)
    return ConsentChoices(**values)


def text_of(consent: Consent) -> str:
    """The exact text the member read and signed (its digest is `text_sha256`)."""
    return consent.text_shown
