"""Pages of the repair app: thin views over `repair.logic`."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charts.repair_months import repair_months
from circles.access import circle_member_required, open_to_professionals
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page
from ledger.models import Promise
from notifications.logic import mark_done
from repair import forms, logic
from repair.models import Reflection, RepairStep, Rupture
from repair.rules import steps
from repair.rules.stats import median_time_to_repair, monthly_medians, open_count
from repair.rules.steps import Action, Step


def _ruptures(request):
    found = Rupture.objects.visible_to(request.member)
    if request.member.is_professional:
        # A professional repairs their own working relationship with the family here
        # (PRODUCT.md, D); the family's ruptures they read in their own view, under consent.
        found = found.filter(parties=request.member)
    return found.select_related("author__user").prefetch_related("parties__user")


def _rupture(request, rupture_id) -> Rupture:
    return fetch_visible(request, _ruptures(request), rupture_id)


def _context(request, rupture: Rupture, **extra) -> dict:
    state = logic.repair_state(rupture)
    party_ids = {p.id for p in state.parties}
    me = request.member.pk if request.member.pk in party_ids else None
    context = {
        "rupture": rupture,
        "state": state,
        "progress": logic.progress(rupture, state),
        "is_party": me is not None,
        "my_step": steps.current_step(state, me) if me else None,
        "unavailable": _unavailable(request, rupture) if me else None,
    }
    context.update(extra)
    return context


def _unavailable(request, rupture: Rupture) -> logic.RepairUnavailable | None:
    try:
        logic.check_safety(request.member, list(rupture.parties.all()))
    except logic.RepairUnavailable as unavailable:
        return unavailable
    return None


@circle_member_required
def rupture_list(request):
    ruptures = list(_ruptures(request)[:200])
    mine = [r for r in ruptures if any(p.pk == request.member.pk for p in r.parties.all())]
    return render(request, "repair/list.html", {"ruptures": ruptures, "mine": mine})


def _promise_to_repair(request) -> Promise | None:
    """The promise a repair starts from (`?promise=`), if the member may see it. Anything
    else, unknown or not theirs to see, gets the same plain words and an empty form."""
    raw = request.GET.get("promise")
    if not raw:
        return None
    try:
        promise_id = uuid.UUID(raw)
    except ValueError:
        promise_id = None
    promise = Promise.objects.visible_to(request.member).filter(pk=promise_id).first() if promise_id else None
    if promise is None and request.method == "GET":
        messages.info(request, _("That promise can’t be opened here, so the form starts empty."))
    return promise


@circle_member_required
@open_to_professionals
def rupture_new(request):
    promise = _promise_to_repair(request)
    initial = forms.initial_from_promise(request.member, promise) if promise else None
    form = forms.RuptureForm(request.POST or None, member=request.member, initial=initial)
    unavailable = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rupture = logic.log_rupture(
                request.member,
                form.rupture_data(),
                data["audience"],
                data["chosen"],
                data["professional_may_see"],
            )
        except logic.RepairUnavailable as refused:
            unavailable = refused
        except logic.RepairRefused as refused:
            form.add_error("others", str(refused))
        else:
            if promise is not None:
                mark_done(request.member, promise)  # the talk the promise asked for has begun
            messages.success(
                request,
                _("Thank you for naming it. The others in it are invited to repair, at their own pace."),
            )
            return redirect("repair:detail", circle_id=request.circle.pk, rupture_id=rupture.pk)
    return render(request, "repair/new.html", {"form": form, "unavailable": unavailable})


@circle_member_required
@open_to_professionals
def rupture_detail(request, rupture_id):
    rupture = _rupture(request, rupture_id)
    state = logic.repair_state(rupture)
    step_texts = logic.readable_steps(request.member, rupture, state)
    # A finished repair ends with a few shared lines; every step stays folded below them.
    summary = (
        logic.shared_summary(request.member, rupture, step_texts)
        if rupture.status == Rupture.Status.REPAIRED
        else None
    )
    return render(
        request,
        "repair/detail.html",
        _context(
            request,
            rupture,
            step_texts=step_texts,
            reflections=logic.readable_reflections(request.member, rupture, state),
            waiting_for_me=_waiting_for_me(request, rupture),
            summary=summary,
        ),
    )


def _waiting_for_me(request, rupture):
    """Reflections of my side still waiting for my answer (only the latest one per person)."""
    latest: dict = {}
    mine = Reflection.objects.visible_to(request.member).filter(rupture=rupture, about=request.member)
    for reflection in mine.order_by("created_at"):
        latest[reflection.author_id] = reflection
    return [r for r in latest.values() if not r.answer]


STEP_FORMS = {
    Step.RECOGNISE: forms.RecogniseForm,
    Step.VULNERABLE: forms.VulnerableForm,
}


@circle_member_required
@open_to_professionals
def step(request, rupture_id, number):
    rupture = _rupture(request, rupture_id)
    if number not in (1, 2, 3, 4, 5):
        return redirect("repair:detail", circle_id=request.circle.pk, rupture_id=rupture.pk)
    current = Step(number)
    context = _context(request, rupture, step=current, step_title=logic.step_name(current))
    if not context["is_party"]:
        context["blocked"] = _("Only the people in this repair take its steps.")
        return render(request, "repair/step.html", context)
    party = context["state"].party(request.member.pk)
    mine = {s.kind: s for s in RepairStep.objects.authored_by(request.member).filter(rupture=rupture)}
    context["mine"] = mine
    if not steps.step_done(party, current):
        try:
            steps.check(context["state"], request.member.pk, _probe(current))
        except steps.Refused as refused:
            if refused.code in ("step_order", "paused", "not_now", "repaired"):
                context["blocked"] = logic.refusal_message(refused)
    if current == Step.OWN:
        return _own_step(request, rupture, context)
    return _simple_step(request, rupture, current, context)


def _probe(current: Step) -> Action:
    return {
        Step.RECOGNISE: Action.RECOGNISE,
        Step.REGULATE: Action.SETTLED,
        Step.OWN: Action.SIDE,
        Step.VULNERABLE: Action.VULNERABLE,
        Step.REBUILD: Action.REBUILD,
    }[current]


def _simple_step(request, rupture, current: Step, context):
    form = None
    if current == Step.REBUILD:
        form = forms.RebuildForm(request.POST or None, member=request.member)
    elif current in STEP_FORMS:
        form = STEP_FORMS[current](request.POST or None)
    context["form"] = form
    if request.method == "POST" and not context.get("blocked") and not context["unavailable"]:
        if current == Step.REGULATE:
            action = Action.PAUSING if request.POST.get("choice") == "pausing" else Action.SETTLED
            return _take(request, rupture, action, {}, context)
        if form.is_valid():
            return _take(request, rupture, _probe(current), _step_values(current, form), context)
    return render(request, "repair/step.html", context)


def _step_values(current: Step, form) -> dict:
    data = form.cleaned_data
    if current == Step.RECOGNISE:
        return {"text": data["text"], "choices": data["patterns"]}
    if current == Step.VULNERABLE:
        return {"text": data["text"], "choices": data["feelings"]}
    return {"text": data["apology"], "more": data["reassurance"], "promises": form.promises()}


def _take(request, rupture, action: Action, values: dict, context):
    try:
        logic.take_step(request.member, rupture, action, **values)
    except logic.RepairUnavailable as unavailable:
        context["unavailable"] = unavailable
        return render(request, "repair/step.html", context)
    except logic.RepairRefused as refused:
        if context.get("form") is not None:
            context["form"].add_error(None, str(refused))
        else:
            context["blocked"] = str(refused)
        return render(request, "repair/step.html", context)
    messages.success(request, _saved_message(action, bool(values.get("promises"))))
    rupture.refresh_from_db()
    if rupture.status == Rupture.Status.REPAIRED or action in (Action.PAUSING, Action.REBUILD):
        return redirect("repair:detail", circle_id=request.circle.pk, rupture_id=rupture.pk)
    next_step = steps.current_step(logic.repair_state(rupture), request.member.pk)
    return redirect(
        "repair:step", circle_id=request.circle.pk, rupture_id=rupture.pk, number=int(next_step or 5)
    )


def _saved_message(action: Action, promised: bool = False) -> str:
    if action == Action.REBUILD and not promised:
        # Without a promise there is nothing in the ledger; saying so would be untrue.
        return _("Saved. Thank you for what you offered.")
    return {
        Action.RECOGNISE: _("Saved. Naming it is the first step."),
        Action.SETTLED: _("Good. When your body is settled, words come easier."),
        Action.PAUSING: _("Take all the time you need. This step waits for you."),
        Action.SIDE: _("Your side is saved. Now you can read the others’ sides as they come in."),
        Action.PART: _("Thank you for naming your part. That takes courage."),
        Action.VULNERABLE: _("Thank you for sharing something tender."),
        Action.REBUILD: _("Saved. Your promises are in the trust ledger now."),
    }[action]


def _own_step(request, rupture, context):
    state = context["state"]
    party = state.party(request.member.pk)
    side_form = forms.SideForm(request.POST if request.POST.get("form") == "side" else None)
    part_form = forms.PartForm(request.POST if request.POST.get("form") == "part" else None)
    context.update(
        side_form=side_form,
        part_form=part_form,
        phase=steps.own_phase(state, request.member.pk) if party.regulate == "settled" else None,
        others=_others_sides(request, rupture, state),
        waiting_for_me=_waiting_for_me(request, rupture),
    )
    if request.method == "POST" and not context.get("blocked") and not context["unavailable"]:
        form, action = (
            (side_form, Action.SIDE) if request.POST.get("form") == "side" else (part_form, Action.PART)
        )
        context["form"] = form
        if form.is_valid():
            return _take(request, rupture, action, {"text": form.cleaned_data["text"]}, context)
    return render(request, "repair/step.html", context)


def _others_sides(request, rupture, state):
    """For each other person: their side (when I may read it) and where our reflections stand."""
    sides = {
        row.author_id: row
        for row in logic.readable_steps(request.member, rupture, state)
        if row.kind == RepairStep.Kind.SIDE
    }
    result = []
    for item in logic.progress(rupture, state):
        if item.member.pk == request.member.pk:
            continue
        result.append(
            {
                "member": item.member,
                "side": sides.get(item.member.pk),
                "has_side": state.party(item.member.pk).side,
                "understood": steps.understood(state, request.member.pk, item.member.pk),
                "waiting": steps.waiting_answer(state, request.member.pk, item.member.pk),
            }
        )
    return result


@circle_member_required
@open_to_professionals
def reflect(request, rupture_id, member_id):
    rupture = _rupture(request, rupture_id)
    about = get_object_or_404(rupture.parties.select_related("user"), pk=member_id)
    state = logic.repair_state(rupture)
    side = next(
        (
            row
            for row in logic.readable_steps(request.member, rupture, state)
            if row.kind == RepairStep.Kind.SIDE and row.author_id == about.pk
        ),
        None,
    )
    earlier = [
        r
        for r in logic.readable_reflections(request.member, rupture, state)
        if r.author_id == request.member.pk and r.about_id == about.pk
    ]
    form = forms.ReflectForm(request.POST or None)
    context = _context(request, rupture, about=about, side=side, earlier=earlier, form=form)
    if request.method == "POST" and form.is_valid():
        try:
            logic.reflect(request.member, rupture, about, form.cleaned_data["text"])
        except logic.RepairUnavailable as unavailable:
            context["unavailable"] = unavailable
        except logic.RepairRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Sent. They will say whether you heard them."))
            return redirect("repair:step", circle_id=request.circle.pk, rupture_id=rupture.pk, number=3)
    return render(request, "repair/reflect.html", context)


@circle_member_required
@open_to_professionals
def answer(request, rupture_id, reflection_id):
    rupture = _rupture(request, rupture_id)
    reflection = fetch_visible(
        request,
        Reflection.objects.select_related("author__user", "rupture").filter(
            rupture=rupture, about=request.member
        ),
        reflection_id,
    )
    form = forms.AnswerForm(request.POST or None)
    context = _context(request, rupture, reflection=reflection, form=form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logic.answer_reflection(request.member, reflection, data["answer"], data["missed"])
        except logic.RepairUnavailable as unavailable:
            context["unavailable"] = unavailable
        except logic.RepairRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Thank you. They will see your answer."))
            return redirect("repair:step", circle_id=request.circle.pk, rupture_id=rupture.pk, number=3)
    return render(request, "repair/answer.html", context)


@circle_member_required
@open_to_professionals
def end(request, rupture_id):
    rupture = _rupture(request, rupture_id)
    context = _context(request, rupture)
    if request.method == "POST":
        moves = {"pause": logic.pause, "not_now": logic.not_now, "resume": logic.resume}
        move = moves.get(request.POST.get("choice", ""))
        if move is None:
            context["error"] = _("Please choose one of the options.")
        else:
            try:
                move(request.member, rupture)
            except logic.RepairUnavailable as unavailable:
                context["unavailable"] = unavailable
            except logic.RepairRefused as refused:
                context["error"] = str(refused)
            else:
                messages.success(request, _ended_message(request.POST["choice"]))
                return redirect("repair:detail", circle_id=request.circle.pk, rupture_id=rupture.pk)
    return render(request, "repair/end.html", context)


def _ended_message(choice: str) -> str:
    return {
        "pause": _("Paused. Anyone in it can pick it up again when ready."),
        "not_now": _("Set aside for now. “Not now” is a complete answer."),
        "resume": _("Welcome back. The repair is open again."),
    }[choice]


def _own(request, rupture_id) -> Rupture:
    """The member's own rupture: one they can only see, or are only in, is not theirs to change."""
    return fetch_authored(request, _ruptures(request), rupture_id)


@circle_member_required
@open_to_professionals
def rupture_audience(request, rupture_id):
    rupture = _own(request, rupture_id)
    return audience_page(
        request,
        rupture,
        template="repair/audience.html",
        done=reverse("repair:detail", kwargs={"circle_id": request.circle.pk, "rupture_id": rupture.pk}),
        form_class=forms.RuptureAudienceForm,
        initial=logic.audience_choice(rupture),
        apply=logic.share_choice,
        context={"rupture": rupture},
    )


@require_POST
@circle_member_required
@open_to_professionals
def rupture_delete(request, rupture_id):
    logic.delete_rupture(request.member, _own(request, rupture_id))
    messages.success(request, _("The rupture was deleted, with every step and reflection in it."))
    return redirect("repair:list", circle_id=request.circle.pk)


@circle_member_required
def time_to_repair(request):
    """The circle's time to repair, from the ruptures I can see: encouraging, never a ranking."""
    now = timezone.localtime()
    ruptures = list(Rupture.objects.visible_to(request.member).only("created_at", "repaired_at", "status"))
    spans = logic.spans(ruptures)
    months = monthly_medians(spans, now)
    median = median_time_to_repair(spans, now)
    rows = [(m.month, _days(m.median), m.repaired) for m in months]
    context = {
        "median": median,
        "median_text": _duration(median) if median is not None else None,
        "open": open_count(spans),
        "chart": repair_months(rows),
    }
    return render(request, "repair/time.html", context)


def _days(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def _duration(value: timedelta) -> str:
    from django.utils.translation import ngettext

    hours = value.total_seconds() / 3600
    if hours < 48:
        count = max(1, round(hours))
        return ngettext("about %(count)s hour", "about %(count)s hours", count) % {"count": count}
    count = round(hours / 24)
    return ngettext("about %(count)s day", "about %(count)s days", count) % {"count": count}
