from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from appreciations.models import Appreciation
from circles.access import circle_member_required
from circles.models import Member
from ledger.models import SmallMoment
from ledger.queries import overall_scores


@circle_member_required
def circle_home(request):
    """A circle at a glance: recent appreciations, its people and small moments."""
    member = request.member
    members = Member.objects.current().filter(circle=request.circle).select_related("user")
    appreciations = (
        Appreciation.objects.visible_to(member)
        .select_related("author__user", "to_member__user")
        .order_by("-created_at")[:10]
    )
    scores = overall_scores(member, timezone.now())
    members = list(members)
    for other in members:
        other.score = scores.get(other.pk)
    moments = SmallMoment.objects.visible_to(member).select_related("author__user", "about__user")[:5]
    return render(
        request,
        "home/circle.html",
        {"members": members, "appreciations": appreciations, "moments": moments},
    )
