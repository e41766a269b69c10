"""Rules for check-ins, cravings and time-outs: one function per change."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from checkins import vocabulary as v
from checkins.models import (
    MIN_TIMEOUT_MINUTES,
    CheckIn,
    Connection,
    Craving,
    Feeling,
    Reminder,
    Sensation,
    TimeOut,
    Urge,
)
from circles.audience import Audience
from circles.models import Member
from lib.refusal import Refused
from notifications.logic import mark_done, notify
from notifications.models import Kind
from safety.logic import at_risk_pairs, at_risk_with, resources


class CheckInRefused(Refused):
    """Input a check-in cannot hold; the message is for the person."""

    code = "checkin_rule"


@dataclass
class CheckInData:
    state: str
    feelings: dict[str, int | None] = field(default_factory=dict)  # feeling -> intensity 1–5 or None
    sensations: list[tuple[str, str]] = field(default_factory=list)  # (region, kind); kind may be ""
    urges: list[str] = field(default_factory=list)
    connections: dict = field(default_factory=dict)  # Member -> 1–5
    note: str = ""


@dataclass
class CravingData:
    level: int | None = None  # None: no level given (only the urge to use, say)
    used: bool = False
    audience: str = Audience.ONLY_ME
    chosen: list = field(default_factory=list)


def may_report_cravings(member: Member) -> bool:
    return member.role == Member.Role.PERSON_IN_RECOVERY


def _check(data: CheckInData) -> None:
    """The rules a form also enforces, so the API cannot store what a page would refuse."""
    if any(
        f not in v.FEELINGS or (i is not None and not v.INTENSITY_MIN <= i <= v.INTENSITY_MAX)
        for f, i in data.feelings.items()
    ):
        raise CheckInRefused(
            gettext("Please choose feelings from the list, each with a strength from 1 to 5.")
        )
    regions, kinds = dict(v.REGIONS), dict(v.SENSATIONS)
    if any(r not in regions or (k and k not in kinds) for r, k in data.sensations):
        raise CheckInRefused(gettext("Please choose what you notice in your body from the list."))
    if any(u not in dict(v.URGES) for u in data.urges):
        raise CheckInRefused(gettext("Please choose urges from the list."))
    if any(not v.CONNECTION_MIN <= s <= v.CONNECTION_MAX for s in data.connections.values()):
        raise CheckInRefused(gettext("Please choose how connected you feel, from 1 to 5."))


def record_checkin(
    author: Member,
    data: CheckInData,
    *,
    audience=Audience.ONLY_ME,
    chosen=(),
    professional_may_see=False,
    craving: CravingData | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Save a check-in with its parts; cravings get their own, stricter audience.

    An urge to use goes with the cravings, never among the check-in's urges: it is sealed
    with them and seen only by whom the cravings' audience allows (private by default).
    """
    _check(data)
    urges = list(dict.fromkeys(data.urges))
    urge_to_use = v.USE_URGE in urges
    if craving is not None and not (
        may_report_cravings(author)
        and (craving.level is None or v.CRAVING_MIN <= craving.level <= v.CRAVING_MAX)
    ):
        raise CheckInRefused(gettext("Cravings are for the person in recovery to note, from 0 to 10."))
    reachable = set(
        Member.objects.reachable().filter(circle_id=author.circle_id).values_list("pk", flat=True)
    )
    with transaction.atomic():
        checkin = CheckIn(
            circle_id=author.circle_id,
            author=author,
            state=data.state,
            note=data.note,
            created_at=now or timezone.now(),
        )
        checkin.save()
        checkin.set_audience(audience, chosen, professional_may_see)
        Feeling.objects.bulk_create(
            [Feeling(checkin=checkin, feeling=f, intensity=i) for f, i in data.feelings.items()]
        )
        Sensation.objects.bulk_create(
            [Sensation(checkin=checkin, region=r, kind=k) for r, k in data.sensations]
        )
        Urge.objects.bulk_create([Urge(checkin=checkin, urge=u) for u in urges if u != v.USE_URGE])
        Connection.objects.bulk_create(
            [
                Connection(checkin=checkin, member=m, score=s)
                for m, s in data.connections.items()
                if m.pk in reachable and m.pk != author.pk
            ]
        )
        if craving is not None or urge_to_use:
            _record_craving(checkin, craving or CravingData(), urge_to_use)
    mark_done(author, kinds=(Kind.CHECKIN_REMINDER,))  # checked in: the reminder is dealt with
    return checkin


def _record_craving(checkin: CheckIn, craving: CravingData, urge_to_use: bool) -> Craving:
    item = Craving(
        circle_id=checkin.circle_id,
        author=checkin.author,
        checkin=checkin,
        level=craving.level,
        used=craving.used,
        urge_to_use=urge_to_use,
        created_at=checkin.created_at,
    )
    item.save()
    # Never wider than the check-in it belongs to: the stricter of the two always wins.
    item.set_audience(craving.audience, craving.chosen, professional_may_see=False)
    return item


# --- time-outs -----------------------------------------------------------------------


class TimeOutUnavailable(CheckInRefused):
    """A pause with this person is off (safety gating). The message never says why.

    `caller_at_risk` is for the caller's own page only: they said they are not safe
    with the other person, so they are shown safety resources.
    """

    code = "timeout_unavailable"

    def __init__(self, other: Member, caller_at_risk: bool):
        self.neutral = gettext("A time-out with %(name)s isn't available right now.") % {"name": other.name}
        words = [self.neutral]
        if caller_at_risk:
            # Only the member at risk reads why, and where to find help.
            words += [
                gettext(
                    "Because of your answers to the safety questions, joint exercises with %(name)s "
                    "are off for you."
                )
                % {"name": other.name},
                resources(),
            ]
        super().__init__(" ".join(words))
        self.other = other
        self.caller_at_risk = caller_at_risk


def call_timeout(
    caller: Member,
    other: Member,
    minutes: int,
    *,
    tool: str = "",
    reason: str = "",
    share_reason: bool = False,
    now: datetime | None = None,
) -> TimeOut:
    """Call a pause: the other person is told at once that a pause was called, not why."""
    if minutes < MIN_TIMEOUT_MINUTES:
        raise CheckInRefused(
            gettext("A pause lasts at least %(minutes)s minutes, so bodies can settle.")
            % {"minutes": MIN_TIMEOUT_MINUTES}
        )
    # Not the professional, who could not see the pause they were told about.
    reachable = Member.objects.choosable_by(caller)
    if not reachable.filter(pk=other.pk).exists():
        raise CheckInRefused(
            gettext("Please choose someone in this circle who can be reached for the pause.")
        )
    if at_risk_with(caller, other):
        # Only the person who said they are not safe is refused, and shown where help is.
        raise TimeOutUnavailable(other, caller_at_risk=True)
    # The other way round, the pause is made as always and never reaches the member at
    # risk (TimeOut.objects.visible_to, and `notify(by=...)`): the caller must not learn
    # of her answers.
    now = now or timezone.now()
    with transaction.atomic():
        timeout = TimeOut(
            circle_id=caller.circle_id,
            author=caller,
            with_member=other,
            return_at=now + timedelta(minutes=minutes),
            tool=tool,
            reason=reason,
            share_reason=share_reason,
            created_at=now,
        )
        timeout.save()
        timeout.set_audience(Audience.CHOSEN, [other])
    notify(
        other.user,
        Kind.TIMEOUT_CALLED,
        _timeout_url(timeout),
        circle_id=caller.circle_id,
        now=now,
        by=caller,
        about=timeout,
    )
    return timeout


def _timeout_url(timeout: TimeOut) -> str:
    return reverse("checkins:timeout", args=[timeout.circle_id, timeout.pk])


def remind_to_return(now: datetime | None = None) -> int:
    """The periodic job: when a time-out's time is up, remind both people (once)."""
    now = now or timezone.now()
    due = TimeOut.objects.filter(return_at__lte=now, reminded_at__isnull=True, finished_at__isnull=True)
    count = 0
    at_risk = at_risk_pairs()  # one query for the whole sweep, not two per pause
    for timeout in due.select_related("author__user", "with_member__user"):
        if not TimeOut.objects.filter(pk=timeout.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue  # another worker took it
        pair = ((timeout.author, timeout.with_member), (timeout.with_member, timeout.author))
        # Nobody is reminded of a pause with someone they said they are not safe with; the
        # other person is reminded as always, so they cannot tell.
        told = [m for m, other in pair if (m.circle_id, m.user_id, other.user_id) not in at_risk]
        for member in told:
            notify(
                member.user,
                Kind.TIMEOUT_RETURN,
                _timeout_url(timeout),
                circle_id=timeout.circle_id,
                now=now,
                about=timeout,
            )
        count += bool(told)
    return count


def come_back(timeout: TimeOut, member: Member, now: datetime | None = None) -> None:
    if member.pk not in (timeout.author_id, timeout.with_member_id):
        raise CheckInRefused(gettext("Only the two people in a pause can end it."), status=403)
    if timeout.returned_at is None:
        timeout.returned_at = now or timezone.now()
        timeout.save(update_fields=["returned_at", "updated_at"])
    mark_done(member, timeout)  # back from the pause: its news is dealt with


def finish(timeout: TimeOut, member: Member, now: datetime | None = None) -> None:
    come_back(timeout, member, now)
    if timeout.finished_at is None:
        timeout.finished_at = now or timezone.now()
        timeout.save(update_fields=["finished_at", "updated_at"])


def never_returned(member: Member, now: datetime | None = None):
    """Time-outs this member called and never came back to, a day past their time."""
    now = now or timezone.now()
    return TimeOut.objects.filter(
        author=member, returned_at__isnull=True, return_at__lt=now - timedelta(days=1)
    )


# --- reminders to check in --------------------------------------------------------------


def remind_to_check_in(now: datetime | None = None) -> int:
    """The periodic job: a daily nudge at each person's chosen local time (once a day)."""
    now = now or timezone.now()
    count = 0
    for reminder in Reminder.objects.filter(enabled=True).select_related("user"):
        local = now.astimezone(zoneinfo.ZoneInfo(reminder.user.time_zone))
        if local.time() < reminder.at or reminder.last_sent_on == local.date():
            continue
        if (
            not Reminder.objects.filter(pk=reminder.pk)
            .exclude(last_sent_on=local.date())
            .update(last_sent_on=local.date())
        ):
            continue
        # A circle where they are family: a professional's circles hear nothing (notify).
        member = (
            reminder.user.memberships.filter(left_at__isnull=True)
            .exclude(role=Member.Role.PROFESSIONAL)
            .order_by("joined_at")
            .first()
        )
        if member is not None:
            notify(
                reminder.user,
                Kind.CHECKIN_REMINDER,
                reverse("checkins:new", args=[member.circle_id]),
                circle_id=member.circle_id,
                now=now,
            )
            count += 1
    return count
