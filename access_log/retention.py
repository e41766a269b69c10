"""Access records are kept three years (§2.25's accounting of disclosures covers the past
three years) and then forgotten: the member's page never shows older ones either."""

from __future__ import annotations

from datetime import datetime

from access_log.models import AccessRecord
from access_log.reading import window_start


def sweep(now: datetime | None = None) -> int:
    """Delete the rows older than the window shown; says how many. Safe to run any number of times."""
    _count, by_model = AccessRecord.objects.filter(at__lt=window_start(now)).delete()
    return by_model.get(AccessRecord._meta.label, 0)
