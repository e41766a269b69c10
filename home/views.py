from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from appreciations.models import Appreciation
from circles.access import circle_member_required
from circles.models import Member
from home import logic, queries
from ledger.models import SmallMoment
from ledger.queries import horizon_start, self_reported_part, tallies_by_author


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
    tallies = tallies_by_author(member, horizon_start(now))
    for other in members:
        tally = tallies.get(other.pk)
        other.score = tally.score(now) if tally else None
        # Outcomes nobody promised could see are counted, but said to be self-reported.
        other.self_reported = self_reported_part(tally, now) if other.score is not None else ""
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
