"""Writing the access log: call it before a response shows a professional anything.

Call it inside the request's transaction, before the response is built: if the row
cannot be written the exception ends the request, so nothing is shown unlogged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from access_log.models import AccessRecord
from circles.consent.categories import READING_PURPOSE
from circles.models import Member


@dataclass(frozen=True)
class Shown:
    """One thing shown to a professional: whose, which category, what kind, which object."""

    member_id: object
    category: str
    kind: str
    object_id: object = None


def record(professional: Member, shown: Iterable[Shown], purpose: str = READING_PURPOSE) -> int:
    """Write one row per thing shown (one INSERT for all); returns how many."""
    rows = [
        AccessRecord(
            circle_id=professional.circle_id,
            member_id=one.member_id,
            professional=professional,
            category=one.category,
            kind=one.kind,
            object_id=one.object_id,
            purpose=purpose,
        )
        for one in shown
    ]
    AccessRecord.objects.bulk_create(rows)
    return len(rows)
