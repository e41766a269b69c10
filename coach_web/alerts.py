"""Safety alerts under consent (issue 15, point 7).

When a member's consent in force says yes to safety alerts, a crisis-tier result of the
crisis screen on text that member wrote tells each professional the consent names that
the member "may need a check-in from you": an alert row, an in-app notification and the
neutral email notifications send. Nothing else: never the text, the category the screen
found, or the entry it was found in. Notice and concern results only show the member
help, as before. Without such a consent nothing reaches anyone.

The alert is written after the member's save commits (`transaction.on_commit`): the
member's save must never fail because of an alert, and an alert must never tell of a
save that was rolled back. If it cannot be written, the error is logged (with ids only)
and the member's save stands; the crisis card still reaches the member as always.

What the professional sees depends on the consent in force when they look: revoking the
consent, turning safety alerts off, or its expiry takes unacknowledged alerts off their
list at once, and stops new ones.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.trail import Kind as AuditKind
from audit.trail import record
from circles.audience.models import AudienceEntry
from circles.models import Consent, Member
from coach_web.models import SafetyAlert

# The member's words for what an alert is, shown on the consent page beside the choice:
# they live in lib (as the crisis lines do) so the consent pages in circles/, below this
# app, show the very same sentence; named again here for this app's readers.
from lib.alert_words import WHAT_AN_ALERT_IS as WHAT_AN_ALERT_IS
from lib.alert_words import what_an_alert_is as what_an_alert_is
from lib.refusal import Refused
from notifications.logic import mark_done, notify
from notifications.models import Kind as NoticeKind

log = logging.getLogger(__name__)

# The Member fields that may name who wrote a text, in the order they are asked.
WRITER_FIELDS = ("author", "by", "member", "owner")


class AlertNotFound(Refused):
    """Not an alert this professional may see: answered exactly like one that does not exist."""

    status = 404
    code = "not_found"


# --- who is told ------------------------------------------------------------------------


def writer_of(instance, user) -> Member | None:
    """The membership of `user` that wrote `instance`'s text, or None.

    Entries name their `author`; other texts name the member who wrote them (`by` on a
    promise's outcome, `member` on one's own phrase, `owner` on a support person) or
    belong to an entry (a plan's decision or offer: the plan's author). Only the person
    whose request saved the text is ever the writer, so an alert is never about someone
    who did not write it.
    """
    candidates = [getattr(instance, name, None) for name in WRITER_FIELDS]
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model and issubclass(field.related_model, AudienceEntry):
            candidates.append(getattr(getattr(instance, field.name, None), "author", None))
    for member in candidates:
        if isinstance(member, Member) and member.user_id == user.pk and member.left_at is None:
            return member
    return None


def _consents_covering(at: datetime, moment):
    """Consents in force at `at` that say yes to safety alerts and cover the data of
    `moment` (a time, or the alert's time as an outer reference)."""
    return Consent.objects.active(at).filter(
        Q(data_to__isnull=True) | Q(data_to__gte=moment), safety_alerts=True, data_from__lte=moment
    )


def professionals_told(member: Member, at: datetime) -> list[Member]:
    """The current professionals of the member's circle that a consent in force names for alerts."""
    return list(
        Member.objects.current()
        .filter(
            circle_id=member.circle_id,
            role=Member.Role.PROFESSIONAL,
            pk__in=_consents_covering(at, at).filter(member=member).values("recipients"),
        )
        .select_related("user")
    )


def covered(alerts, at: datetime | None = None):
    """The alerts among `alerts` that a consent in force at `at` (now) still covers: it
    says yes to alerts for their professional and covers the alert's time, and both
    people are still in the circle."""
    at = at or timezone.now()
    covering = _consents_covering(at, OuterRef("last_at")).filter(
        member_id=OuterRef("member_id"), recipients=OuterRef("professional_id")
    )
    return alerts.filter(Exists(covering), member__left_at__isnull=True, professional__left_at__isnull=True)


def shown(at: datetime | None = None):
    """Unacknowledged alerts a professional may see now (see `covered`)."""
    return covered(SafetyAlert.objects.filter(acknowledged_at__isnull=True), at)


# --- a crisis result --------------------------------------------------------------------


def after_crisis(request, instance) -> None:
    """Called by the crisis screen for a crisis-tier result: alert once the save commits.

    One request is one act of writing, however many times it saves the text (an entry is
    often saved again to set its audience): it counts once.
    """
    member = writer_of(instance, request.user)
    if member is None:
        return
    done = request.__dict__.setdefault("mend_alerted", set())
    if member.pk in done:
        return
    done.add(member.pk)
    at = timezone.now()
    transaction.on_commit(lambda: _record_safely(member, at))


def _record_safely(member: Member, at: datetime) -> None:
    try:
        record_crisis(member, at)
    except Exception:
        # Ids only: never the text or what was found (SECURITY.md check 13).
        log.exception("Safety alerts for member %s could not be written", member.pk)


def record_crisis(member: Member, at: datetime | None = None) -> list[SafetyAlert]:
    """One crisis result of `member`: an alert (new or gathered) for each professional told.

    Each professional's alert and its audit row are one transaction; one that fails is
    logged and does not stop the others. Returns the alerts written.
    """
    at = at or timezone.now()
    written = []
    for professional in professionals_told(member, at):
        try:
            with transaction.atomic():
                alert = _open_alert(member, professional, at)
                record(
                    AuditKind.SAFETY_ALERT_SENT,
                    actor=member.user_id,
                    about=member.user_id,
                    circle=member.circle_id,
                    target=alert,
                )
        except Exception:
            log.exception("A safety alert for professional %s could not be written", professional.pk)
            continue
        written.append(alert)
        try:
            notify(
                professional.user,
                NoticeKind.SAFETY_ALERT,
                reverse("coach_web:alerts", args=[member.circle_id]),
                circle_id=member.circle_id,
                now=at,
                by=member,
                about=alert,
            )
        except Exception:
            # The alert stands on the professional's list; only the notification is lost.
            log.exception("The notification of safety alert %s could not be written", alert.pk)
    return written


def _open_alert(member: Member, professional: Member, at: datetime) -> SafetyAlert:
    """Gather into the open alert, or open one. An open alert no consent shows any more
    (revoked, then consented again from a later date) starts again from this result."""
    for _attempt in range(2):
        existing = SafetyAlert.objects.filter(
            member=member, professional=professional, acknowledged_at__isnull=True
        ).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return SafetyAlert.objects.create(
                        circle_id=member.circle_id,
                        member=member,
                        professional=professional,
                        created_at=at,
                        last_at=at,
                    )
            except IntegrityError:
                continue  # opened at the same moment by another save: gather into it
        still_open = SafetyAlert.objects.filter(pk=existing.pk, acknowledged_at__isnull=True)
        if shown(at).filter(pk=existing.pk).exists():
            changed = still_open.update(count=F("count") + 1, last_at=at)
        else:
            changed = still_open.update(count=1, created_at=at, last_at=at)
        if changed:
            existing.refresh_from_db()
            return existing
    raise IntegrityError("the open safety alert kept changing")


# --- what the professional sees ---------------------------------------------------------


def unacknowledged_for(professional: Member) -> dict[UUID, list[SafetyAlert]]:
    """The professional's unacknowledged alerts in their circle, by member, in one query."""
    found: dict[UUID, list[SafetyAlert]] = defaultdict(list)
    for alert in shown().filter(professional=professional).select_related("member__user"):
        found[alert.member_id].append(alert)
    return dict(found)


def unacknowledged_for_many(user) -> dict[UUID, dict[UUID, list[SafetyAlert]]]:
    """Every circle's unacknowledged alerts of a professional (a user), by circle then
    member, in one query whatever the number of circles: for the caseload."""
    found: dict[UUID, dict[UUID, list[SafetyAlert]]] = defaultdict(lambda: defaultdict(list))
    for alert in shown().filter(professional__user=user).select_related("member__user"):
        found[alert.circle_id][alert.member_id].append(alert)
    return {circle_id: dict(by_member) for circle_id, by_member in found.items()}


def flat(by_member: dict[UUID, list[SafetyAlert]]) -> list[SafetyAlert]:
    """One circle's alerts as one list, latest first (what `coach_web/_alerts.html` takes)."""
    return sorted((a for alerts in by_member.values() for a in alerts), key=lambda a: a.last_at, reverse=True)


# --- acknowledging ----------------------------------------------------------------------


def acknowledge(professional: Member, alert_id) -> SafetyAlert:
    """The professional says they saw an alert sent to them: who and when, on the audit
    trail of the member it is about. Anyone else's alert, or one no consent shows any
    more, is `AlertNotFound` (404), like one that does not exist. Acknowledging twice
    changes nothing."""
    rows = SafetyAlert.objects.filter(pk=alert_id, professional=professional)
    alert = covered(rows).select_related("member__user").first()
    if alert is None:
        raise AlertNotFound(_("Not found."))
    if alert.acknowledged_at is not None:
        return alert
    now = timezone.now()
    with transaction.atomic():
        changed = SafetyAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=professional
        )
        if changed:
            record(
                AuditKind.SAFETY_ALERT_ACKNOWLEDGED,
                actor=professional.user_id,
                about=alert.member.user_id,
                circle=alert.circle_id,
                target=alert,
            )
            mark_done(professional, about=alert, now=now)
    alert.refresh_from_db()
    return alert


def professional_for(user, alert_id) -> Member:
    """The caller's current membership an alert was sent to (the API's door), else 404."""
    member = (
        Member.objects.current()
        .filter(user=user, role=Member.Role.PROFESSIONAL, safety_alerts_received__pk=alert_id)
        .first()
    )
    if member is None:
        raise AlertNotFound(_("Not found."))
    return member
