"""Every change to measures, one function each: taking a questionnaire, assigning one,
ending an assignment, and the reminder job. Pages, the API and jobs all call these.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.consent.categories import Category, Level
from circles.consent.queries import scopes_covering
from circles.models import Member
from coach_web.alerts import professionals_told, record_crisis
from lib.refusal import Refused
from measures import catalogue, scoring
from measures.models import Assignment, Response, Schedule
from notifications.logic import mark_done, notify
from notifications.models import Kind

log = logging.getLogger(__name__)

CRISIS = "crisis"
STEP = {Schedule.WEEKLY: timedelta(weeks=1), Schedule.FORTNIGHTLY: timedelta(weeks=2)}


def add_month(when: datetime) -> datetime:
    """The same day next month, or its last day when shorter (31 January → 28 February)."""
    year, month = (when.year + 1, 1) if when.month == 12 else (when.year, when.month + 1)
    return when.replace(year=year, month=month, day=min(when.day, calendar.monthrange(year, month)[1]))


def _step(schedule: str, when: datetime) -> datetime:
    return add_month(when) if schedule == Schedule.MONTHLY else when + STEP[schedule]


class AnswersRefused(Refused):
    code = "answers_incomplete"


class AssignmentNotFound(Refused):
    """An assignment, instrument or member the caller may not use: exactly like none at all."""

    status = 404
    code = "not_found"


def instrument_or_refuse(instrument_id: str):
    try:
        return catalogue.instrument(instrument_id)
    except KeyError:
        raise AssignmentNotFound(_("Not found.")) from None


def take(
    member: Member,
    instrument_id: str,
    answers: Mapping[int, int | None],
    audience: str,
    chosen=(),
    professional_may_see: bool = False,
    answers_shared: bool = False,
    assignment: Assignment | None = None,
) -> Response:
    """Score and save one member's answers; a crisis flag (PHQ-9 item 9 above 0) then
    tells the professionals the member said yes to alerts for (content-free, coach_web.alerts)."""
    instrument = instrument_or_refuse(instrument_id)
    if assignment is not None and (
        assignment.member_id != member.pk or assignment.instrument != instrument.id or not assignment.active
    ):
        raise AssignmentNotFound(_("Not found."))
    try:
        score = scoring.score(instrument, dict(answers))
    except ValueError:
        raise AnswersRefused(_("Please choose one of the answers offered for each question.")) from None
    if score.total is None:
        raise AnswersRefused(_("Please answer a few more questions, so the result means something."))
    now = timezone.now()
    with transaction.atomic():
        response = Response(
            circle_id=member.circle_id,
            author=member,
            instrument=instrument.id,
            version=str(instrument.version),
            answers={str(k): v for k, v in answers.items() if v is not None},
            total=score.total,
            subscales=dict(score.subscales or {}),
            band=score.band.key if score.band else "",
            flags=[{"item": f.item, "kind": f.kind} for f in score.flags],
            taken_at=now,
            answers_shared=answers_shared and audience != "only_me",
            assignment=assignment,
        )
        response.save()
        response.set_audience(audience, chosen, professional_may_see)
        if assignment is not None:
            advance(assignment, now)
        mark_done(member, kinds=(Kind.MEASURE_DUE,))
    if has_crisis_flag(response):
        # After the save committed: the member's result never fails for an alert.
        try:
            record_crisis(member, now)
        except Exception:
            log.exception("A safety alert for response %s could not be written", response.pk)
    return response


def told_about(member: Member, response: Response) -> bool:
    """Whether a professional was told (content-free) about this result's crisis flag."""
    return has_crisis_flag(response) and bool(professionals_told(member, response.taken_at))


def has_crisis_flag(response: Response) -> bool:
    return any(flag.get("kind") == CRISIS for flag in response.flags or [])


def next_after(assignment: Assignment, now: datetime) -> datetime | None:
    """The next due time strictly after now (None once a single one is done)."""
    if assignment.schedule == Schedule.ONCE:
        return None
    due = _step(assignment.schedule, assignment.next_due)
    while due <= now:
        due = _step(assignment.schedule, due)
    return due


def advance(assignment: Assignment, now: datetime) -> None:
    due = next_after(assignment, now)
    if due is None:
        Assignment.objects.filter(pk=assignment.pk).update(active=False, ended_at=now)
        assignment.active, assignment.ended_at = False, now
    else:
        Assignment.objects.filter(pk=assignment.pk).update(next_due=due)
        assignment.next_due = due


def assignable_members(professional: Member, at: datetime | None = None):
    """The members who said yes to this professional for measures (either level), now."""
    at = at or timezone.now()
    covered = scopes_covering(
        professional,
        Category.MEASURES,
        member=OuterRef("pk"),
        moment=at,
        levels=(Level.TRENDS, Level.ENTRIES),
        at=at,
    )
    return (
        Member.objects.current()
        .filter(circle_id=professional.circle_id)
        .exclude(role=Member.Role.PROFESSIONAL)
        .filter(Exists(covered))
        .select_related("user")
    )


def assign(
    professional: Member,
    member: Member,
    instrument_id: str,
    schedule: str,
    first_due: datetime | None = None,
) -> Assignment:
    """A professional asks a member to answer an instrument, once or on a schedule.

    Only under the member's consent for measures: anyone else answers as if they did not exist.
    """
    instrument = instrument_or_refuse(instrument_id)
    if (
        not professional.is_professional
        or schedule not in Schedule.values
        or not assignable_members(professional).filter(pk=member.pk).exists()
    ):
        raise AssignmentNotFound(_("Not found."))
    now = timezone.now()
    assignment = Assignment.objects.create(
        circle_id=professional.circle_id,
        member=member,
        assigned_by=professional,
        instrument=instrument.id,
        schedule=schedule,
        next_due=first_due or now,
        created_at=now,
    )
    remind(assignment, now)
    return assignment


def end(professional: Member, assignment: Assignment) -> None:
    if assignment.assigned_by_id != professional.pk:
        raise AssignmentNotFound(_("Not found."))
    now = timezone.now()
    Assignment.objects.filter(pk=assignment.pk, active=True).update(active=False, ended_at=now)
    assignment.active, assignment.ended_at = False, now


def _under_consent(now: datetime) -> Q:
    """Assignments whose professional is still in the circle and still has the member's
    consent for measures: an assignment lives only as long as the consent it was made under."""
    covered = scopes_covering(
        OuterRef("assigned_by_id"),
        Category.MEASURES,
        member=OuterRef("member_id"),
        moment=now,
        levels=(Level.TRENDS, Level.ENTRIES),
        at=now,
    )
    return Q(Exists(covered), assigned_by__left_at__isnull=True)


def end_lapsed(now: datetime | None = None) -> int:
    """End every active assignment whose consent ended (revoked, expired, no longer covering
    measures) or whose professional left: the member is not asked again."""
    now = now or timezone.now()
    return (
        Assignment.objects.filter(active=True).exclude(_under_consent(now)).update(active=False, ended_at=now)
    )


def due_for(member: Member, now: datetime | None = None):
    """The member's assignments that are due (or overdue) now, under a consent in force."""
    now = now or timezone.now()
    return Assignment.objects.filter(_under_consent(now), member=member, active=True, next_due__lte=now)


def remind(assignment: Assignment, now: datetime) -> bool:
    """One content-free reminder per due time, claimed with a conditional UPDATE."""
    if assignment.next_due > now or not assignment.active:
        return False
    claimed = (
        Assignment.objects.filter(pk=assignment.pk, active=True, next_due=assignment.next_due)
        .exclude(reminded_for=assignment.next_due)
        .update(reminded_for=assignment.next_due)
    )
    if not claimed:
        return False
    member = assignment.member
    if member.left_at is not None:
        return False
    notify(
        member.user,
        Kind.MEASURE_DUE,
        reverse("measures:take", args=[assignment.circle_id, assignment.instrument])
        + f"?assignment={assignment.pk}",
        circle_id=assignment.circle_id,
        now=now,
    )
    return True


def remind_due(now: datetime | None = None) -> int:
    """The periodic job: remind each member whose assignment fell due since the last reminder."""
    now = now or timezone.now()
    end_lapsed(now)
    due = (
        Assignment.objects.filter(active=True, next_due__lte=now)
        .exclude(reminded_for=F("next_due"))
        .select_related("member__user")
    )
    return sum(remind(assignment, now) for assignment in due)
