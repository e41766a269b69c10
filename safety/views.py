"""Pages of the safety app: only ever the signed-in member's own answers.

Every page is keyed by the member who asks, so there is no address at which one
person could reach another's answers.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from circles.access import circle_member_required
from circles.models import Member
from safety import logic
from safety.forms import SafetyAnswersForm


@circle_member_required
def home(request):
    """Everyone else in the circle, and whether I have answered about them."""
    checks = logic.my_checks_by_person(request.member)
    others = logic.others_to_answer_about(request.member).select_related("user")
    people = [(other, checks.get(other.user_id)) for other in others]
    return render(request, "safety/home.html", {"people": people})


def _about(request, member_id) -> Member:
    about = logic.others_to_answer_about(request.member).select_related("user").filter(pk=member_id).first()
    if about is None:
        raise Http404
    return about


@circle_member_required
def check(request, member_id):
    """The short question set about one person: answer, review or change."""
    about = _about(request, member_id)
    existing = logic.my_check(request.member, about)
    form = SafetyAnswersForm(request.POST or None, initial=logic.answers_of(existing))
    if request.method == "POST" and form.is_valid():
        logic.record_answers(request.member, about, form.cleaned_data)
        messages.success(request, _("Your answers are saved. Only you can see them."))
        return redirect("safety:check", circle_id=request.circle.pk, member_id=about.pk)
    return render(request, "safety/check.html", {"about": about, "check": existing, "form": form})
