"""Making consents and shared entries for the workspace's tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from checkins.models import CheckIn
from circles.audience.models import Audience
from circles.models import Consent, ConsentScope
from ledger.models import Occurrence, Promise
from repair.models import Rupture


def consent(
    member,
    professional,
    scopes: dict,
    *,
    days_back=60,
    expires_in=30,
    status=Consent.Status.ACTIVE,
    approve=True,
):
    """A signed consent of `member` to `professional` with {category: level}: what the
    Audience rule reads (`approve` is kept for callers written before it did)."""
    now = timezone.now()
    found = Consent.objects.create(
        member=member,
        recipient_names=str(professional),
        purposes=["treatment"],
        data_from=now - timedelta(days=days_back),
        expires_at=now + timedelta(days=expires_in),
        text_version="1",
        language="en",
        text_sha256="0" * 64,
        reauthenticated_at=now,
        status=status,
    )
    found.recipients.add(professional)
    ConsentScope.objects.bulk_create(
        [ConsentScope(consent=found, category=c, level=level) for c, level in scopes.items()]
    )
    return found


def shared(**extra):
    return {"audience": Audience.CIRCLE, "professional_may_see": True, **extra}


def checkin(member, *, days_ago=0, private=False, note=""):
    extra = {"audience": Audience.ONLY_ME} if private else shared()
    return CheckIn.objects.create(
        circle=member.circle,
        author=member,
        state="settled",
        note=note,
        created_at=timezone.now() - timedelta(days=days_ago),
        **extra,
    )


def rupture(member, *, days_ago=3, repaired_after=None):
    now = timezone.now()
    found = Rupture.objects.create(
        circle=member.circle,
        author=member,
        what="We argued about money",
        happened_at=now - timedelta(days=days_ago),
        created_at=now - timedelta(days=days_ago),
        **shared(),
    )
    if repaired_after is not None:
        found.status = Rupture.Status.REPAIRED
        found.repaired_at = found.created_at + repaired_after
        found.save(update_fields=["status", "repaired_at"])
    return found


def promise(member, outcomes=("kept", "kept", "missed"), *, what="Call on Sundays", days_ago=30):
    now = timezone.now()
    found = Promise.objects.create(
        circle=member.circle,
        author=member,
        what=what,
        created_at=now - timedelta(days=days_ago),
        to_circle=True,
        **shared(),
    )
    for i, outcome in enumerate(outcomes):
        day = now - timedelta(days=2 + i)
        Occurrence.objects.create(
            promise=found,
            circle_id=member.circle_id,
            due_at=day,
            due_date=day.date(),
            opens_on=day.date(),
            outcome=outcome,
        )
    return found


@pytest.fixture
def family(cast):
    """alice allows pat her check-ins (entries) and repair (trends); bob allows promises (trends)."""
    consent(cast.alice, cast.pat, {"checkins": "entries", "repair": "trends"})
    consent(cast.bob, cast.pat, {"promises": "trends"})
    checkin(cast.alice)
    checkin(cast.alice, private=True)
    rupture(cast.alice)
    rupture(cast.alice, days_ago=10, repaired_after=timedelta(hours=5))
    promise(cast.bob)
    checkin(cast.carol)  # carol gave no consent
    return cast
