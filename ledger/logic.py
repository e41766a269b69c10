"""Rules of the trust ledger: one function per change, called by pages, API and jobs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.models import Member
from ledger import outcomes
from ledger.models import Commitment, Occurrence, OccurrenceChange, Pause, Schedule, SmallMoment
from ledger.schedule import Rule, due_days, local_due, week_of
from notifications.logic import notify
from notifications.models import Kind


def grace() -> timedelta:
    return timedelta(hours=settings.MEND_LEDGER_GRACE_HOURS)


def local_today(member: Member, now: datetime | None = None) -> date:
    import zoneinfo

    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(member.user.time_zone)).date()


# --- commitments ------------------------------------------------------------------


def make_commitment(
    author: Member,
    what: str,
    *,
    recipients=(),
    to_circle=False,
    rule: Rule,
    audience: str = "only_me",
    chosen=(),
    professional_may_see=False,
) -> Commitment:
    """Record a promise and its first schedule, and lay out what falls due soon."""
    with transaction.atomic():
        commitment = Commitment(circle_id=author.circle_id, author=author, what=what, to_circle=to_circle)
        commitment.save()
        allowed = promisable(author).filter(pk__in=[m.pk for m in recipients])
        commitment.recipients.set([] if to_circle else allowed)
        commitment.set_audience(audience, chosen, professional_may_see)
        _add_schedule(commitment, rule, effective_from=rule.starts_on)
        lay_out(commitment)
    return commitment


def promisable(author: Member):
    """Who a promise can be made to: others in the circle who can be reached."""
    return Member.objects.reachable().filter(circle_id=author.circle_id).exclude(pk=author.pk)


def _add_schedule(commitment: Commitment, rule: Rule, *, effective_from: date) -> Schedule:
    return Schedule.objects.create(
        commitment=commitment,
        effective_from=effective_from,
        frequency=rule.frequency,
        weekdays=list(rule.weekdays),
        times_per_week=rule.times_per_week if rule.frequency == "per_week" else None,
        due_time=rule.due_time,
        time_zone=rule.time_zone,
        starts_on=rule.starts_on,
        ends_on=rule.ends_on,
    )


def change_schedule(commitment: Commitment, rule: Rule, *, now: datetime | None = None) -> None:
    """Change how a promise falls due from now on; what already happened stays."""
    _require_state(
        commitment,
        Commitment.State.ACTIVE,
        Commitment.State.PAUSED,
        refusal=_("This promise has ended; its history stays as it is."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        _drop_future_pending(commitment, now)
        today = local_today(commitment.author, now)
        _add_schedule(commitment, rule, effective_from=max(today, rule.starts_on))
        lay_out(commitment, now=now)


def _drop_future_pending(commitment: Commitment, now: datetime) -> None:
    # Only unanswered occurrences not yet due are laid out again; nothing answered is touched.
    commitment.occurrences.filter(
        outcome=Occurrence._meta.get_field("outcome").default, due_at__gt=now
    ).delete()


def _require_state(commitment: Commitment, *states: str, refusal: str = "") -> None:
    if commitment.state not in states:
        raise outcomes.Refused(refusal or outcomes.REFUSALS["commitment_state"])


def pause(commitment: Commitment, reason: str, *, now: datetime | None = None) -> None:
    _require_state(
        commitment, Commitment.State.ACTIVE, refusal=_("Only a promise that is going on can be paused.")
    )
    now = now or timezone.now()
    with transaction.atomic():
        Pause.objects.create(commitment=commitment, reason=reason, started_at=now)
        commitment.state = Commitment.State.PAUSED
        commitment.save(update_fields=["state", "updated_at"])
        _drop_future_pending(commitment, now)


def resume(commitment: Commitment, *, now: datetime | None = None) -> None:
    _require_state(commitment, Commitment.State.PAUSED, refusal=_("This promise is not paused."))
    now = now or timezone.now()
    with transaction.atomic():
        commitment.pauses.filter(ended_at__isnull=True).update(ended_at=now)
        commitment.state = Commitment.State.ACTIVE
        commitment.save(update_fields=["state", "updated_at"])
        lay_out(commitment, now=now)


def end(commitment: Commitment, *, now: datetime | None = None) -> None:
    _require_state(
        commitment,
        Commitment.State.ACTIVE,
        Commitment.State.PAUSED,
        refusal=_("This promise has already ended."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        commitment.pauses.filter(ended_at__isnull=True).update(ended_at=now)
        commitment.state = Commitment.State.ENDED
        commitment.ended_at = now
        commitment.save(update_fields=["state", "ended_at", "updated_at"])
        _drop_future_pending(commitment, now)


# --- laying out occurrences ------------------------------------------------------------


def _rules(commitment: Commitment) -> list[tuple[Rule, date, date | None]]:
    """Each schedule version with the local dates it governs."""
    versions = list(commitment.schedules.all())
    out = []
    for i, s in enumerate(versions):
        until = versions[i + 1].effective_from - timedelta(days=1) if i + 1 < len(versions) else None
        rule = Rule(
            s.frequency,
            s.due_time,
            s.time_zone,
            s.starts_on,
            s.ends_on,
            tuple(s.weekdays),
            s.times_per_week or 1,
        )
        out.append((rule, s.effective_from, until))
    return out


def lay_out(commitment: Commitment, *, now: datetime | None = None, days_ahead: int = 1) -> int:
    """Create the occurrences due up to tomorrow (idempotent). Returns how many were new."""
    if commitment.state != Commitment.State.ACTIVE:
        return 0
    now = now or timezone.now()
    rows = []
    pauses = [(p.started_at, p.ended_at) for p in commitment.pauses.all()]
    existing = set(commitment.occurrences.filter(due_at__gt=now - grace()).values_list("due_at", "slot"))
    for rule, start, until in _rules(commitment):
        horizon = local_today(commitment.author, now) + timedelta(days=days_ahead)
        last = min(horizon, until) if until else horizon
        for day, slot in due_days(rule, start, last):
            due_at = local_due(day, rule.due_time, rule.time_zone)
            if due_at > now - grace() and (due_at, slot) not in existing and not _rested(due_at, pauses):
                opens_on = week_of(day)[0] if rule.frequency == "per_week" else day
                rows.append(
                    Occurrence(
                        commitment=commitment,
                        circle_id=commitment.circle_id,
                        opens_on=opens_on,
                        due_at=due_at,
                        due_date=day,
                        slot=slot,
                    )
                )
    # ignore_conflicts covers two jobs laying out the same commitment at once.
    Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _rested(moment: datetime, pauses) -> bool:
    """Whether a due time fell while the commitment was paused (it is then not due at all)."""
    return any(start <= moment and (end is None or moment < end) for start, end in pauses)


def lay_out_all(now: datetime | None = None) -> int:
    """The periodic job: lay out every active commitment."""
    total = 0
    for commitment in (
        Commitment.objects.filter(state=Commitment.State.ACTIVE)
        .select_related("author__user")
        .prefetch_related("schedules")
    ):
        total += lay_out(commitment, now=now)
    return total


# --- outcomes -------------------------------------------------------------------------


def role_of(member: Member, commitment: Commitment) -> str | None:
    """promiser, recipient, or None for a member who may see it but was not promised."""
    if member.pk == commitment.author_id:
        return outcomes.PROMISER
    # "The whole circle" means the family, not the professional working with it.
    if commitment.to_circle and not member.is_professional:
        return outcomes.RECIPIENT
    if commitment.recipients.filter(pk=member.pk).exists():
        return outcomes.RECIPIENT
    return None


def answer(
    occurrence: Occurrence, action: str, member: Member | None, note: str = "", *, now: datetime | None = None
) -> Occurrence:
    """Apply one action to an occurrence and record the change; raise outcomes.Refused otherwise."""
    now = now or timezone.now()
    commitment = occurrence.commitment
    actor = outcomes.SYSTEM if member is None else role_of(member, commitment)
    if actor is None:
        raise outcomes.Refused(outcomes.REFUSALS["actor"])
    after = outcomes.next_outcome(
        occurrence.outcome, action, actor, now=now, due_at=occurrence.due_at, grace=grace()
    )
    with transaction.atomic():
        # A conditional update: two people answering at once cannot both win.
        changed = Occurrence.objects.filter(pk=occurrence.pk, outcome=occurrence.outcome).update(
            outcome=after, outcome_at=now
        )
        if not changed:
            raise outcomes.Refused(outcomes.REFUSALS["state"])
        change = OccurrenceChange(
            occurrence=occurrence, by=member, before=occurrence.outcome, after=after, note=note, at=now
        )
        change.save()
    occurrence.outcome, occurrence.outcome_at = after, now
    _tell(occurrence, action, member, now)
    return occurrence


def _tell(occurrence: Occurrence, action: str, member: Member | None, now: datetime) -> None:
    commitment = occurrence.commitment
    url = reverse("ledger:commitment", args=[commitment.circle_id, commitment.pk])
    kinds = {"report_kept": Kind.CONFIRM_WAITING, "renegotiate": Kind.RENEGOTIATED}
    if action in kinds:
        for recipient in _recipients_who_can_see(commitment):
            notify(recipient.user, kinds[action], url, circle_id=commitment.circle_id, now=now)
    elif action == "dispute" and _reachable(commitment.author):
        notify(commitment.author.user, Kind.TALK_REQUEST, url, circle_id=commitment.circle_id, now=now)


def _reachable(member: Member) -> bool:
    return member.left_at is None and member.status != Member.Status.STEPPED_AWAY


def _recipients_who_can_see(commitment: Commitment) -> list[Member]:
    candidates = (
        Member.objects.reachable().filter(circle_id=commitment.circle_id).exclude(pk=commitment.author_id)
    )
    if not commitment.to_circle:
        candidates = candidates.filter(pk__in=commitment.recipients.values("pk"))
    return [
        m
        for m in candidates.select_related("user")
        if Commitment.objects.visible_to(m).filter(pk=commitment.pk).exists()
    ]


def mark_missed(now: datetime | None = None) -> int:
    """The periodic job: occurrences nobody answered within the grace period become missed."""
    now = now or timezone.now()
    count = 0
    for occurrence in (
        Occurrence.objects.open().filter(due_at__lte=now - grace()).select_related("commitment")
    ):
        try:
            answer(occurrence, "mark_missed", None, now=now)
        except outcomes.Refused:
            continue  # answered meanwhile
        count += 1
    return count


def send_reminders(now: datetime | None = None, lead: timedelta | None = None) -> int:
    """The periodic job: remind promisers shortly before something falls due (once each)."""
    now = now or timezone.now()
    lead = lead or timedelta(minutes=settings.MEND_LEDGER_REMINDER_MINUTES)
    due_soon = Occurrence.objects.open().filter(
        reminded_at__isnull=True, due_at__gt=now, due_at__lte=now + lead
    )
    count = 0
    for occurrence in due_soon.select_related("commitment__author__user"):
        count += _remind(occurrence, now)
    return count


def _remind(occurrence: Occurrence, now: datetime) -> int:
    """Claim and send one reminder in one transaction: a job run twice never reminds twice,
    and a crash between the claim and the notification leaves it unclaimed for the next run."""
    commitment = occurrence.commitment
    with transaction.atomic():
        if not Occurrence.objects.filter(pk=occurrence.pk, reminded_at__isnull=True).update(reminded_at=now):
            return 0
        if not _reachable(commitment.author) or commitment.author.status != Member.Status.ACTIVE:
            return 0
        url = reverse("ledger:mine", args=[commitment.circle_id])
        notify(commitment.author.user, Kind.COMMITMENT_DUE, url, circle_id=commitment.circle_id, now=now)
    return 1


# --- small moments -----------------------------------------------------------------------


def note_moment(
    author: Member,
    about: Member,
    kind: str,
    *,
    custom_kind: str = "",
    note: str = "",
    audience: str = "only_me",
    chosen=(),
    professional_may_see=False,
    now: datetime | None = None,
) -> SmallMoment:
    """Record a small moment about a member of the same circle."""
    if about.circle_id != author.circle_id or about.left_at is not None:
        raise ValueError("a small moment is about someone in the same circle")
    with transaction.atomic():
        moment = SmallMoment(
            circle_id=author.circle_id,
            author=author,
            about=about,
            kind=kind,
            custom_kind=custom_kind,
            note=note,
            created_at=now or timezone.now(),
        )
        moment.save()
        moment.set_audience(audience, chosen, professional_may_see)
    return moment
