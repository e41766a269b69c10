"""Reading what consents allow, for the workspace and the Audience rule."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from circles.models import ConsentScope, Member


def grants_to(professional: Member, at=None) -> dict:
    """What each member of the professional's circle allows them now, in one query.

    `{member_id: {category: level}}`, from the consents in force that name the
    professional; a member with none is absent. Two consents in force naming the same
    professional (one to them alone, one to the practice's named professionals) give the
    wider level of each category.
    """
    at = at or timezone.now()
    rows = (
        ConsentScope.objects.filter(
            consent__recipients=professional,
            consent__status="active",
            consent__expires_at__gt=at,
            consent__member__circle_id=professional.circle_id,
            consent__member__left_at__isnull=True,
        )
        .values_list("consent__member_id", "category", "level")
        .order_by()
    )
    granted: dict = defaultdict(dict)
    for member_id, category, level in rows:
        if granted[member_id].get(category) != "entries":
            granted[member_id][category] = level
    return dict(granted)
