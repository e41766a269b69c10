from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charts.trust_line import trust_line
from circles.access import circle_member_required
from circles.audience import addressed
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page, varies_with_htmx, who_sees_preview
from circles.models import Member
from ledger import logic, queries, wording
from ledger.forms import (
    MomentForm,
    NoteForm,
    PauseForm,
    PromiseAudienceForm,
    PromiseForm,
    RenegotiateForm,
    ScheduleFields,
)
from ledger.models import Occurrence, Outcome, Promise, SmallMoment
from ledger.rules import outcomes, trajectory
from lib.refusal import Refused, show_refusal


def _today(request):
    return logic.local_today(request.member)


@circle_member_required
def mine(request):
    """The ledger for me: what is open now, what waits for me, what I promised and was promised."""
    member = request.member
    mine_list = list(queries.promises_by(member))
    to_me = list(queries.promises_to(member))
    answers = queries.last_answers([c.pk for c in mine_list + to_me])
    for promise in mine_list + to_me:
        schedule = promise.current_schedule
        promise.record = wording.record_phrase(answers.get(promise.pk, []), schedule)
        promise.when = wording.schedule_phrase(schedule)
    context = {
        "open_now": queries.open_now(member, _today(request)),
        "waiting": queries.waiting_for(member),
        "mine_list": mine_list,
        "to_me": to_me,
    }
    return render(request, "ledger/mine.html", context)


@circle_member_required
def new(request):
    if preview := who_sees_preview(request, PromiseForm):
        return preview
    form = PromiseForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            promise = logic.make_promise(
                request.member,
                data["what"],
                recipients=data["recipients"],
                to_circle=data["to_circle"],
                rule=form.rule(),
                audience=data["audience"],
                chosen=data["chosen"],
                professional_may_see=data["professional_may_see"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)  # what was typed stays in the form
        else:
            messages.success(request, _("Your promise is saved. Small and steady is how trust grows back."))
            return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=promise.pk)
    return varies_with_htmx(render(request, "ledger/promise_form.html", {"form": form}))


def _promise(request, promise_id) -> Promise:
    return fetch_visible(
        request,
        Promise.objects.select_related("author__user").prefetch_related("schedules", "recipients__user"),
        promise_id,
    )


def _own(request, promise_id) -> Promise:
    promise = _promise(request, promise_id)
    if promise.author_id != request.member.pk:
        raise PermissionDenied
    return promise


@circle_member_required
def promise(request, promise_id):
    item = _promise(request, promise_id)
    role = logic.role_of(request.member, item)
    recipients = list(item.recipients.all())
    confirmable = queries.confirmable(item)
    history = list(item.occurrences.prefetch_related("changes__by__user").order_by("-due_at")[:60])
    now = timezone.now()
    for occurrence in history:
        occurrence.actions = (
            outcomes.allowed_actions(
                occurrence.outcome, role, now=now, due_at=occurrence.due_at, grace=logic.grace()
            )
            if role
            else []
        )
    explanation = _explain_promise(item, now)
    context = {
        "item": item,
        "role": role,
        "history": history,
        "when": wording.schedule_phrase(item.current_schedule),
        "pause_form": PauseForm(),
        "confirmable": confirmable,
        "who_sees": addressed.on_entry_page(
            request.member, item, people=recipients, whole_circle=item.to_circle, to_confirm=True
        ),
        **why_context(explanation, self_reported=None if confirmable else explanation),
    }
    return render(request, "ledger/promise.html", context)


@circle_member_required
def promise_audience(request, promise_id):
    """Change who can see your promise: the API's form and rule, so the people promised keep
    seeing it. Anyone else is answered as on every other "who can see this" page."""
    item = fetch_authored(
        request,
        Promise.objects.select_related("author__user").prefetch_related("recipients__user", "chosen"),
        promise_id,
    )
    form_class = PromiseAudienceForm.for_promise(item)
    if preview := who_sees_preview(request, form_class):
        return preview
    response = audience_page(
        request,
        item,
        template="ledger/audience.html",
        done=reverse("ledger:promise", kwargs={"circle_id": request.circle.pk, "promise_id": item.pk}),
        form_class=form_class,
        initial=PromiseAudienceForm.initial_for(item),
        apply=logic.store_promise_audience,
        context={"item": item},
    )
    return varies_with_htmx(response)


def why_context(
    explanation: trajectory.Explanation, self_reported: trajectory.Explanation | None = None
) -> dict:
    """What "Why this number?" lists: each kind of outcome and its share of the weight, and
    how many of each are self-reported (from promises nobody promised can see)."""
    unconfirmed = {line.outcome: line.count for line in (self_reported.lines if self_reported else ())}
    lines = [
        {
            "label": Outcome(line.outcome).label,
            "count": line.count,
            "share": round(line.share * 100),
            "self_reported": unconfirmed.get(line.outcome, 0),
        }
        for line in explanation.lines
    ]
    prior = max(0, 100 - sum(line["share"] for line in lines)) if lines else 100
    return {
        "explanation": explanation,
        "why_lines": lines,
        "prior_share": prior,
        "self_reported_total": sum(unconfirmed.values()),
    }


def _explain_promise(item: Promise, now: datetime) -> trajectory.Explanation:
    window = queries.horizon_start(now)
    rows = (
        item.occurrences.filter(due_date__gte=window)
        .exclude(outcome="pending")
        .values_list("due_date", "outcome")
    )
    events = [trajectory.Event(at=queries.event_at(day), outcome=outcome) for day, outcome in rows]
    first = item.occurrences.order_by("due_date").values_list("due_date", flat=True).first()
    return trajectory.explain(events, now, queries.event_at(first) if first else None)


@circle_member_required
def change(request, promise_id):
    item = _own(request, promise_id)
    form = ScheduleFields(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        logic.change_schedule(item, form.rule())
        messages.success(
            request, _("From now on it follows the new plan. What already happened stays as it was.")
        )
        return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=item.pk)
    return render(request, "ledger/change_form.html", {"form": form, "item": item})


@require_POST
@circle_member_required
def pause(request, promise_id):
    item = _own(request, promise_id)
    form = PauseForm(request.POST)
    if form.is_valid() and item.state == Promise.State.ACTIVE:
        logic.pause(item, form.cleaned_data["reason"])
        messages.success(request, _("Paused. Nothing counts against you while it rests."))
    else:
        messages.error(request, _("Please choose why you are pausing it."))
    return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=item.pk)


@require_POST
@circle_member_required
def resume(request, promise_id):
    item = _own(request, promise_id)
    if item.state == Promise.State.PAUSED:
        logic.resume(item)
        messages.success(request, _("Welcome back. It picks up again from today."))
    return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=item.pk)


@require_POST
@circle_member_required
def end(request, promise_id):
    item = _own(request, promise_id)
    if item.state != Promise.State.ENDED:
        logic.end(item)
        messages.success(request, _("The promise is ended. Its history stays."))
    return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=item.pk)


FORMS = {"renegotiate": RenegotiateForm, "own_miss": NoteForm, "dispute": NoteForm}


@circle_member_required
def answer(request, occurrence_id, action):
    """Report, confirm, change in advance, own a miss, or say it was seen differently."""
    if action not in outcomes.MOVES or action == "mark_missed":
        raise Http404
    occurrence = get_object_or_404(
        Occurrence.objects.visible_to(request.member).select_related("promise"), pk=occurrence_id
    )
    form_class = FORMS.get(action)
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        note = form.cleaned_data.get("note", "") if form else ""
        try:
            logic.answer(occurrence, action, request.member, note)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            return _after_answer(request, occurrence, action)
        return redirect("ledger:promise", circle_id=request.circle.pk, promise_id=occurrence.promise_id)
    return render(request, "ledger/answer.html", {"occurrence": occurrence, "action": action, "form": form})


def _after_answer(request, occurrence, action):
    if action == "dispute":
        return redirect("ledger:talk", circle_id=request.circle.pk, occurrence_id=occurrence.pk)
    thanks = {
        "report_kept": _("Noted. Thank you for following through."),
        "confirm": _("Thank you for confirming. Noticing matters."),
        "renegotiate": _("Changed in advance, and they have been told. That is a trustworthy thing to do."),
        "own_miss": _("Thank you for owning it. That takes courage, and it counts."),
    }
    messages.success(request, thanks[action])
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("ledger:mine", circle_id=request.circle.pk)


@circle_member_required
def talk(request, occurrence_id):
    """After "that's not how I saw it": a short, respectful prompt to talk, never a verdict."""
    occurrence = get_object_or_404(
        Occurrence.objects.visible_to(request.member).select_related("promise__author__user"),
        pk=occurrence_id,
    )
    return render(request, "ledger/talk.html", {"occurrence": occurrence})


@circle_member_required
def moments(request):
    """One tap to note an everyday sign of change, once who will see it is settled."""
    if preview := who_sees_preview(request, MomentForm):
        return preview
    form = MomentForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logic.note_moment(
                request.member,
                data["about"],
                data["kind"],
                custom_kind=data["custom_kind"],
                note=data["note"],
                audience=data["audience"],
                chosen=data["chosen"],
                professional_may_see=data["professional_may_see"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Noted. Small moments add up."))
            return redirect("ledger:moments", circle_id=request.circle.pk)
    recent = SmallMoment.objects.visible_to(request.member).select_related("author__user", "about__user")[:50]
    return varies_with_htmx(
        render(
            request,
            "ledger/moments.html",
            {"form": form, "recent": recent, "kinds": SmallMoment.Kind.choices},
        )
    )


def _direction(author: Member, toward: Member, tally: queries.ScoredTally, now: datetime, points) -> dict:
    series = tally.series(points)
    return {
        "author": author,
        "toward": toward,
        "score": tally.score(now),
        **why_context(tally.explain(now), tally.self_reported.explain(now)),
        "chart": trust_line(
            series,
            title=_("How %(a)s’s follow-through toward %(b)s has gone")
            % {"a": author.name, "b": toward.name},
            desc=_(
                "Consistency score from 0 to 100 at the end of each month; the table beside it has the same numbers."
            ),
            zone=timezone.get_current_timezone(),
        ),
    }


@circle_member_required
def relationship(request, member_id):
    """Both directions of one relationship: scores, a chart over months, and why."""
    other = get_object_or_404(Member.objects.select_related("user"), pk=member_id, circle=request.circle)
    if other.pk == request.member.pk:
        raise Http404
    now = timezone.now()
    points = queries.month_points(now)
    window = queries.horizon_start(points[0])  # all that counts at the chart's first point, or later
    tallies = queries.relationship_tallies(request.member, other, window)
    directions = [
        _direction(author, toward, tallies.get(author.pk, queries.ScoredTally()), now, points)
        for author, toward in ((request.member, other), (other, request.member))
    ]
    moments_between = (
        SmallMoment.objects.visible_to(request.member)
        .filter(about__in=[other, request.member], author__in=[other, request.member])
        .select_related("author__user", "about__user")[:20]
    )
    return render(
        request,
        "ledger/relationship.html",
        {"other": other, "directions": directions, "moments": moments_between},
    )


@circle_member_required
def how_scores_work(request):
    return render(request, "ledger/how_scores_work.html")


@circle_member_required
def circle_promises(request):
    """Every promise in the circle that I may see, whoever made it and to whom (read only)."""
    items = list(
        Promise.objects.visible_to(request.member)
        .select_related("author__user")
        .prefetch_related("schedules")
        .order_by("state", "-created_at")
    )
    answers = queries.last_answers([c.pk for c in items])
    for item in items:
        item.record = wording.record_phrase(answers.get(item.pk, []), item.current_schedule)
        item.when = wording.schedule_phrase(item.current_schedule)
    return render(request, "ledger/all.html", {"items": items})


@circle_member_required
def moment(request, moment_id):
    """One small moment I may see."""
    item = fetch_visible(
        request, SmallMoment.objects.select_related("author__user", "about__user"), moment_id
    )
    about = [item.about] if item.about_id != item.author_id else []
    who_sees = addressed.on_entry_page(request.member, item, people=about)
    return render(request, "ledger/moment.html", {"item": item, "who_sees": who_sees})
