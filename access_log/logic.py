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
    return record_many([(professional, one) for one in shown], purpose)


def record_many(shown: Iterable[tuple[Member, Shown]], purpose: str = READING_PURPOSE) -> int:
    """`record` for things shown through several professional memberships (one per
    circle, as on the caseload) in one INSERT, so the queries never grow with the circles."""
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
        for professional, one in shown
    ]
    AccessRecord.objects.bulk_create(rows)
    return len(rows)
