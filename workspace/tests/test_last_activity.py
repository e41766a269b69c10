"""The caseload's "last activity" is the latest entry the consent rule counts, on random
histories: the oracle is the plain rule, the latest entry for which `under_consent` holds,
kind by kind."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from checkins.models import CheckIn
from circles.consent.categories import Category
from workspace import queries
from workspace.tests.conftest import checkin, consent, rupture


def _oracle(circle_id, professional, now):
    """The latest entry the consent rule counts, per kind, for this circle: one per kind."""
    found = []
    for model in queries.entry_models():
        latest = (
            model.objects.filter(
                circle_id=circle_id, created_at__gt=now - timedelta(days=queries.RECENT_DAYS)
            )
            .filter(queries.under_consent(model.consent_category, [professional.pk], now))
            .aggregate(last=Max("created_at"))["last"]
        )
        if latest is not None:
            found.append(latest)
    return max(found, default=None)


def _history(rng, cast, now):
    for member in (cast.alice, cast.bob):
        for _ in range(rng.randint(0, 4)):
            entry = checkin(member, days_ago=rng.randint(0, 120), private=rng.random() < 0.3)
            CheckIn.objects.filter(pk=entry.pk).update(
                created_at=now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
            )
        for _ in range(rng.randint(0, 2)):
            rupture(member, days_ago=rng.randint(0, 120))
        for _ in range(rng.randint(0, 2)):
            scopes = {
                c: rng.choice(["trends", "entries"]) for c in rng.sample(["checkins", "repair", "moments"], 2)
            }
            given = consent(member, cast.pat, scopes, days_back=rng.randint(1, 130))
            if rng.random() < 0.5:
                given.data_to = now - timedelta(days=rng.randint(0, 60))
                given.save(update_fields=["data_to"])


def test_last_activity_is_the_consent_rule_on_random_histories(cast):
    now = timezone.now()
    differing, counted = [], 0
    for seed in range(60):
        with transaction.atomic():
            rng = random.Random(seed)
            _history(rng, cast, now)
            found = queries.last_activity([cast.circle.pk], [cast.pat.pk], now, set(Category.values))
            got = found.get(cast.circle.pk)
            expected = _oracle(cast.circle.pk, cast.pat, now)
            if (got.at if got else None) != expected:
                differing.append(seed)
            counted += expected is not None
            transaction.set_rollback(True)
    assert differing == []
    assert counted >= 20  # the random histories do reach the rule, not only empty answers


def test_an_entry_after_a_range_that_ended_does_not_hide_one_inside_it(cast):
    now = timezone.now()
    given = consent(cast.alice, cast.pat, {Category.CHECKINS: "trends"}, days_back=60)
    given.data_to = now - timedelta(days=10)
    given.save(update_fields=["data_to"])
    inside = checkin(cast.alice, days_ago=20)
    checkin(cast.alice, days_ago=2)  # after the range: not the professional's to count
    found = queries.last_activity([cast.circle.pk], [cast.pat.pk], now, set(Category.values))
    assert found[cast.circle.pk].at == inside.created_at
