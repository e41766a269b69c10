"""The professional's measures page for one circle (`/w/c/<id>/measures/`): assign a
questionnaire to a member who consented, and read the results they shared, each reading
written to the access log in the request's transaction.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access_log.logic import Shown, record
from circles.access import circle_member_required, open_to_professionals
from circles.consent.categories import Category
from lib.refusal import Refused, show_refusal
from measures import catalogue, logic, queries, text
from measures.forms import AssignForm
from measures.models import Assignment, Response

KIND = "measures.response"


def _professional(request):
    if not request.member.is_professional:
        raise Http404
    return request.member


@circle_member_required
@open_to_professionals
@transaction.atomic
def workspace(request):
    professional = _professional(request)
    members = logic.assignable_members(professional)
    instruments = queries.offered()
    form = AssignForm(request.POST or None, members=members, instruments=instruments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logic.assign(professional, data["member"], data["instrument"], data["schedule"])
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Assigned. They will get a reminder when it is due."))
            return redirect("measures:workspace", circle_id=request.circle.pk)
    assignments = (
        Assignment.objects.filter(assigned_by=professional, active=True, member__in=members)
        .select_related("member__user")
        .order_by("next_due")
    )
    # Which instruments each member shared with the professional: one query for them all.
    taken: dict = {}
    for author_id, instrument_id in (
        Response.objects.visible_to(professional)
        .filter(author__in=members)
        .values_list("author_id", "instrument")
        .order_by("instrument")
        .distinct()
    ):
        taken.setdefault(author_id, []).append(instrument_id)
    people, shown = [], []
    for member in members:
        histories = [
            queries.history(professional, member, catalogue.instrument(i))
            for i in taken.get(member.pk, [])
            if i in catalogue.all_instruments()
        ]
        for h in histories:
            shown += [Shown(member.pk, Category.MEASURES, KIND, r.pk) for r in h.responses]
        people.append({"member": member, "histories": histories})
    record(professional, shown)
    names = {i.id: text.pick(i.name) for i in instruments}
    context = {
        "form": form,
        "assignments": [(a, names.get(a.instrument, a.instrument)) for a in assignments],
        "people": people,
        "circle": request.circle,
    }
    return render(request, "measures/workspace.html", context)


@require_POST
@circle_member_required
@open_to_professionals
def end_assignment(request, assignment_id):
    professional = _professional(request)
    assignment = get_object_or_404(Assignment, pk=assignment_id, assigned_by=professional)
    logic.end(professional, assignment)
    messages.success(request, _("That questionnaire will not be asked again."))
    return redirect("measures:workspace", circle_id=request.circle.pk)
