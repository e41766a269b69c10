from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appreciations.forms import AppreciationForm
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles.access import circle_member_required
from circles.audience import addressed
from circles.audience.fetch import fetch_authored, fetch_visible
from circles.audience.views import audience_page, varies_with_htmx, who_sees_preview
from circles.history import delete_entry
from circles.models import Member
from lib.refusal import Refused, show_refusal


def _visible(request):
    return Appreciation.objects.visible_to(request.member).select_related("author__user", "to_member__user")


@circle_member_required
def appreciation_list(request):
    return render(request, "appreciations/list.html", {"appreciations": _visible(request)[:200]})


@circle_member_required
def appreciation_new(request):
    if preview := who_sees_preview(request, AppreciationForm):
        return preview
    if request.member.status == Member.Status.STEPPED_AWAY:
        messages.info(request, _("While you have stepped away, what you write stays with you alone."))
    form = AppreciationForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appreciation = record_appreciation(
                request.member,
                data["text"],
                data["to_member"],
                data["audience"],
                data["chosen"],
                data["professional_may_see"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)  # what was typed stays in the form
        else:
            messages.success(request, _("Thank you for noticing. Your appreciation is saved."))
            return redirect(
                "appreciations:detail", circle_id=request.circle.pk, appreciation_id=appreciation.pk
            )
    return varies_with_htmx(render(request, "appreciations/form.html", {"form": form}))


@circle_member_required
def appreciation_detail(request, appreciation_id):
    appreciation = fetch_visible(request, _visible(request), appreciation_id)
    context = {"appreciation": appreciation, "who_sees": _who_sees(request, appreciation)}
    return render(request, "appreciations/detail.html", context)


def _who_sees(request, appreciation: Appreciation) -> list[str]:
    person = appreciation.to_member
    people = [person] if person else []
    return addressed.on_entry_page(request.member, appreciation, people=people, whole_circle=person is None)


def _own(request, appreciation_id) -> Appreciation:
    return fetch_authored(request, Appreciation, appreciation_id)


@circle_member_required
def appreciation_audience(request, appreciation_id):
    appreciation = _own(request, appreciation_id)
    return audience_page(
        request,
        appreciation,
        template="appreciations/audience.html",
        done=reverse(
            "appreciations:detail",
            kwargs={"circle_id": request.circle.pk, "appreciation_id": appreciation.pk},
        ),
        context={"appreciation": appreciation},
    )


@require_POST
@circle_member_required
def appreciation_delete(request, appreciation_id):
    delete_entry(request.member, _own(request, appreciation_id))
    messages.success(request, _("The appreciation was deleted."))
    return redirect("appreciations:list", circle_id=request.circle.pk)
