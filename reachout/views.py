"""Pages of the reach-out guide. Thin: the rules are in reachout.logic and reachout.rules.

Every plan is fetched through the Audience mechanism; pages only its author may use
answer 404 to anyone else, exactly like a plan that does not exist.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.access import circle_member_required
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page
from circles.history import delete_entry
from circles.logic import CircleRuleError
from circles.models import Member
from lib.refusal import show_refusal
from reachout import forms, logic, rules
from reachout.models import Offer, Plan, SupportPerson


def _plans(request):
    return Plan.objects.visible_to(request.member).select_related("author__user", "returning_member__user")


def _own_plan(request, plan_id) -> Plan:
    return fetch_authored(request, _plans(request), plan_id)


def _support(member):
    return SupportPerson.objects.filter(owner=member).select_related("member__user")


@circle_member_required
def plan_list(request):
    plans = list(_plans(request).order_by("-updated_at")[:100])
    context = {
        "mine": [p for p in plans if p.author_id == request.member.pk],
        "shared": [p for p in plans if p.author_id != request.member.pk],
        "offers_waiting": logic.offers_waiting(request.member),
    }
    return render(request, "reachout/list.html", context)


@circle_member_required
def start(request):
    """Step 1, one tap from anywhere: record that someone reached out."""
    form = forms.StartForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = logic.start_plan(
            request.member,
            returning_member=data["returning_member"],
            returning_name=data["returning_name"],
            how_reached=data["how_reached"],
            what_they_said=data["what_they_said"],
        )
        return redirect("reachout:step", circle_id=request.circle.pk, plan_id=plan.pk, step="pause")
    # A plan with a decision is finished: it lives on the plans page, not here.
    undecided = _plans(request).authored_by(request.member).filter(decisions__isnull=True)
    in_progress = list(undecided.order_by("-updated_at")[:5])
    return render(request, "reachout/start.html", {"form": form, "in_progress": in_progress})


@circle_member_required
def resume(request, plan_id):
    plan = _own_plan(request, plan_id)
    return redirect("reachout:step", circle_id=request.circle.pk, plan_id=plan.pk, step=plan.step)


def _initial(plan: Plan, step: str) -> dict:
    if step == "reached_out":
        return {
            "returning_member": plan.returning_member,
            "returning_name": plan.returning_name,
            "how_reached": plan.how_reached,
            "what_they_said": plan.what_they_said,
        }
    if step == "ask_yourself":
        return plan.answers("ask_yourself")
    if step == "ask_them":
        return {**plan.answers("their_answers"), "checklist": plan.ticked}
    if step == "conditions":
        values = {name: getattr(plan, name) for name in forms.ConditionsForm.base_fields}
        # The examples are a first start only: once anything of this step is written (or a
        # decision made), an empty box means the examples were deleted, and they stay deleted.
        if not any(values.values()) and logic.current_decision(plan) is None:
            values["conditions"] = str(forms.CONDITION_EXAMPLES)
        return values
    if step == "decide":
        current = logic.current_decision(plan)
        return {"decision": current.decision if current else None, "review_on": plan.review_on}
    return {}


def _form(request, plan: Plan, step: str):
    data = request.POST if request.method == "POST" else None
    initial = _initial(plan, step)
    if step == "reached_out":
        return forms.StartForm(data, member=request.member, initial=initial)
    if step == "ask_yourself":
        return forms.AskYourselfForm(data, initial=initial)
    if step == "ask_them":
        return forms.AskThemForm(data, initial=initial)
    if step == "conditions":
        return forms.ConditionsForm(data, initial=initial)
    if step == "decide":
        return forms.DecideForm(data, plan=plan, initial=initial)
    return None


def _save(plan: Plan, step: str, data: dict) -> None:
    if step == "reached_out":
        logic.save_fields(
            plan,
            returning_member=data["returning_member"],
            returning_name=data["returning_name"].strip(),
            how_reached=data["how_reached"],
            what_they_said=data["what_they_said"],
        )
    elif step == "ask_yourself":
        logic.save_answers(plan, "ask_yourself", data, rules.ASK_YOURSELF)
    elif step == "ask_them":
        logic.save_answers(plan, "their_answers", data, rules.ASK_THEM)
        logic.save_checklist(plan, data["checklist"])
    elif step == "conditions":
        logic.save_fields(plan, **{name: data[name].strip() for name in forms.ConditionsForm.base_fields})
    elif step == "decide":
        if data["changed"]:
            logic.decide(plan, data["decision"], data["note"])
        logic.save_fields(plan, review_on=data["review_on"])


@circle_member_required
def step(request, plan_id, step):
    """One step of the guide. Visiting a step remembers it; saving moves on, or stops here."""
    if step not in rules.STEPS:
        raise Http404
    plan = _own_plan(request, plan_id)
    logic.remember_step(plan, step)
    form = _form(request, plan, step)
    if request.method == "POST" and (form is None or form.is_valid()):
        if form is not None:
            _save(plan, step, form.cleaned_data)
        return _after_saving(request, plan, step)
    context = {
        "plan": plan,
        "form": form,
        "step": step,
        "number": rules.step_number(step),
        "total": len(rules.STEPS),
        "steps": [(s, rules.step_number(s), Plan.Step(s).label) for s in rules.STEPS],
        "previous": rules.step_before(step),
        "wait": rules.suggests_waiting(plan.ticked),
        "ask_them_questions": forms.ASK_THEM_QUESTIONS.values(),
    }
    if step == "pause":
        context["support_people"] = _support(request.member)
        context["support_form"] = forms.SupportPersonForm(member=request.member)
    return render(request, f"reachout/step_{step}.html", context)


def _after_saving(request, plan: Plan, step: str):
    circle_id = request.circle.pk
    if "stop" in request.POST:
        logic.remember_step(plan, step)
        messages.success(request, _("Saved. When you come back, you will start from this step."))
        return redirect("reachout:list", circle_id=circle_id)
    following = rules.step_after(step)
    if following is None:
        messages.success(request, _("Your plan is saved. Only you can see it unless you share it."))
        return redirect("reachout:plan", circle_id=circle_id, plan_id=plan.pk)
    logic.remember_step(plan, following)
    return redirect("reachout:step", circle_id=circle_id, plan_id=plan.pk, step=following)


def _plan_context(request, plan: Plan) -> dict:
    mine = plan.author_id == request.member.pk
    return {
        "plan": plan,
        "mine": mine,
        "decision": logic.current_decision(plan),
        # Earlier decisions and their notes are the author's own thinking; others see only the current one.
        "history": logic.history(plan) if mine else [],
        "follow_through": logic.follow_through(plan) if mine else [],
        "offered_signs": {
            o.what for o in plan.offers.all() if o.state in (Offer.State.OFFERED, Offer.State.ACCEPTED)
        }
        if mine
        else set(),
        "ask_yourself": [
            (q, plan.answers("ask_yourself").get(k, "")) for k, q in forms.ASK_YOURSELF_QUESTIONS.items()
        ],
        "ask_them": [
            (q, plan.answers("their_answers").get(k, "")) for k, q in forms.ASK_THEM_QUESTIONS.items()
        ],
        "ticked": [forms.CHECKLIST_LABELS[k] for k in plan.ticked],
        "how_reached": dict(forms.HOW_REACHED).get(plan.how_reached, ""),
    }


@circle_member_required
def plan_detail(request, plan_id):
    plan = fetch_visible(request, _plans(request), plan_id)
    return render(request, "reachout/plan.html", _plan_context(request, plan))


@circle_member_required
def plan_print(request, plan_id):
    plan = fetch_visible(request, _plans(request), plan_id)
    return render(request, "reachout/print.html", _plan_context(request, plan))


@circle_member_required
def plan_share(request, plan_id):
    plan = _own_plan(request, plan_id)
    if request.member.status == Member.Status.STEPPED_AWAY:
        messages.info(request, _("While you have stepped away, what you write stays with you alone."))
    return audience_page(
        request,
        plan,
        template="reachout/share.html",
        done=reverse("reachout:plan", kwargs={"circle_id": request.circle.pk, "plan_id": plan.pk}),
        form_class=partial(forms.ShareForm, plan=plan),
        apply=logic.share_choice,
        context={"plan": plan},
        saved=_("Saved. Who can see your plan is updated."),
    )


@circle_member_required
def plan_reply(request, plan_id):
    plan = _own_plan(request, plan_id)
    form = forms.ReplyForm(request.POST or None, initial={"reply_draft": plan.reply_draft})
    if request.method == "POST" and form.is_valid():
        logic.save_fields(plan, reply_draft=form.cleaned_data["reply_draft"])
        messages.success(request, _("Your draft is saved. Nothing was sent."))
        return redirect("reachout:reply", circle_id=request.circle.pk, plan_id=plan.pk)
    return render(request, "reachout/reply.html", {"form": form, "plan": plan})


@require_POST
@circle_member_required
def plan_delete(request, plan_id):
    delete_entry(request.member, _own_plan(request, plan_id))
    messages.success(request, _("The plan was deleted."))
    return redirect("reachout:list", circle_id=request.circle.pk)


# --- offers ------------------------------------------------------------------------------


@circle_member_required
def plan_offers(request, plan_id):
    """Turn signs of change into promises offered to the person who reached out."""
    plan = _own_plan(request, plan_id)
    form = forms.OfferForm(request.POST or None, initial={"what": request.GET.get("sign", "")[:200]})
    invite_form = forms.InviteReturningForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logic.make_offer(
                plan,
                data["what"],
                frequency=data["frequency"],
                weekday=data["weekday"],
                times_per_week=data["times_per_week"],
                due_time=data["due_time"],
            )
        except logic.PlanRuleError as refused:
            show_refusal(request, refused)
        else:
            messages.success(
                request, _("Offered. The ledger will show how it goes, here beside your decision.")
            )
            return redirect("reachout:plan_offers", circle_id=request.circle.pk, plan_id=plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "invite_form": invite_form,
        "offers": list(plan.offers.all()),
        "new_link": request.session.pop("mend_reachout_invite_link", None),
    }
    return render(request, "reachout/offers_make.html", context)


@require_POST
@circle_member_required
def plan_invite(request, plan_id):
    plan = _own_plan(request, plan_id)
    form = forms.InviteReturningForm(request.POST)
    if plan.returning_member_id is not None or not form.is_valid():
        raise Http404
    try:
        token = logic.invite_returning(plan, form.cleaned_data["role"])
    except CircleRuleError as refused:
        show_refusal(request, refused)
    else:
        request.session["mend_reachout_invite_link"] = request.build_absolute_uri(
            reverse("invitation", args=[token])
        )
    return redirect("reachout:plan_offers", circle_id=request.circle.pk, plan_id=plan.pk)


@circle_member_required
def offers(request):
    """What was offered to me: only the offers, never the plan behind them."""
    return render(request, "reachout/offers.html", {"offers": list(logic.offers_for(request.member))})


@require_POST
@circle_member_required
def offer_answer(request, offer_id):
    offer = get_object_or_404(logic.offers_for(request.member), pk=offer_id)
    action = request.POST.get("action")
    try:
        if action == "accept":
            logic.accept_offer(offer, request.member)
            messages.success(request, _("You took this on. It is in your promises now."))
        elif action == "decline":
            logic.decline_offer(offer, request.member)
            messages.success(request, _("You said no to this offer. That is all right."))
    except logic.PlanRuleError as refused:
        show_refusal(request, refused)
    return redirect("reachout:offers", circle_id=request.circle.pk)


@require_POST
@circle_member_required
def offer_withdraw(request, offer_id):
    offer = get_object_or_404(Offer, pk=offer_id, plan__author=request.member)
    logic.withdraw_offer(offer)
    messages.success(request, _("The offer was withdrawn."))
    return redirect("reachout:plan_offers", circle_id=request.circle.pk, plan_id=offer.plan_id)


# --- support people ------------------------------------------------------------------------


@circle_member_required
def support(request):
    form = forms.SupportPersonForm(request.POST or None, member=request.member)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not back.startswith(f"/c/{request.circle.pk}/reach-out/"):
        back = reverse("reachout:support", args=[request.circle.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        logic.add_support_person(
            request.member, member=data["member"], name=data["name"], reach=data["reach"]
        )
        messages.success(request, _("Saved. They are one tap away now."))
        return redirect(back)
    return render(
        request,
        "reachout/support.html",
        {
            "form": form,
            "support_people": _support(request.member),
            "next": back,
            # Arriving here from a step (a mistake in the small form there) must not be a dead end.
            "came_from_step": back != reverse("reachout:support", args=[request.circle.pk]),
        },
    )


@require_POST
@circle_member_required
def support_remove(request, person_id):
    logic.remove_support_person(get_object_or_404(SupportPerson, pk=person_id, owner=request.member))
    messages.success(request, _("Removed from your support people."))
    return redirect("reachout:support", circle_id=request.circle.pk)
