"""Rules of the trust ledger: one function per change, called by pages, API and jobs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.audience import addressed
from circles.audience.change import AudienceChoice, store_choice
from circles.audience.models import Audience
from circles.consent.categories import Category
from circles.models import Member
from ledger.models import Occurrence, OccurrenceChange, Pause, Promise, Schedule, SmallMoment
from ledger.rules import outcomes
from ledger.rules.schedule import Rule, due_days, local_due, week_of
from lib.refusal import Refused
from notifications.logic import mark_done, notify
from notifications.models import Kind
from safety.logic import NotSafeTogether, at_risk_with, at_risk_with_any


def grace() -> timedelta:
    return timedelta(hours=settings.MEND_LEDGER_GRACE_HOURS)


def local_today(member: Member, now: datetime | None = None) -> date:
    import zoneinfo

    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(member.user.time_zone)).date()


# --- promises ------------------------------------------------------------------


def make_promise(
    author: Member,
    what: str,
    *,
    recipients=(),
    to_circle=False,
    rule: Rule,
    audience: str = "only_me",
    chosen=(),
    professional_may_see=False,
) -> Promise:
    """Record a promise and its first schedule, and lay out what falls due soon."""
    if at_risk_with_any(author, recipients):
        # Only the one who answered is refused; a promise to her from him is made as always
        # and never reaches her (Promise.objects.visible_to).
        raise NotSafeTogether(
            _("Because of your answers to the safety questions, promises to this person are off for you.")
        )
    with transaction.atomic():
        promise = Promise(circle_id=author.circle_id, author=author, what=what, to_circle=to_circle)
        promise.save()
        allowed = promisable(author).filter(pk__in=[m.pk for m in recipients])
        promise.recipients.set([] if to_circle else allowed)
        promise.set_audience(audience, chosen, professional_may_see)
        _add_schedule(promise, rule, effective_from=rule.starts_on)
        lay_out(promise)
    return promise


class HiddenFromRecipients(Refused):
    """An audience that leaves out someone the promise is made to: they could never confirm it."""

    status = 422
    code = "hidden_from_recipients"


def check_seen_by_recipients(author: Member, recipients, to_circle: bool, choice: AudienceChoice) -> None:
    """Refuse an audience that does not let everyone the promise is made to see it.

    A promise is confirmed by the people it is made to; one they cannot see could only
    ever be self-reported. Refused rather than widened behind the author's back: sharing
    is always the author's own act. The form offers "The people I promise it to" first
    and by default, so this only answers a choice made on purpose. Reads the choice only
    (`addressed.unreached`), never anyone's safety answers.
    """
    if to_circle:
        if choice.audience != Audience.CIRCLE:
            raise HiddenFromRecipients(
                _(
                    "A promise to the whole circle is seen by the whole circle, so anyone in it can "
                    "confirm it. Please choose “The whole circle” or “The people I promise it to”."
                )
            )
        return
    missing = addressed.unreached(author, recipients, choice, Category.PROMISES)
    if not missing:
        return
    message = ngettext(
        "%(names)s could not see this promise, so could never confirm it. Please let them see it: "
        "choose “The people I promise it to”.",
        "%(names)s could not see this promise, so could never confirm it. Please let them see it: "
        "choose “The people I promise it to”.",
        len(missing),
    ) % {"names": addressed.names(missing)}
    if any(person.is_professional for person in missing) and choice.professional_may_see:
        message += " " + _(
            "A professional sees your entries only once you say yes to their joining, on the People page."
        )
    raise HiddenFromRecipients(message)


def store_promise_audience(promise: Promise, choice: AudienceChoice) -> None:
    """`change_audience`'s way to store a promise's audience: never away from its people."""
    recipients = promise.recipients.filter(pk__in=Member.objects.reachable().values("pk"))
    check_seen_by_recipients(promise.author, list(recipients), promise.to_circle, choice)
    store_choice(promise, choice)


def promisable(author: Member):
    """Who a promise can be made to: others in the circle who can be reached."""
    return Member.objects.reachable().filter(circle_id=author.circle_id).exclude(pk=author.pk)


def _add_schedule(promise: Promise, rule: Rule, *, effective_from: date) -> Schedule:
    return Schedule.objects.create(
        promise=promise,
        effective_from=effective_from,
        frequency=rule.frequency,
        weekdays=list(rule.weekdays),
        times_per_week=rule.times_per_week if rule.frequency == "per_week" else None,
        due_time=rule.due_time,
        time_zone=rule.time_zone,
        starts_on=rule.starts_on,
        ends_on=rule.ends_on,
    )


def change_schedule(promise: Promise, rule: Rule, *, now: datetime | None = None) -> None:
    """Change how a promise falls due from now on; what already happened stays."""
    _require_state(
        promise,
        Promise.State.ACTIVE,
        Promise.State.PAUSED,
        refusal=_("This promise has ended; its history stays as it is."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        _drop_future_pending(promise, now)
        today = local_today(promise.author, now)
        _add_schedule(promise, rule, effective_from=max(today, rule.starts_on))
        lay_out(promise, now=now)


def _drop_future_pending(promise: Promise, now: datetime) -> None:
    # Only unanswered occurrences not yet due are laid out again; nothing answered is touched.
    promise.occurrences.filter(outcome=Occurrence._meta.get_field("outcome").default, due_at__gt=now).delete()


def _require_state(promise: Promise, *states: str, refusal: str = "") -> None:
    if promise.state not in states:
        raise outcomes.Refused(refusal or outcomes.REFUSALS["promise_state"])


def pause(promise: Promise, reason: str, *, now: datetime | None = None) -> None:
    _require_state(promise, Promise.State.ACTIVE, refusal=_("Only a promise that is going on can be paused."))
    now = now or timezone.now()
    with transaction.atomic():
        Pause.objects.create(promise=promise, reason=reason, started_at=now)
        promise.state = Promise.State.PAUSED
        promise.save(update_fields=["state", "updated_at"])
        _drop_future_pending(promise, now)


def resume(promise: Promise, *, now: datetime | None = None) -> None:
    _require_state(promise, Promise.State.PAUSED, refusal=_("This promise is not paused."))
    now = now or timezone.now()
    with transaction.atomic():
        promise.pauses.filter(ended_at__isnull=True).update(ended_at=now)
        promise.state = Promise.State.ACTIVE
        promise.save(update_fields=["state", "updated_at"])
        lay_out(promise, now=now)


def end(promise: Promise, *, now: datetime | None = None) -> None:
    _require_state(
        promise,
        Promise.State.ACTIVE,
        Promise.State.PAUSED,
        refusal=_("This promise has already ended."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        promise.pauses.filter(ended_at__isnull=True).update(ended_at=now)
        promise.state = Promise.State.ENDED
        promise.ended_at = now
        promise.save(update_fields=["state", "ended_at", "updated_at"])
        _drop_future_pending(promise, now)


# --- laying out occurrences ------------------------------------------------------------


def _rules(promise: Promise) -> list[tuple[Rule, date, date | None]]:
    """Each schedule version with the local dates it governs."""
    versions = list(promise.schedules.all())
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


def lay_out(promise: Promise, *, now: datetime | None = None, days_ahead: int = 1) -> int:
    """Create the occurrences due up to tomorrow (idempotent). Returns how many were new."""
    if promise.state != Promise.State.ACTIVE:
        return 0
    now = now or timezone.now()
    rows = []
    pauses = [(p.started_at, p.ended_at) for p in promise.pauses.all()]
    existing = set(promise.occurrences.filter(due_at__gt=now - grace()).values_list("due_at", "slot"))
    for rule, start, until in _rules(promise):
        horizon = local_today(promise.author, now) + timedelta(days=days_ahead)
        last = min(horizon, until) if until else horizon
        for day, slot in due_days(rule, start, last):
            due_at = local_due(day, rule.due_time, rule.time_zone)
            if due_at > now - grace() and (due_at, slot) not in existing and not _rested(due_at, pauses):
                opens_on = week_of(day)[0] if rule.frequency == "per_week" else day
                rows.append(
                    Occurrence(
                        promise=promise,
                        circle_id=promise.circle_id,
                        opens_on=opens_on,
                        due_at=due_at,
                        due_date=day,
                        slot=slot,
                    )
                )
    # ignore_conflicts covers two jobs laying out the same promise at once.
    Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _rested(moment: datetime, pauses) -> bool:
    """Whether a due time fell while the promise was paused (it is then not due at all)."""
    return any(start <= moment and (end is None or moment < end) for start, end in pauses)


def lay_out_all(now: datetime | None = None) -> int:
    """The periodic job: lay out every active promise."""
    total = 0
    for promise in (
        Promise.objects.filter(state=Promise.State.ACTIVE)
        .select_related("author__user")
        .prefetch_related("schedules")
    ):
        total += lay_out(promise, now=now)
    return total


# --- outcomes -------------------------------------------------------------------------


def role_of(member: Member, promise: Promise) -> str | None:
    """promiser, recipient, or None for a member who may see it but was not promised."""
    if member.pk == promise.author_id:
        return outcomes.PROMISER
    # "The whole circle" means the family, not the professional working with it.
    if promise.to_circle and not member.is_professional:
        return outcomes.RECIPIENT
    if promise.recipients.filter(pk=member.pk).exists():
        return outcomes.RECIPIENT
    return None


def answer(
    occurrence: Occurrence, action: str, member: Member | None, note: str = "", *, now: datetime | None = None
) -> Occurrence:
    """Apply one action to an occurrence and record the change; raise outcomes.Refused otherwise."""
    now = now or timezone.now()
    promise = occurrence.promise
    actor = outcomes.SYSTEM if member is None else role_of(member, promise)
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
    if member is not None:
        mark_done(member, promise, now=now)  # answered: what asked for it is dealt with
    return occurrence


def _tell(occurrence: Occurrence, action: str, member: Member | None, now: datetime) -> None:
    promise = occurrence.promise
    url = reverse("ledger:promise", args=[promise.circle_id, promise.pk])
    kinds = {"report_kept": Kind.CONFIRM_WAITING, "renegotiate": Kind.RENEGOTIATED}
    if action in kinds:
        for recipient in _recipients_who_can_see(promise):
            notify(
                recipient.user,
                kinds[action],
                url,
                circle_id=promise.circle_id,
                now=now,
                by=member,
                about=promise,
            )
    elif action == "dispute" and _reachable(promise.author):
        notify(
            promise.author.user,
            Kind.TALK_REQUEST,
            url,
            circle_id=promise.circle_id,
            now=now,
            by=member,
            about=promise,
        )


def _reachable(member: Member) -> bool:
    return member.left_at is None and member.status != Member.Status.STEPPED_AWAY


def _recipients_who_can_see(promise: Promise) -> list[Member]:
    candidates = Member.objects.reachable().filter(circle_id=promise.circle_id).exclude(pk=promise.author_id)
    if not promise.to_circle:
        candidates = candidates.filter(pk__in=promise.recipients.values("pk"))
    return [
        m
        for m in candidates.select_related("user")
        if Promise.objects.visible_to(m).filter(pk=promise.pk).exists()
    ]


def mark_missed(now: datetime | None = None) -> int:
    """The periodic job: occurrences nobody answered within the grace period become missed."""
    now = now or timezone.now()
    count = 0
    for occurrence in Occurrence.objects.open().filter(due_at__lte=now - grace()).select_related("promise"):
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
    for occurrence in due_soon.select_related("promise__author__user"):
        count += _remind(occurrence, now)
    return count


def _remind(occurrence: Occurrence, now: datetime) -> int:
    """Claim and send one reminder in one transaction: a job run twice never reminds twice,
    and a crash between the claim and the notification leaves it unclaimed for the next run."""
    promise = occurrence.promise
    with transaction.atomic():
        if not Occurrence.objects.filter(pk=occurrence.pk, reminded_at__isnull=True).update(reminded_at=now):
            return 0
        if not _reachable(promise.author) or promise.author.status != Member.Status.ACTIVE:
            return 0
        url = reverse("ledger:mine", args=[promise.circle_id])
        notify(
            promise.author.user, Kind.PROMISE_DUE, url, circle_id=promise.circle_id, now=now, about=promise
        )
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
    if at_risk_with(author, about):
        # As for promises: only she is refused; his moments about her never reach her.
        raise NotSafeTogether(
            _(
                "Because of your answers to the safety questions, small moments about this person "
                "are off for you."
            )
        )
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
