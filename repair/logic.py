"""Rupture and repair: every change goes through one function here (pages and API alike).

The rules of the five steps live in `repair.rules.steps` (plain data); this module reads the
rows into that state, asks the rule, writes one row per change and tells the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.audience import Audience
from circles.audience.fetch import NotTheAuthor
from circles.consent.categories import Category
from circles.consent.queries import scopes_covering
from circles.history import delete_entry
from circles.models import Member
from ledger.logic import make_promise
from ledger.models import Promise
from lib import refusal as lib_refusal
from notifications.logic import mark_done, notify
from notifications.models import Kind
from repair.models import Reflection, RepairStep, Rupture, RuptureStatusChange
from repair.rules import steps
from repair.rules.steps import Action, Refused, Step
from safety.logic import NotSafeTogether, at_risk_with_any

ACTION_KIND = {
    Action.RECOGNISE: RepairStep.Kind.RECOGNISE,
    Action.SETTLED: RepairStep.Kind.REGULATE,
    Action.PAUSING: RepairStep.Kind.REGULATE,
    Action.SIDE: RepairStep.Kind.SIDE,
    Action.PART: RepairStep.Kind.PART,
    Action.VULNERABLE: RepairStep.Kind.VULNERABLE,
    Action.REBUILD: RepairStep.Kind.REBUILD,
}


def step_name(step: Step) -> str:
    names = {
        Step.RECOGNISE: _("Recognise"),
        Step.REGULATE: _("Regulate"),
        Step.OWN: _("Own and communicate"),
        Step.VULNERABLE: _("Be vulnerable"),
        Step.REBUILD: _("Rebuild trust"),
    }
    return names[step]


class RepairRefused(lib_refusal.Refused):
    """A move the repair does not allow now, with words a person can read."""

    code = "repair_rule"


class RepairUnavailable(NotSafeTogether):
    """Joint work in a repair with someone the actor said they are not safe with.

    Only ever raised for that member, who is shown where help is (`at_risk`, for the
    pages). Everyone else in the repair acts as always: refusing them would tell them
    about her answers.
    """

    code = "repair_unavailable"
    at_risk = True

    def __init__(self):
        super().__init__(
            _(
                "Repairs with this person are switched off for now, so that you stay safe. "
                "Support is there for you whenever you want it."
            )
        )


def refusal_message(refused: Refused) -> str:
    if refused.code == "step_order" and refused.step is not None:
        return _(
            "Step %(step)s (%(name)s) opens once you have finished step %(before)s (%(before_name)s)."
        ) % {
            "step": int(refused.step),
            "name": step_name(refused.step),
            "before": int(refused.step) - 1,
            "before_name": step_name(Step(int(refused.step) - 1)),
        }
    messages = {
        "not_party": _("Only the people in this repair can take its steps."),
        "paused": _("This repair is paused. Anyone in it can pick it up again when ready."),
        "not_now": _("This repair was set aside for now. Anyone in it can pick it up again when ready."),
        "repaired": _("This repair is already complete."),
        "not_open": _("This repair is not open just now."),
        "not_paused": _("This repair is already open."),
        "already_done": _("You have already done this step. What you wrote is kept as it is."),
        "side_written": _("You have already written your side."),
        "side_first": _("Please write your side first."),
        "no_side_yet": _("They have not written their side yet. You will be told when they have."),
        "already_understood": _("They already said you understood them."),
        "waiting_answer": _("Your reflection is waiting for their answer."),
        "understand_first": _(
            "Your part comes after the others have said “yes, that’s it” to your reflections."
        ),
        "nothing_to_answer": _("There is no reflection waiting for your answer."),
        "bad_answer": _("Please answer “yes, that’s it” or “not quite”."),
        # Someone else in it paused, set aside or picked up the repair a moment earlier.
        "changed": _("This repair changed just now. Please look at it again."),
    }
    return messages.get(refused.code, _("That isn’t possible in this repair just now."))


# --- who can be in a rupture ---------------------------------------------------------------


def possible_parties(author: Member):
    """Who a rupture can be logged with: others reachable in the circle, and the professional
    only with a member whose consent in force lets the professional have their ruptures and
    repair steps (else the professional could not see the member's side of the repair)."""
    others = Member.objects.reachable().filter(circle_id=author.circle_id).exclude(pk=author.pk)
    now = timezone.now()
    if author.is_professional:
        said_yes = scopes_covering(author, Category.REPAIR, member=OuterRef("pk"), moment=now)
        others = others.filter(Exists(said_yes))
    else:
        said_yes = scopes_covering(OuterRef("pk"), Category.REPAIR, member=author.pk, moment=now)
        others = others.filter(~Q(role=Member.Role.PROFESSIONAL) | Exists(said_yes))
    return others.select_related("user")


def check_safety(actor: Member, members: Iterable[Member]) -> None:
    """Refuse the actor joint work with anyone among `members` they said they are not safe with."""
    if at_risk_with_any(actor, [m for m in members if m.pk != actor.pk]):
        raise RepairUnavailable()


def share_with_parties(
    entry, parties: Iterable[Member], audience: str, chosen=(), professional_may_see=False
):
    """Everyone in the repair always sees it; the author may widen the audience, never narrow it.

    Only-me becomes "the people in it"; a professional in the repair sees it through the
    professional flag, which is the only way a professional sees anything.
    """
    others = [m for m in parties if m.pk != entry.author_id]
    with_pro = any(m.is_professional for m in others)
    if audience == Audience.ONLY_ME:
        audience = Audience.CHOSEN if others else Audience.ONLY_ME
    picked = list(chosen) + [m for m in others if not m.is_professional]
    entry.set_audience(audience, picked, bool(professional_may_see) or with_pro)


@dataclass(frozen=True)
class RuptureData:
    what: str
    happened_at: datetime
    size: str
    signs: list[str]
    others: list[Member]


def log_rupture(
    author: Member, data: RuptureData, audience: str = Audience.ONLY_ME, chosen=(), professional_may_see=False
) -> Rupture:
    """Record a rupture and invite the others in it to the repair."""
    allowed = set(possible_parties(author).values_list("pk", flat=True))
    others = [m for m in data.others if m.pk != author.pk]
    if not others:
        raise RepairRefused(_("Please choose who else was in it."))
    if any(m.pk not in allowed for m in others):
        raise RepairRefused(_("Everyone in a rupture has to be someone you can reach in this circle."))
    parties = [author, *others]
    if any(m.is_professional for m in parties) and len(parties) != 2:
        raise RepairRefused(_("A rupture with the professional is between the two of you only."))
    check_safety(author, others)
    with transaction.atomic():
        rupture = Rupture.objects.create(
            circle_id=author.circle_id,
            author=author,
            what=data.what,
            happened_at=data.happened_at,
            size=data.size,
            signs=list(data.signs),
        )
        rupture.parties.set(parties)
        share_with_parties(rupture, parties, audience, chosen, professional_may_see)
    for other in _who_may_hear(author, rupture, others):
        notify(
            other.user,
            Kind.REPAIR_INVITED,
            rupture_url(rupture),
            circle_id=rupture.circle_id,
            by=author,
            about=rupture,
        )
    return rupture


def _who_may_hear(member: Member, rupture: Rupture, others: Iterable[Member]) -> list[Member]:
    """The others in the repair who can see it: no news leads anyone to a page they cannot
    open (someone in it with a person they said they are not safe with, say)."""
    return [
        other
        for other in others
        if other.pk != member.pk and Rupture.objects.visible_to(other).filter(pk=rupture.pk).exists()
    ]


def rupture_url(rupture: Rupture) -> str:
    return reverse("repair:detail", args=[rupture.circle_id, rupture.pk])


def audience_choice(rupture: Rupture) -> dict:
    """The author's own choice, as `share_with_parties` received it: the people in it left out.

    Only-me is stored as "chosen: the people in it", so that is shown as only-me again.
    """
    others = {m.pk for m in rupture.parties.all() if m.pk != rupture.author_id}
    pro_in_it = any(m.is_professional for m in rupture.parties.all() if m.pk != rupture.author_id)
    chosen = [m for m in rupture.chosen.all() if m.pk not in others]
    audience = rupture.audience
    if audience == Audience.CHOSEN and not chosen:
        audience = Audience.ONLY_ME
    return {
        "audience": audience,
        "chosen": chosen,
        "professional_may_see": rupture.professional_may_see
        and not pro_in_it
        and audience != Audience.ONLY_ME,
    }


def share_choice(rupture: Rupture, choice) -> None:
    """Store an audience choice for `circles.audience.change.change_audience`: the people
    in the rupture always keep seeing it."""
    share_with_parties(
        rupture, list(rupture.parties.all()), choice.audience, choice.chosen, choice.professional_may_see
    )


def delete_rupture(member: Member, rupture: Rupture) -> None:
    """The author deletes the rupture, with every step text and reflection in it.

    Promises made at step 5 live on in the trust ledger as their own entries. Notifications
    that pointed here now lead to a page that is gone (404), like any deleted entry.
    """
    if member.pk != rupture.author_id:
        raise NotTheAuthor
    delete_entry(member, rupture)


# --- the state of a repair -----------------------------------------------------------------


def repair_state(rupture: Rupture) -> steps.RepairState:
    rows = list(RepairStep.objects.filter(rupture=rupture).values("author_id", "kind", "done"))
    by_party: dict = {}
    for row in rows:
        by_party.setdefault(row["author_id"], {})[row["kind"]] = row["done"]
    parties = []
    for member_id in rupture.parties.order_by("joined_at").values_list("pk", flat=True):
        kinds = by_party.get(member_id, {})
        regulate = None
        if RepairStep.Kind.REGULATE in kinds:
            regulate = "settled" if kinds[RepairStep.Kind.REGULATE] else "pausing"
        parties.append(
            steps.Party(
                id=member_id,
                recognised=RepairStep.Kind.RECOGNISE in kinds,
                regulate=regulate,
                side=RepairStep.Kind.SIDE in kinds,
                part=RepairStep.Kind.PART in kinds,
                vulnerable=RepairStep.Kind.VULNERABLE in kinds,
                rebuilt=RepairStep.Kind.REBUILD in kinds,
            )
        )
    reflections = tuple(
        steps.Reflection(r["author_id"], r["about_id"], r["answer"] or None)
        for r in Reflection.objects.filter(rupture=rupture)
        .order_by("created_at")
        .values("author_id", "about_id", "answer")
    )
    return steps.RepairState(
        parties=tuple(parties), status=steps.Status(rupture.status), reflections=reflections
    )


@dataclass(frozen=True)
class PartyProgress:
    member: Member
    step: Step | None  # None: finished all five
    step_name: str
    pausing: bool  # staying at step 2 for now
    phase: steps.OwnPhase | None


def progress(rupture: Rupture, state: steps.RepairState | None = None) -> list[PartyProgress]:
    """Where each person is: steps and phases only, never the text of anything unsubmitted."""
    state = state or repair_state(rupture)
    members = {m.pk: m for m in rupture.parties.select_related("user")}
    result = []
    for party in state.parties:
        step = steps.current_step(state, party.id)
        result.append(
            PartyProgress(
                member=members[party.id],
                step=step,
                step_name=step_name(step) if step else _("All five steps done"),
                pausing=party.regulate == "pausing",
                phase=steps.own_phase(state, party.id) if step == Step.OWN else None,
            )
        )
    return result


def _check(member: Member, rupture: Rupture, action: Action, **kwargs) -> steps.RepairState:
    parties = list(rupture.parties.all())
    if member.pk not in {m.pk for m in parties}:
        raise RepairRefused(refusal_message(Refused("not_party")))
    check_safety(member, parties)
    state = repair_state(rupture)
    try:
        steps.check(state, member.pk, action, **kwargs)
    except Refused as refused:
        raise RepairRefused(refusal_message(refused)) from refused
    return state


def _tell_others(member: Member, rupture: Rupture, kind: str = Kind.REPAIR_STEP, only=None) -> None:
    # A professional the member's consent does not let have their repair hears nothing.
    said_yes = set(
        Member.objects.filter(circle_id=member.circle_id, role=Member.Role.PROFESSIONAL)
        .filter(
            Exists(scopes_covering(OuterRef("pk"), Category.REPAIR, member=member.pk, moment=timezone.now()))
        )
        .values_list("pk", flat=True)
    )
    parties = [m for m in rupture.parties.select_related("user") if only is None or m.pk == only.pk]
    for other in _who_may_hear(member, rupture, parties):
        if other.is_professional and other.pk not in said_yes:
            continue
        # Someone who said they are not safe with the member hears nothing of it (`by`).
        notify(other.user, kind, rupture_url(rupture), circle_id=rupture.circle_id, by=member, about=rupture)


def _set_status(member: Member, rupture: Rupture, status: str, now: datetime) -> None:
    """The one way a rupture's status changes: a conditional update and a history row.

    `rupture.status` is the status the rules were checked against. Anyone in the repair
    may pause it, set it aside or pick it up again, so two people can act at once: the
    update only lands if the status is still that one, and the second person is refused.
    """
    before = rupture.status
    values = {
        "status": status,
        "status_changed_at": now,
        "repaired_at": now if status == Rupture.Status.REPAIRED else None,
        "ended_at": now if status == Rupture.Status.NOT_NOW else None,
    }
    with transaction.atomic():
        if not Rupture.objects.filter(pk=rupture.pk, status=before).update(**values, updated_at=now):
            raise RepairRefused(refusal_message(Refused("changed")))
        RuptureStatusChange.objects.create(rupture=rupture, by=member, before=before, after=status, at=now)
    for name, value in values.items():
        setattr(rupture, name, value)
    rupture.updated_at = now


@dataclass(frozen=True)
class NewPromise:
    """A promise to create in the trust ledger at step 5."""

    what: str
    rule: object  # ledger.rules.schedule.Rule


def take_step(
    member: Member,
    rupture: Rupture,
    action: Action,
    *,
    text: str = "",
    more: str = "",
    choices: Iterable[str] = (),
    promises: Iterable[NewPromise] = (),
    audience: str = Audience.ONLY_ME,
    chosen=(),
    professional_may_see: bool = False,
) -> RepairStep:
    """Take one step of the repair (steps 1–5, not reflections) and save it, sealed."""
    if action in (Action.REFLECT, Action.ANSWER, Action.PAUSE, Action.RESUME, Action.NOT_NOW):
        raise ValueError(f"{action} is not a step")
    _check(member, rupture, action)
    now = timezone.now()
    kind = ACTION_KIND[action]
    parties = list(rupture.parties.all())
    with transaction.atomic():
        row = RepairStep.objects.filter(rupture=rupture, author=member, kind=kind).first()
        if row is None:
            row = RepairStep(
                rupture=rupture, circle_id=rupture.circle_id, author=member, kind=kind, created_at=now
            )
        row.done = action != Action.PAUSING
        row.text, row.more, row.choices = text, more, list(choices)
        row.save()
        share_with_parties(row, parties, audience, chosen, professional_may_see)
        if action == Action.REBUILD:
            row.promises.set([_make_promise(member, parties, c) for c in promises])
        if steps.is_repaired(repair_state(rupture)):
            _set_status(member, rupture, Rupture.Status.REPAIRED, now)
    if action in (Action.SIDE, Action.REBUILD) or rupture.status == Rupture.Status.REPAIRED:
        _tell_others(member, rupture)
    mark_done(member, rupture)  # acting on the repair deals with its news
    return row


def _make_promise(member: Member, parties: list[Member], promise: NewPromise):
    others = [m for m in parties if m.pk != member.pk]
    return make_promise(
        member,
        promise.what,
        recipients=others,
        rule=promise.rule,
        audience=Audience.CHOSEN,
        chosen=[m for m in others if not m.is_professional],
        professional_may_see=any(m.is_professional for m in others),
    )


def reflect(member: Member, rupture: Rupture, about: Member, text: str) -> Reflection:
    """Reflect back another person's side in my own words; they answer."""
    _check(member, rupture, Action.REFLECT, subject=about.pk)
    with transaction.atomic():
        reflection = Reflection.objects.create(
            rupture=rupture, circle_id=rupture.circle_id, author=member, about=about, text=text
        )
        share_with_parties(reflection, list(rupture.parties.all()), Audience.ONLY_ME)
    _tell_others(member, rupture, only=about)
    mark_done(member, rupture)
    return reflection


def answer_reflection(member: Member, reflection: Reflection, answer: str, missed: str = "") -> Reflection:
    """Answer a reflection of my side: "yes, that's it", or "not quite" and what was missed."""
    rupture = reflection.rupture
    if reflection.about_id != member.pk:
        raise RepairRefused(_("Only the person whose side was reflected can answer."), status=403)
    if answer == Reflection.Answer.NOT_QUITE and not missed.strip():
        raise RepairRefused(_("Please say a little about what was missed, so they can try again."))
    latest = Reflection.objects.filter(rupture=rupture, author_id=reflection.author_id, about=member).last()
    if latest is None or latest.pk != reflection.pk:
        raise RepairRefused(refusal_message(Refused("nothing_to_answer")))
    _check(member, rupture, Action.ANSWER, subject=reflection.author_id, answer=answer)
    reflection.answer = answer
    reflection.missed = missed.strip() if answer == Reflection.Answer.NOT_QUITE else ""
    reflection.answered_at = timezone.now()
    reflection.save(update_fields=["answer", "missed", "answered_at", "updated_at"])
    _tell_others(member, rupture, only=reflection.author)
    mark_done(member, rupture)
    return reflection


def pause(member: Member, rupture: Rupture) -> None:
    """Anyone in the repair can pause it, for as long as needed."""
    _change_status(member, rupture, Action.PAUSE, Rupture.Status.PAUSED)


def resume(member: Member, rupture: Rupture) -> None:
    _change_status(member, rupture, Action.RESUME, Rupture.Status.OPEN)


def not_now(member: Member, rupture: Rupture) -> None:
    """End the repair for now, without blame; anyone can pick it up again later."""
    _change_status(member, rupture, Action.NOT_NOW, Rupture.Status.NOT_NOW)


def _change_status(member: Member, rupture: Rupture, action: Action, status: str) -> None:
    if action == Action.RESUME:
        _check(member, rupture, action)
    else:
        # Stepping back is always possible, even when joint work is switched off.
        state = repair_state(rupture)
        try:
            steps.check(state, member.pk, action)
        except Refused as refused:
            raise RepairRefused(refusal_message(refused)) from refused
    _set_status(member, rupture, status, timezone.now())
    _tell_others(member, rupture)
    mark_done(member, rupture)


# --- reading ------------------------------------------------------------------------------


def readable_steps(viewer: Member, rupture: Rupture, state: steps.RepairState | None = None):
    """Step texts the viewer may read: the Audience rule, then the seal on step 3.

    Until I have written my side, nothing of the others' step 3 (their side, their part,
    the reflections) reaches me, so my side stays my own.
    """
    state = state or repair_state(rupture)
    rows = RepairStep.objects.visible_to(viewer).filter(rupture=rupture).select_related("author__user")
    return [
        row for row in rows if row.kind not in SEALED or steps.may_read_side(state, viewer.pk, row.author_id)
    ]


SEALED = (RepairStep.Kind.SIDE, RepairStep.Kind.PART)


def readable_reflections(viewer: Member, rupture: Rupture, state: steps.RepairState | None = None):
    state = state or repair_state(rupture)
    rows = (
        Reflection.objects.visible_to(viewer)
        .filter(rupture=rupture)
        .select_related("author__user", "about__user")
    )
    return [row for row in rows if steps.may_read_side(state, viewer.pk, row.author_id)]


def spans(ruptures: Iterable[Rupture]):
    from repair.rules.stats import RuptureSpan

    return [
        RuptureSpan(
            logged_at=r.created_at,
            repaired_at=r.repaired_at if r.status == Rupture.Status.REPAIRED else None,
            ended=r.status == Rupture.Status.NOT_NOW,
        )
        for r in ruptures
    ]


# --- the shared summary of a finished repair -----------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    """One person's few lines at the end of a repair, from what the viewer may read."""

    member: Member
    part: str  # what they took responsibility for (step 3, "my part")
    change: str  # what they want the others to know will be different (step 5, reassurance)
    promises: tuple[str, ...]  # promises made at step 5 that the viewer may see


def shared_summary(viewer: Member, rupture: Rupture, rows) -> list[SummaryLine]:
    """A finished repair in a few lines: per person, their part, what will change, their promises.

    `rows` are the step texts the viewer may read (`readable_steps`), so the summary never
    shows more than the full steps below it; promises go through their own `visible_to`.
    """
    by_author: dict = {}
    for row in rows:
        by_author.setdefault(row.author_id, {})[row.kind] = row
    rebuilt = [
        kinds[RepairStep.Kind.REBUILD].pk for kinds in by_author.values() if RepairStep.Kind.REBUILD in kinds
    ]
    links = RepairStep.promises.through.objects.filter(repairstep_id__in=rebuilt)
    visible = {
        p.pk: p.what for p in Promise.objects.visible_to(viewer).filter(pk__in=links.values("promise_id"))
    }
    promised: dict = {}
    for step_id, promise_id in links.values_list("repairstep_id", "promise_id"):
        if promise_id in visible:
            promised.setdefault(step_id, []).append(visible[promise_id])
    lines = []
    for member in rupture.parties.order_by("joined_at").select_related("user"):
        kinds = by_author.get(member.pk, {})
        part = kinds.get(RepairStep.Kind.PART)
        rebuild = kinds.get(RepairStep.Kind.REBUILD)
        line = SummaryLine(
            member=member,
            part=part.text if part else "",
            change=rebuild.more if rebuild else "",
            promises=tuple(promised.get(rebuild.pk, ())) if rebuild else (),
        )
        if line.part or line.change or line.promises:
            lines.append(line)
    return lines
