from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from access_log.models import AccessRecord
from circles.consent.categories import Category, Purpose


def seen(professional, member, *, days_ago=0, category=Category.CHECKINS, kind="checkins.checkin", at=None):
    """One row: `professional` was shown something of `member`'s `days_ago` days ago."""
    return AccessRecord.objects.create(
        circle_id=professional.circle_id,
        member=member,
        professional=professional,
        category=category,
        kind=kind,
        object_id=uuid.uuid4(),
        purpose=Purpose.TREATMENT,
        at=at or timezone.now() - timedelta(days=days_ago),
    )


def many(professional, member, count: int, *, category=Category.CHECKINS):
    now = timezone.now()
    AccessRecord.objects.bulk_create(
        AccessRecord(
            circle_id=professional.circle_id,
            member=member,
            professional=professional,
            category=category,
            kind="chart",
            purpose=Purpose.TREATMENT,
            at=now - timedelta(minutes=number),
        )
        for number in range(count)
    )
