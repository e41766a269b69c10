"""What a notification about a repair may say to the one reading it (notifications/describe.py)."""

from __future__ import annotations

from notifications.describe import register
from notifications.models import Kind
from repair.models import Rupture


def ruptures_seen(viewer, ids):
    """The ruptures among `ids` the viewer may see; the line names only the one who acted."""
    return {
        pk: {} for pk in Rupture.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True)
    }


register((Kind.REPAIR_INVITED, Kind.REPAIR_STEP), ruptures_seen)
