"""The large family's promises, their schedules and pauses, every occurrence
that fell due and every change of its outcome.

Promises go through the ORM (a handful); occurrences and changes are bulk-created.
Due dates come from the app's own `ledger.rules.schedule` functions, so the data is laid out
exactly as `ledger.logic.lay_out` would have laid it out day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings

from circles.audience import Audience
from ledger.logic import local_today
from ledger.models import Frequency, Occurrence, OccurrenceChange, Outcome, Pause, Promise, Schedule
from ledger.rules.schedule import Rule, due_days, local_due, week_of

if TYPE_CHECKING:
    from bench.family import Family

BATCH = 1000
CIRCLE = ()  # "promised to the whole circle"


@dataclass(frozen=True)
class Plan:
    """One promise of the family, with fractions of the history for when things happened."""

    author: str
    what: str
    to: tuple[str, ...]
    frequency: str
    due: time
    audience: str = Audience.CIRCLE
    chosen: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    times_per_week: int = 1
    begins: float = 0.0
    ends: float | None = None  # ended at this fraction
    paused: tuple[float, float | None] | None = None  # (from, until); None = still paused
    daily_from: float | None = None  # the schedule was changed to daily at this fraction


D = Frequency.DAILY
W = Frequency.WEEKDAYS
N = Frequency.TIMES_PER_WEEK
PLANS: tuple[Plan, ...] = (
    Plan("sam", "Go to my evening meeting", CIRCLE, W, time(19, 30), weekdays=(0, 2, 4), daily_from=0.5),
    Plan("sam", "Call Alex at lunchtime", ("alex",), D, time(13, 0), Audience.CHOSEN, ("alex",)),
    Plan("sam", "Text Mum and Dad goodnight", ("maria", "luis"), D, time(22, 0)),
    Plan("sam", "Be home by half past six", ("alex",), D, time(18, 30), Audience.ONLY_ME),
    Plan("sam", "Cook dinner with Jordan and Riley", ("jordan", "riley"), N, time(20, 0), times_per_week=2, begins=0.25),
    Plan("sam", "Take my medication on time", CIRCLE, D, time(9, 0)),
    Plan("sam", "Call Casey back the same day", ("casey",), D, time(22, 30), Audience.CHOSEN, ("casey",)),
    Plan("alex", "Say one kind thing at breakfast", ("sam",), D, time(9, 0)),
    Plan("alex", "Raise worries calmly, not at bedtime", ("sam",), W, time(11, 0), Audience.ONLY_ME, weekdays=(5,)),
    Plan("alex", "Tell María how appointments went", ("maria",), W, time(19, 0), weekdays=(1,)),
    Plan("maria", "Ask how the day went, without questioning", ("sam",), D, time(20, 30), Audience.CHOSEN, ("sam", "luis")),
    Plan("luis", "Walk together", ("sam",), N, time(18, 0), times_per_week=2, paused=(0.6, 0.62)),
    Plan("luis", "Leave the past out of dinner talk", ("sam",), D, time(21, 30), Audience.ONLY_ME),
    Plan("jordan", "Sunday phone call", ("sam",), W, time(17, 0), Audience.CHOSEN, ("sam",), weekdays=(6,)),
    Plan("riley", "Answer messages the same day", ("sam",), D, time(21, 0), ends=0.8),
    Plan("casey", "Run together", ("sam",), N, time(7, 30), times_per_week=3),
    Plan("casey", "Visit Dad", ("luis",), N, time(16, 0), Audience.CHOSEN, ("luis", "sam")),
    Plan("taylor", "Morning check-in text", ("sam",), D, time(8, 0), Audience.CHOSEN, ("sam",), paused=(0.995, None)),
)  # fmt: skip

# Final outcome weights at the start of the history and at its end: trust grows back.
OUTCOME_WEIGHTS = {
    Outcome.KEPT_CONFIRMED: (0.40, 0.65),
    Outcome.KEPT: (0.18, 0.18),
    Outcome.RENEGOTIATED: (0.06, 0.06),
    Outcome.MISSED_OWNED: (0.06, 0.06),
    Outcome.DISPUTED: (0.04, 0.02),
    Outcome.MISSED: (0.26, 0.03),
}
NOTES = {
    Outcome.RENEGOTIATED: ("Work ran late; can we do it tomorrow instead?", "Not feeling well, moving it."),
    Outcome.MISSED_OWNED: ("I forgot, and I'm sorry.", "I let this one slip. I'll set a reminder.", ""),
    Outcome.DISPUTED: ("I waited and it didn't happen the way I understood it.", ""),
}


def write(family: Family) -> dict[str, int]:
    """Every promise of PLANS with its full history. Returns counts by table and outcome."""
    counts: dict[str, int] = {}
    occurrences: list[Occurrence] = []
    changes: list[OccurrenceChange] = []
    for plan in PLANS:
        promise, rules, rests = _promise(family, plan)
        for occurrence, occurrence_changes in _history(family, plan, promise, rules, rests):
            occurrences.append(occurrence)
            changes.extend(occurrence_changes)
            counts[f"outcome {occurrence.outcome}"] = counts.get(f"outcome {occurrence.outcome}", 0) + 1
    Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
    OccurrenceChange.objects.bulk_create(changes, batch_size=BATCH)
    counts.update(
        promises=len(PLANS),
        schedules=Schedule.objects.filter(promise__circle=family.circle).count(),
        pauses=Pause.objects.filter(promise__circle=family.circle).count(),
        occurrences=len(occurrences),
        occurrence_changes=len(changes),
    )
    return counts


# --- promises -----------------------------------------------------------------------


def _promise(family: Family, plan: Plan):
    """Save one promise with its schedule versions and pauses, as the app would have."""
    author = family.member(plan.author)
    begins = family.on_fraction(plan.begins)
    promise = Promise(
        circle=family.circle,
        author=author,
        what=plan.what,
        to_circle=plan.to == CIRCLE,
        created_at=family.local_moment(begins, plan.author, 7, 9),
    )
    _end_state(family, plan, promise)
    promise.save()
    promise.recipients.set([family.member(k) for k in plan.to])
    promise.set_audience(plan.audience, [family.member(k) for k in plan.chosen])
    rules = _schedules(family, plan, promise, begins)
    rests = _pauses(family, plan, promise)
    return promise, rules, rests


def _end_state(family: Family, plan: Plan, promise: Promise) -> None:
    if plan.ends is not None:
        promise.state = Promise.State.ENDED
        promise.ended_at = _noon(family.on_fraction(plan.ends))
    elif plan.paused and plan.paused[1] is None:
        promise.state = Promise.State.PAUSED


def _schedules(family: Family, plan: Plan, promise: Promise, begins: date):
    """The schedule rows, and (rule, first day, last day) for each version, oldest first."""
    tz = family.tz(plan.author)
    first = Rule(plan.frequency, plan.due, tz, begins, None, plan.weekdays, plan.times_per_week)
    versions = [(first, begins)]
    if plan.daily_from is not None:
        changed = family.on_fraction(plan.daily_from)
        versions.append((Rule(Frequency.DAILY, plan.due, tz, changed), changed))
    rules = []
    for i, (rule, effective_from) in enumerate(versions):
        Schedule.objects.create(
            promise=promise,
            effective_from=effective_from,
            frequency=rule.frequency,
            weekdays=list(rule.weekdays),
            times_per_week=rule.times_per_week if rule.frequency == Frequency.TIMES_PER_WEEK else None,
            due_time=rule.due_time,
            time_zone=rule.time_zone,
            starts_on=rule.starts_on,
            created_at=_noon(effective_from),
        )
        until = versions[i + 1][1] - timedelta(days=1) if i + 1 < len(versions) else None
        rules.append((rule, effective_from, until))
    return rules


def _pauses(family: Family, plan: Plan, promise: Promise) -> list[tuple[datetime, datetime | None]]:
    if plan.paused is None:
        return []
    start, until = plan.paused
    started = _noon(family.on_fraction(start))
    ended = _noon(family.on_fraction(until)) if until is not None else None
    Pause.objects.create(promise=promise, reason=Pause.Reason.HOSPITAL, started_at=started, ended_at=ended)
    return [(started, ended)]


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), UTC)


# --- occurrences -----------------------------------------------------------------------


def _history(family: Family, plan: Plan, promise: Promise, rules, rests):
    """(occurrence, its changes) for every time the promise fell due, up to tomorrow."""
    horizon = local_today(promise.author, family.now) + timedelta(days=1)
    witnesses = _witnesses(family, plan)
    for rule, first, until in rules:
        for day, slot in due_days(rule, first, min(horizon, until) if until else horizon):
            due_at = local_due(day, rule.due_time, rule.time_zone)
            if _skipped(promise, due_at, rests):
                continue
            occurrence = Occurrence(
                promise=promise,
                circle_id=family.circle.pk,
                due_at=due_at,
                due_date=day,
                opens_on=week_of(day)[0] if rule.frequency == Frequency.TIMES_PER_WEEK else day,
                slot=slot,
            )
            yield occurrence, _answer(family, plan, occurrence, witnesses)


def _skipped(promise: Promise, due_at: datetime, rests) -> bool:
    """Not due at all: after the promise ended, or while it rested."""
    if promise.ended_at is not None and due_at >= promise.ended_at:
        return True
    return any(start <= due_at and (end is None or due_at < end) for start, end in rests)


def _witnesses(family: Family, plan: Plan) -> list[str]:
    """The recipients who can see the promise, so may confirm or dispute it."""
    promised = plan.to or tuple(family.others(plan.author))
    if plan.audience == Audience.CIRCLE:
        return list(promised)
    if plan.audience == Audience.CHOSEN:
        return [k for k in promised if k in plan.chosen]
    return []


def _final_outcome(family: Family, due_at: datetime, witnesses: list[str]) -> str:
    progress = 1 - (family.now - due_at) / timedelta(days=max(family.span_days, 1))
    progress = min(max(progress, 0.0), 1.0)
    outcomes = list(OUTCOME_WEIGHTS)
    weights = [old + (new - old) * progress for old, new in OUTCOME_WEIGHTS.values()]
    outcome = family.rng.choices(outcomes, weights)[0]
    if not witnesses and outcome in (Outcome.KEPT_CONFIRMED, Outcome.DISPUTED):
        return Outcome.KEPT  # nobody promised can see it, so nobody confirms or disputes
    return outcome


def _answer(
    family: Family, plan: Plan, occurrence: Occurrence, witnesses: list[str]
) -> list[OccurrenceChange]:
    """Decide how the occurrence ended and record each step, as `ledger.logic.answer` would."""
    grace = timedelta(hours=settings.MEND_LEDGER_GRACE_HOURS)
    due_at, rng = occurrence.due_at, family.rng
    if due_at > family.now - grace:  # still open: reported early, or not yet
        if due_at <= family.now and rng.random() < 0.5:
            return _steps(family, occurrence, [(Outcome.KEPT, plan.author, due_at - timedelta(minutes=20))])
        return []
    outcome = _final_outcome(family, due_at, witnesses)
    author, reported = plan.author, due_at - timedelta(minutes=rng.randint(0, 180))
    witness = rng.choice(witnesses) if witnesses else None
    later = timedelta(hours=rng.randint(1, 30))
    steps = {
        Outcome.KEPT: [(Outcome.KEPT, author, reported)],
        Outcome.KEPT_CONFIRMED: [(Outcome.KEPT, author, reported), (Outcome.KEPT_CONFIRMED, witness, reported + later)],
        Outcome.DISPUTED: [(Outcome.KEPT, author, reported), (Outcome.DISPUTED, witness, reported + later)],
        Outcome.RENEGOTIATED: [(Outcome.RENEGOTIATED, author, due_at - later)],
        Outcome.MISSED: [(Outcome.MISSED, None, due_at + grace)],
        Outcome.MISSED_OWNED: _owned_steps(author, due_at, grace, later, rng.random() < 0.5),
    }[outcome]  # fmt: skip
    return _steps(family, occurrence, steps)


def _owned_steps(author: str, due_at: datetime, grace: timedelta, later: timedelta, straight: bool):
    """Owned before the grace ran out, or after the job had already marked it missed."""
    if straight:
        return [(Outcome.MISSED_OWNED, author, due_at + later / 2)]
    return [(Outcome.MISSED, None, due_at + grace), (Outcome.MISSED_OWNED, author, due_at + grace + later)]


def _steps(family: Family, occurrence: Occurrence, steps) -> list[OccurrenceChange]:
    """OccurrenceChange rows for (after, by, at) steps; the occurrence ends at the last one."""
    changes, before = [], Outcome.PENDING
    for after, by, at in steps:
        at = min(at, family.now)
        notes = NOTES.get(after, ("",))
        changes.append(
            OccurrenceChange(
                occurrence=occurrence,
                by=family.member(by) if by else None,
                before=before,
                after=after,
                note=family.rng.choice(notes),
                at=at,
            )
        )
        before = after
    if changes:
        occurrence.outcome, occurrence.outcome_at = before, changes[-1].at
    return changes
