"""Sending notifications: one function every feature calls, and the job that emails them."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from circles.models import Member
from lib.site import on_site
from notifications import rules
from notifications.models import FOR_PROFESSIONALS, Notification, Preferences
from safety.logic import keeps_apart

logger = logging.getLogger(__name__)

# After this many failed sends in one run the mail server is probably down: stop and
# let the next run try again, instead of waiting out a timeout for every message.
MAX_FAILURES_PER_RUN = 3


def preferences_for(user) -> Preferences:
    """The person's saved preferences, or the defaults (not saved) if they never chose."""
    prefs = getattr(user, "notification_preferences", None)
    return prefs if prefs is not None else Preferences(user=user)


def in_quiet_hours(local_now: time, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in quiet hours (which may run past midnight)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_now < end
    return local_now >= start or local_now < end


def _zone(name: str) -> zoneinfo.ZoneInfo:
    # A time zone that no longer exists must not stop notifications for everyone.
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def quiet_hours_end(now: datetime, prefs: Preferences, time_zone: str) -> datetime:
    """`now`, or the end of the quiet hours `now` falls in, as a UTC instant."""
    zone = _zone(time_zone)
    local = now.astimezone(zone)
    if not in_quiet_hours(local.time(), prefs.quiet_start, prefs.quiet_end):
        return now
    end_day = local.date() if local.time() < prefs.quiet_end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, prefs.quiet_end, tzinfo=zone).astimezone(UTC)


def notify(
    user,
    kind: str,
    url: str,
    *,
    circle_id=None,
    now: datetime | None = None,
    by=None,
    about=None,
) -> Notification | None:
    """Tell a person something is waiting for them, unless they switched this kind off.

    `by` is the member whose act this is. Nothing reaches someone from a member they said
    they are not safe with; the one acting is not told, so nothing reveals her answers.
    A professional member of the circle hears none of its news (FOR_PROFESSIONALS).
    `about` is the thing it is about (a promise, a pause, a repair, a plan): the page names
    it and the one who acted when shown, and news about a thing that is still unread is
    gathered into that one item (its time moves up and it counts one more) instead of
    adding another. Returns the item, or None when nothing was told.
    """
    now = now or timezone.now()
    prefs = preferences_for(user)
    if kind in (prefs.muted_kinds or []):
        return None
    if by is not None and keeps_apart(user.pk, by):
        return None
    if circle_id is not None and kind not in FOR_PROFESSIONALS and _professional_in(user, circle_id):
        return None
    target_id = getattr(about, "pk", about)
    actor_id = getattr(by, "pk", None)
    for _attempt in range(2):
        existing = _unread_about(user, kind, circle_id, target_id) if rules.gathers(kind, target_id) else None
        if existing is not None:
            if _gather(existing, actor_id, now):
                return existing
            continue  # read in the meantime: a new item is due
        email_due = quiet_hours_end(now, prefs, user.time_zone) if prefs.email else None
        try:
            with transaction.atomic():
                return Notification.objects.create(
                    user=user,
                    circle_id=circle_id,
                    kind=kind,
                    url=url,
                    actor_id=actor_id,
                    target_id=target_id,
                    created_at=now,
                    email_due_at=email_due,
                )
        except IntegrityError:
            continue  # the same news arrived at the same moment: gather into that one
    return None


def _professional_in(user, circle_id) -> bool:
    """News of a family's entries never reaches its professional (FOR_PROFESSIONALS)."""
    return (
        Member.objects.current()
        .filter(user_id=user.pk, circle_id=circle_id, role=Member.Role.PROFESSIONAL)
        .exists()
    )


def _unread_about(user, kind: str, circle_id, target_id) -> Notification | None:
    return (
        Notification.objects.filter(
            user=user, kind=kind, circle_id=circle_id, target_id=target_id, read_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def _gather(existing: Notification, actor_id, now: datetime) -> bool:
    """One more event in an unread item (rules.merge). No second email: while the item is
    unread, the one already sent (or still due) says all an email may say."""
    item = rules.merge(
        rules.Item(
            kind=existing.kind,
            circle_id=existing.circle_id,
            target_id=existing.target_id,
            actor_id=existing.actor_id,
            at=existing.created_at,
            count=existing.count,
        ),
        actor_id=actor_id,
        at=now,
    )
    changed = Notification.objects.filter(pk=existing.pk, read_at__isnull=True, count=existing.count).update(
        actor_id=item.actor_id, created_at=item.at, count=item.count
    )
    if changed:
        existing.actor_id, existing.created_at, existing.count = item.actor_id, item.at, item.count
    return bool(changed)


def mark_done(member, about=None, *, kinds: Iterable[str] = (), now: datetime | None = None) -> int:
    """The person acted on `about` (or did what notifications of `kinds` asked, in the
    member's circle): their unread items about it are read. Returns how many.

    Called by the features' logic where a person acts (confirms a promise, takes a repair
    step, comes back from a pause), so an item never stays "New" after it was dealt with.
    Only their own items change; nobody else learns anything (no read receipts).
    """
    kinds = list(kinds)
    if about is None and not kinds:
        raise ValueError("mark_done needs a thing or kinds")
    rows = Notification.objects.filter(user_id=member.user_id, read_at__isnull=True)
    if about is not None:
        rows = rows.filter(target_id=getattr(about, "pk", about))
    else:
        rows = rows.filter(circle_id=member.circle_id)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows.update(read_at=now or timezone.now())


# --- email delivery ---------------------------------------------------------------------


def deliver_due_emails(now: datetime | None = None) -> int:
    """The periodic job: email each notification that is due, at most once. Returns how many."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(email_due_at__lte=now, emailed_at__isnull=True)
        .select_related("user__notification_preferences")
        .order_by("email_due_at")
    )
    sent = failures = 0
    for notification in due:
        outcome = _deliver(notification, now)
        sent += outcome == "sent"
        failures += outcome == "failed"
        if failures >= MAX_FAILURES_PER_RUN:
            break
    return sent


def _deliver(notification: Notification, now: datetime) -> str:
    """Send one email, skip it, or hold it until quiet hours end; says which happened."""
    user = notification.user
    prefs = preferences_for(user)
    # Every change below is conditional on the row still being unsent and unchanged,
    # so two runs working at once (or a person saving preferences) cannot collide.
    pending = Notification.objects.filter(
        pk=notification.pk, emailed_at__isnull=True, email_due_at=notification.email_due_at
    )
    if not user.is_active or not prefs.email or notification.kind in (prefs.muted_kinds or []):
        # Switched off since it was created: no email is due any more (skipped).
        pending.update(email_due_at=None)
        return "skipped"
    later = quiet_hours_end(now, prefs, user.time_zone)
    if later > now:
        pending.update(email_due_at=later)
        return "deferred"
    # Claim before sending: a run that is interrupted and started again finds the row
    # claimed and never sends it a second time (SECURITY.md check 26).
    if not pending.update(emailed_at=now):
        return "taken"
    try:
        _send(user)
    except Exception:
        # Not sent: release the claim so the next run tries again. The log names the
        # row only, never its content (SECURITY.md check 13).
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        logger.warning("Notification email %s could not be sent; it will be retried.", notification.pk)
        return "failed"
    return "sent"


def email_links() -> dict[str, str]:
    """Absolute links for an email: the notifications page and the notification settings.

    Sent from a background job, so there is no request: the links follow MEND_SITE_URL,
    built the one way every mail link is (lib.site).
    """
    return {
        "notifications_url": on_site(reverse("notifications:list")),
        "settings_url": on_site(reverse("notifications:settings")),
    }


def _send(user) -> None:
    """One neutral email: no entry text, no circle name, not even the kind (check 14)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = gettext("You have an update in Mend")
        body = render_to_string("notifications/email.txt", email_links())
        send_mail(subject, body, None, [user.email])
