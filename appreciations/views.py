from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.reauth import widens_audience
from appreciations.forms import AppreciationForm
from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles.access import circle_member_required
from circles.audience import get_authored_or_403, get_visible_or_404
from circles.forms import AudienceFields
from circles.history import delete_entry
from circles.models import Member


def _visible(request):
    return Appreciation.objects.visible_to(request.member).select_related("author__user", "to_member__user")


@circle_member_required
def appreciation_list(request):
    return render(request, "appreciations/list.html", {"appreciations": _visible(request)[:200]})


@circle_member_required
def appreciation_new(request):
    if request.member.status == Member.Status.STEPPED_AWAY:
        messages.info(request, _("While you have stepped away, what you write stays with you alone."))
    form = AppreciationForm(request.POST or None, member=request.member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appreciation = record_appreciation(
            request.member,
            data["text"],
            data["to_member"],
            data["audience"],
            data["chosen"],
            data["professional_may_see"],
        )
        messages.success(request, _("Thank you for noticing. Your appreciation is saved."))
        return redirect("appreciations:detail", circle_id=request.circle.pk, appreciation_id=appreciation.pk)
    return render(request, "appreciations/form.html", {"form": form})


@circle_member_required
def appreciation_detail(request, appreciation_id):
    appreciation = get_visible_or_404(_visible(request), request.member, pk=appreciation_id)
    return render(request, "appreciations/detail.html", {"appreciation": appreciation})


def _own(request, appreciation_id) -> Appreciation:
    return get_authored_or_403(Appreciation, request.member, pk=appreciation_id)


@circle_member_required
def appreciation_audience(request, appreciation_id):
    return _edit_audience(request, _own(request, appreciation_id))


@reauthentication_required(allow_get=True, enabled=widens_audience)
def _edit_audience(request, appreciation):
    """Sharing an entry more widely asks for the password again (SECURITY.md, check 10)."""
    initial = AudienceFields.initial_for(appreciation)
    form = AudienceFields(request.POST or None, member=request.member, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.apply_to(appreciation)
        messages.success(request, _("Saved. Who can see this is updated."))
        return redirect("appreciations:detail", circle_id=request.circle.pk, appreciation_id=appreciation.pk)
    return render(request, "appreciations/audience.html", {"form": form, "appreciation": appreciation})


@require_POST
@circle_member_required
def appreciation_delete(request, appreciation_id):
    delete_entry(request.member, _own(request, appreciation_id))
    messages.success(request, _("The appreciation was deleted."))
    return redirect("appreciations:list", circle_id=request.circle.pk)
