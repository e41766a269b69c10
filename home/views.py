from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from appreciations.models import Appreciation
from circles.access import circle_member_required
from circles.models import Member
from home import logic, queries
from ledger.models import SmallMoment
from ledger.queries import overall_scores


@circle_member_required
def circle_home(request):
    """A circle's "today": what needs me now, what is worth celebrating, then the rest."""
    member = request.member
    now = timezone.now()
    members = list(Member.objects.current().filter(circle=request.circle).select_related("user"))
    appreciations = list(
        Appreciation.objects.visible_to(member)
        .select_related("author__user", "to_member__user")
        .order_by("-created_at")[:10]
    )
    scores = overall_scores(member, now)
    for other in members:
        other.score = scores.get(other.pk)
    moments = SmallMoment.objects.visible_to(member).select_related("author__user", "about__user")[:5]
    facts = queries.gather(member, members, appreciations, now)
    if logic.is_quiet(facts):
        facts.newcomer = queries.newcomer(member)
    return render(
        request,
        "home/circle.html",
        {
            "today": logic.today(facts),
            "has_plans": facts.has_plans,
            "members": members,
            "appreciations": appreciations,
            "moments": moments,
        },
    )
