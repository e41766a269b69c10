"""The family's measures pages: what I can take, taking one, a result, and results over time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.access import circle_member_required
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page
from circles.history import delete_entry
from circles.models import Member
from lib.refusal import Refused, show_refusal
from measures import catalogue, logic, queries, text
from measures.forms import TakeForm
from measures.models import Assignment, Response


def _instrument(instrument_id: str):
    try:
        return catalogue.instrument(instrument_id)
    except KeyError:
        raise Http404 from None


def _visible(request):
    return Response.objects.visible_to(request.member).select_related("author__user")


@circle_member_required
def index(request):
    member = request.member
    instruments = queries.offered()
    latest = queries.latest_per_instrument(member)
    due = {a.instrument: a for a in logic.due_for(member)}
    shared = queries.shared_instruments(member)
    rows = [
        {
            "instrument": i,
            "name": text.pick(i.name),
            "latest": latest.get(i.id),
            "band": text.pick(b.label)
            if (latest.get(i.id) and (b := queries.band(i, latest[i.id].band)))
            else "",
            "due": due.get(i.id),
            "together": i.id in queries.TOGETHER,
            "shared": i.id in shared,
        }
        for i in instruments
    ]
    return render(request, "measures/index.html", {"rows": rows, "due": [r for r in rows if r["due"]]})


@circle_member_required
def take(request, instrument_id):
    instrument = _instrument(instrument_id)
    assignment = _assignment(request)
    form = TakeForm(request.POST or None, member=request.member, instrument=instrument, lang=text.language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = logic.take(
                request.member,
                instrument.id,
                form.answers(),
                data["audience"],
                data["chosen"],
                data["professional_may_see"],
                data["answers_shared"],
                assignment,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            return redirect("measures:result", circle_id=request.circle.pk, response_id=response.pk)
    context = {
        "form": form,
        "instrument": instrument,
        "name": text.pick(instrument.name),
        "recall": text.pick(instrument.recall_period),
        "published_here": text.published_in(instrument),
        "wording_note": text.pick(getattr(instrument, "wording_note", None)),
        "assignment": assignment,
        "lower_is_better": instrument.better == "lower",
        "bands": [(b.min, b.max, text.pick(b.label)) for b in instrument.bands],
    }
    return render(request, "measures/take.html", context)


def _assignment(request) -> Assignment | None:
    raw = request.GET.get("assignment") or request.POST.get("assignment")
    if not raw:
        return None
    try:
        return Assignment.objects.get(pk=raw, member=request.member, active=True)
    except (Assignment.DoesNotExist, ValueError, ValidationError):
        return None  # not theirs, ended or malformed: they take it on their own


@circle_member_required
def result(request, response_id):
    response = fetch_visible(request, _visible(request), response_id)
    found = queries.result(request.member, response)
    context = {"r": found, "name": text.pick(found.instrument.name), "response": response}
    if found.crisis:
        context["crisis_card"] = {"tier": "crisis", "category": "self_harm", "also": [], "about": "self"}
        context["alert_told"] = bool(logic.told_about(request.member, response))
    return render(request, "measures/result.html", context)


@circle_member_required
def audience(request, response_id):
    response = fetch_authored(request, Response, response_id)
    return audience_page(
        request,
        response,
        template="measures/audience.html",
        done=reverse("measures:result", kwargs={"circle_id": request.circle.pk, "response_id": response.pk}),
        context={"response": response, "name": text.pick(queries.instrument_of(response).name)},
    )


@require_POST
@circle_member_required
def delete(request, response_id):
    delete_entry(request.member, fetch_authored(request, Response, response_id))
    messages.success(request, _("The result was deleted."))
    return redirect("measures:index", circle_id=request.circle.pk)


@circle_member_required
def history(request, instrument_id, member_id=None):
    instrument = _instrument(instrument_id)
    author = request.member
    if member_id is not None and member_id != request.member.pk:
        author = get_object_or_404(Member.objects.filter(circle=request.circle), pk=member_id)
    found = queries.history(request.member, author, instrument)
    if author != request.member and not found.responses:
        raise Http404  # nothing shared: exactly like a member who does not exist
    context = {"h": found, "name": text.pick(instrument.name), "mine": author == request.member}
    return render(request, "measures/history.html", context)


@circle_member_required
def together(request, instrument_id):
    instrument = _instrument(instrument_id)
    if instrument.id not in queries.TOGETHER:
        raise Http404
    authors = [request.member]
    seen = set()
    for response in queries.shared_with(request.member, instrument.id):
        if response.author_id not in seen:
            seen.add(response.author_id)
            authors.append(response.author)
    histories = [queries.history(request.member, a, instrument) for a in authors]
    histories = [h for h in histories if h.responses]
    return render(
        request, "measures/together.html", {"histories": histories, "name": text.pick(instrument.name)}
    )
