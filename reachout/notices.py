"""What a notification about a reach-out plan may say to the one reading it
(notifications/describe.py)."""

from __future__ import annotations

from notifications.describe import register
from notifications.models import Kind
from reachout.logic import offers_for
from reachout.models import Plan


def offers_seen(viewer, ids):
    """Plans among `ids` with an offer to the viewer they may still see."""
    plans = offers_for(viewer).filter(plan_id__in=ids).values_list("plan_id", flat=True)
    return {pk: {} for pk in plans}


def plans_seen(viewer, ids):
    """The viewer's own plans among `ids` (a review reminder goes to the plan's author only)."""
    return {
        pk: {}
        for pk in Plan.objects.visible_to(viewer)
        .filter(pk__in=ids, author=viewer)
        .values_list("pk", flat=True)
    }


register((Kind.OFFER_MADE,), offers_seen)
register((Kind.PLAN_REVIEW,), plans_seen)
