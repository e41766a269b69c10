"""What a notification about a pause may say to the one reading it (notifications/describe.py)."""

from __future__ import annotations

from django.utils import timezone

from checkins.models import TimeOut
from notifications.describe import register
from notifications.models import Kind


def pauses_seen(viewer, ids):
    """The pauses among `ids` the viewer may see: until when (their clock), and with whom."""
    facts = {}
    rows = (
        TimeOut.objects.visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("author__user", "with_member__user")
    )
    for pause in rows:
        other = pause.with_member if pause.author_id == viewer.pk else pause.author
        facts[pause.pk] = {
            "until": timezone.localtime(pause.return_at).strftime("%H:%M"),
            "with": other.name,
        }
    return facts


register((Kind.TIMEOUT_CALLED, Kind.TIMEOUT_RETURN), pauses_seen)
