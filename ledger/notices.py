"""What a notification about a promise may say to the one reading it (notifications/describe.py)."""

from __future__ import annotations

from ledger.models import Promise
from notifications.describe import register
from notifications.models import Kind


def promises_seen(viewer, ids):
    """The promises among `ids` the viewer may see, with whom each is to (names only)."""
    facts = {}
    for promise in Promise.objects.visible_to(viewer).filter(pk__in=ids).prefetch_related("recipients__user"):
        names = [m.name for m in promise.recipients.all() if m.pk != viewer.pk]
        facts[promise.pk] = {"to": "" if promise.to_circle else ", ".join(names)}
    return facts


register((Kind.PROMISE_DUE, Kind.CONFIRM_WAITING, Kind.RENEGOTIATED, Kind.TALK_REQUEST), promises_seen)
