"""Rules of reach-out plans that touch the database: one function per change.

Pages, API and the reminder job all call these. Privacy rules kept here:
- a plan is found only through `Plan.objects.visible_to` (the Audience mechanism);
- nothing here notifies the person a plan is about, except an offer the author
  chose to make to them (offers name no plan);
- only an author who said they are not safe with someone is refused sharing with them
  (`SharingRefused`, with where help is); sharing by the other person is saved as always
  and never reaches her (`Plan.objects.visible_to`), so nothing tells him of her answers.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles import logic as circles_logic
from circles.audience import Audience
from circles.models import Invitation, Member
from ledger import logic as ledger_logic
from ledger import queries, wording
from ledger.models import Occurrence, Outcome
from ledger.rules.schedule import Rule
from lib.refusal import Refused
from notifications.logic import mark_done, notify
from notifications.models import Kind
from reachout import rules
from reachout.models import Decision, Offer, Plan, SupportPerson, SupportPersonChange
from safety.logic import at_risk_with, flagged_by, resources

REFUSALS = {
    "same": _("That is already your decision."),
    "no_conditions": _("Please write your conditions first, then choose this."),
    "unknown": _("Please choose one of the three answers."),
    "answered": _("This offer has already been answered."),
    "unavailable": _("This can’t be taken on right now."),
    "stepped_away": _("While you have stepped away, offers wait. Your plan is still here."),
    "how_reached": _("Please choose how they reached out from the list."),
    "no_consent": _("An offer is sent only when you say so."),
    "unsafe": _(
        "This is something you would do together, and that is switched off with someone you said you may "
        "not be safe with. Nothing was sent."
    ),
}


class PlanRuleError(Refused):
    """A change the rules do not allow; `code` says which (see `REFUSALS` for the words)."""

    def __init__(self, code: str):
        super().__init__(REFUSALS[code], code=code)


class SharingRefused(PlanRuleError):
    """Sharing with, or offering to, someone the author said they are not safe with.

    Only that author is ever refused (she knows her own answers), with where help is.
    """

    status = 403

    def __init__(self, code: str):
        super().__init__(code)
        self.message = f"{self.message} {resources()}"


def returning_choices(author: Member):
    """Who in the circle the plan can be about: anyone current but the author and professionals."""
    return (
        Member.objects.current()
        .filter(circle_id=author.circle_id)
        .exclude(pk=author.pk)
        .exclude(role=Member.Role.PROFESSIONAL)
        .select_related("user")
    )


def start_plan(
    author: Member,
    *,
    returning_member: Member | None = None,
    returning_name: str = "",
    how_reached: str = "",
    what_they_said: str = "",
) -> Plan:
    """Record that someone reached out. Private to the author; the guide moves on to the pause."""
    if returning_member is not None and not returning_choices(author).filter(pk=returning_member.pk).exists():
        raise ValueError("the person who reached out must be someone else in the same circle")
    plan = Plan(
        circle_id=author.circle_id,
        author=author,
        returning_member=returning_member,
        returning_name=returning_name.strip(),
        how_reached=how_reached,
        what_they_said=what_they_said,
        step=Plan.Step.PAUSE,
    )
    plan.save()
    return plan


def remember_step(plan: Plan, step: str) -> None:
    """The guide remembers the step its author is on, so they can stop and come back."""
    if step in rules.STEPS and plan.step != step:
        plan.step = step
        plan.save(update_fields=["step", "updated_at"])


def save_answers(plan: Plan, field: str, answers: dict, allowed) -> None:
    kept = {key: value.strip() for key, value in answers.items() if key in allowed and (value or "").strip()}
    setattr(plan, field, json.dumps(kept))
    plan.save(update_fields=[field, "updated_at"])


def save_checklist(plan: Plan, ticked) -> None:
    plan.checklist = json.dumps([item for item in rules.CHECKLIST if item in set(ticked)])
    plan.save(update_fields=["checklist", "updated_at"])


def save_fields(plan: Plan, **values) -> None:
    """Save some of a plan's own fields (parts or notes)."""
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*values, "updated_at"])
    if "review_on" in values:
        mark_done(plan.author, plan, kinds=(Kind.PLAN_REVIEW,))  # a new review date: looked at again


def history(plan: Plan) -> list[Decision]:
    return list(plan.decisions.all())


def current_decision(plan: Plan) -> Decision | None:
    return plan.decisions.order_by("-at").first()


def decide(plan: Plan, decision: str, note: str = "", *, now: datetime | None = None) -> Decision:
    """Record a decision, a change of mind, or a new note on it as a new row; the earlier ones stay.

    Only the plan's author decides (pages and API fetch the plan as its author), so two
    people never decide at once and a decision is never updated in place. The lock keeps
    the author's own second tab from recording the same change twice.
    """
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        current = current_decision(plan)
        problem = rules.decision_problem(
            decision,
            current.decision if current else None,
            plan.conditions,
            note=note,
            current_note=current.note if current else "",
        )
        if problem is not None:
            raise PlanRuleError(problem)
        row = Decision(plan=plan, decision=decision, note=note.strip(), at=now or timezone.now())
        row.save()
    mark_done(plan.author, plan, kinds=(Kind.PLAN_REVIEW,))  # looked at again: the reminder is dealt with
    return row


def unsafe_with(author: Member, audience: str, chosen) -> list[Member]:
    """Who, among those a plan would be shared with, the author said they are not safe with.

    Only the author's own answers count: answers others gave about the author must not
    change what the author can do, or the refusal would tell them.
    """
    blocked = set(flagged_by(author).values_list("pk", flat=True))
    if not blocked or audience == Audience.ONLY_ME:
        return []
    if audience == Audience.CIRCLE:
        return list(Member.objects.reachable().filter(circle_id=author.circle_id, pk__in=blocked))
    return [m for m in chosen if m.pk in blocked]


def share(plan: Plan, audience: str, chosen=(), professional_may_see: bool = False) -> None:
    """Change who may see the plan's parts. A shared plan is a joint exercise: refused with
    anyone joint work is off with (the whole circle included, when they are in it)."""
    if unsafe_with(plan.author, audience, chosen):
        raise SharingRefused("unsafe")
    plan.set_audience(audience, chosen, professional_may_see)


def share_choice(plan: Plan, choice) -> None:
    """`share`, for `circles.audience.change.change_audience`."""
    share(plan, choice.audience, choice.chosen, choice.professional_may_see)


# --- support people ----------------------------------------------------------------------


def add_support_person(
    owner: Member, *, member: Member | None, name: str, reach: str
) -> SupportPerson | None:
    """Add someone the owner can reach in one tap, and record that one was added.

    A second tap or a reload must not list the same person twice: then nothing is added
    and None is returned (names are sealed, so they are compared here, not in SQL).
    """
    person = SupportPerson(owner=owner, member=member, name=name.strip(), reach=reach.strip())
    same = (person.member_id, person.name, person.reach)
    if any((p.member_id, p.name, p.reach) == same for p in SupportPerson.objects.filter(owner=owner)):
        return None
    with transaction.atomic():
        person.save()
        SupportPersonChange.objects.create(
            owner=owner, change=SupportPersonChange.Change.ADDED, at=person.created_at
        )
    return person


def remove_support_person(person: SupportPerson) -> None:
    """Remove one of the owner's support people, and record that one was removed.

    Removing twice at once (a second tap) removes and records it once.
    """
    with transaction.atomic():
        removed, _by_model = SupportPerson.objects.filter(pk=person.pk).delete()
        if removed:
            SupportPersonChange.objects.create(
                owner_id=person.owner_id, change=SupportPersonChange.Change.REMOVED
            )


# --- offers: signs of change become evidence ------------------------------------------


def offers_for(member: Member):
    """Offers addressed to this member, including those waiting on the invitation they used."""
    joined_by_invitation = Q(
        to_member__isnull=True,
        invitation__status=Invitation.Status.ACCEPTED,
        invitation__answered_by_id=member.user_id,
        invitation__circle_id=member.circle_id,
    )
    return (
        Offer.objects.filter(Q(to_member=member) | joined_by_invitation)
        .filter(plan__circle_id=member.circle_id)
        # Offers from someone this member said they are not safe with never reach them.
        .exclude(plan__author_id__in=flagged_by(member))
        .exclude(state=Offer.State.WITHDRAWN)
        .select_related("plan__author__user")
        .order_by("state", "-created_at")
    )


def offers_waiting(member: Member) -> int:
    if member.left_at is not None:
        return 0
    return offers_for(member).filter(state=Offer.State.OFFERED).count()


def _offered_to(plan: Plan) -> Member | None:
    member = plan.returning_member
    if member is None or member.left_at is not None:
        return None
    return member


def make_offer(
    plan: Plan, what: str, *, frequency: str, weekday: int = 6, times_per_week: int = 1, due_time=None
):
    """Offer one sign of change as a promise, with the author's consent (calling this is it)."""
    to_member = _offered_to(plan)
    if to_member is not None and at_risk_with(plan.author, to_member):
        raise SharingRefused("unsafe")
    if plan.author.status == Member.Status.STEPPED_AWAY:
        raise PlanRuleError("stepped_away")
    offer = Offer(
        plan=plan,
        to_member=to_member,
        what=what.strip(),
        frequency=frequency,
        weekday=weekday,
        times_per_week=times_per_week,
    )
    if due_time is not None:
        offer.due_time = due_time
    offer.save()
    if to_member is not None and to_member.status != Member.Status.STEPPED_AWAY:
        notify(
            to_member.user,
            Kind.OFFER_MADE,
            _offers_url(to_member),
            circle_id=plan.circle_id,
            by=plan.author,
            about=plan,
        )
    return offer


def _offers_url(member: Member) -> str:
    return reverse("reachout:offers", args=[member.circle_id])


def invite_returning(plan: Plan, role: str) -> str:
    """Invite the person who reached out (not in the circle yet); their offers wait on the link.

    Returns the single-use token. Raises CircleRuleError as `circles.logic.invite` does.
    """
    invitation, token = circles_logic.invite(plan.author, role, note=plan.returning_name[:80])
    plan.offers.filter(to_member__isnull=True, state=Offer.State.OFFERED).update(invitation=invitation)
    return token


def _rule_for(offer: Offer, member: Member) -> Rule:
    return Rule(
        offer.frequency,
        offer.due_time,
        member.user.time_zone,
        ledger_logic.local_today(member),
        weekdays=(offer.weekday,) if offer.frequency == "weekdays" else (),
        times_per_week=offer.times_per_week,
    )


def accept_offer(offer: Offer, member: Member):
    """Take on an offer: it becomes a promise from them to the author, in the ledger,
    seen by the two of them."""
    author = offer.plan.author
    if offer.state != Offer.State.OFFERED:
        raise PlanRuleError("answered")
    if at_risk_with(member, author):
        raise SharingRefused("unsafe")
    # Taking on an offer from someone who said they are not safe with you goes through as
    # always: the promise never reaches them (Promise.objects.visible_to), and you cannot tell.
    if not ledger_logic.promisable(member).filter(pk=author.pk).exists():
        raise PlanRuleError("unavailable")
    with transaction.atomic():
        if not Offer.objects.filter(pk=offer.pk, state=Offer.State.OFFERED).update(
            state=Offer.State.ACCEPTED, to_member=member, answered_at=timezone.now()
        ):
            raise PlanRuleError("answered")
        promise = ledger_logic.make_promise(
            member,
            offer.what,
            recipients=[author],
            rule=_rule_for(offer, member),
            audience=Audience.CHOSEN,
            chosen=[author],
        )
        Offer.objects.filter(pk=offer.pk).update(promise=promise)
        Plan.objects.filter(pk=offer.plan_id, returning_member__isnull=True).update(returning_member=member)
    offer.refresh_from_db()
    mark_done(member, offer.plan_id, kinds=(Kind.OFFER_MADE,))  # answered: the offer's news is dealt with
    return promise


def decline_offer(offer: Offer, member: Member) -> None:
    if not Offer.objects.filter(pk=offer.pk, state=Offer.State.OFFERED).update(
        state=Offer.State.DECLINED, to_member=member, answered_at=timezone.now()
    ):
        raise PlanRuleError("answered")
    mark_done(member, offer.plan_id, kinds=(Kind.OFFER_MADE,))


def withdraw_offer(offer: Offer) -> None:
    Offer.objects.filter(pk=offer.pk, state=Offer.State.OFFERED).update(
        state=Offer.State.WITHDRAWN, answered_at=timezone.now()
    )


def follow_through(plan: Plan) -> list[dict]:
    """Each offer of a plan with what the ledger shows of it, in a fixed number of queries."""
    offers = list(plan.offers.select_related("promise").prefetch_related("promise__schedules"))
    ids = [o.promise_id for o in offers if o.promise_id]
    answers = queries.last_answers(ids)
    counts = {row["promise_id"]: row for row in _outcome_counts(ids)}
    out = []
    for offer in offers:
        promise = offer.promise
        row = counts.get(offer.promise_id, {})
        out.append(
            {
                "offer": offer,
                "record": wording.record_phrase(answers.get(offer.promise_id, []), promise.current_schedule)
                if promise
                else "",
                "kept": row.get("kept", 0),
                "confirmed": row.get("confirmed", 0),
            }
        )
    return out


def _outcome_counts(promise_ids) -> list[dict]:
    if not promise_ids:
        return []
    return list(
        Occurrence.objects.filter(promise_id__in=promise_ids)
        .values("promise_id")
        .annotate(
            kept=Count("pk", filter=Q(outcome__in=[Outcome.KEPT, Outcome.KEPT_CONFIRMED])),
            confirmed=Count("pk", filter=Q(outcome=Outcome.KEPT_CONFIRMED)),
        )
    )


# --- the review reminder ------------------------------------------------------------------


def send_review_reminders(now: datetime | None = None) -> int:
    """The periodic job: on (or after) a plan's review date, remind its author once."""
    now = now or timezone.now()
    count = 0
    candidates = (
        Plan.objects.filter(review_on__lte=now.date() + timedelta(days=1))
        .exclude(review_reminded_on__gte=F("review_on"))
        .select_related("author__user")
    )
    for plan in candidates:
        today = ledger_logic.local_today(plan.author, now)
        if not rules.review_due(plan.review_on, today, plan.review_reminded_on):
            continue
        count += _remind(plan, today, now)
    return count


def _remind(plan: Plan, today: date, now: datetime) -> int:
    with transaction.atomic():
        claimed = Plan.objects.filter(pk=plan.pk, review_reminded_on=plan.review_reminded_on).update(
            review_reminded_on=today
        )
        if not claimed or plan.author.left_at is not None:
            return 0
        url = reverse("reachout:plan", args=[plan.circle_id, plan.pk])
        notify(plan.author.user, Kind.PLAN_REVIEW, url, circle_id=plan.circle_id, now=now, about=plan)
    return 1
