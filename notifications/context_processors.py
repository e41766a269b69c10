"""The unread count in the site header."""

from __future__ import annotations

from functools import cache

from notifications.models import Notification


def unread(request):
    """`unread_notifications` for signed-in people: one COUNT query, and only if a page shows it.

    Templates call a callable value when they read it; caching it means the header
    can use the number twice with one query, and fragments that never show it
    make none.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
