"""The pages score from per-day counts the database makes (`queries.tallies_by_author`);
here they are checked against the pure trajectory functions, fed one event per occurrence."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bench.large_family import build_large_family
from ledger import queries
from ledger.models import Occurrence, Outcome, Promise
from ledger.rules import trajectory


def reference(viewer, author, toward, since):
    """The events and history start, straight from the rows, as the rule states them."""
    promises = [
        c
        for c in Promise.objects.visible_to(viewer).filter(author=author).prefetch_related("recipients")
        if toward is None or c.to_circle or toward in c.recipients.all()
    ]
    occurrences = list(Occurrence.objects.filter(promise__in=promises))
    if not occurrences:
        return [], None
    first = min(o.due_date for o in occurrences)
    events = [
        trajectory.Event(queries.event_at(o.due_date), o.outcome)
        for o in occurrences
        if o.outcome != Outcome.PENDING and o.due_date >= since
    ]
    return events, queries.event_at(first)


def close(value, expected):
    return value == expected if expected is None else value == pytest.approx(expected, rel=1e-12)


def assert_same(tally, events, since, now, points):
    expected = trajectory.explain(events, now, since)
    got = tally.explain(now)
    assert [(line.outcome, line.count) for line in got.lines] == [
        (line.outcome, line.count) for line in expected.lines
    ]
    assert close(got.score, expected.score)
    assert [line.share for line in got.lines] == pytest.approx([line.share for line in expected.lines])
    expected_series = trajectory.series(events, points, since)
    assert all(close(v, e) for (_, v), (_, e) in zip(tally.series(points), expected_series, strict=True))


@pytest.mark.django_db
def test_every_direction_of_a_generated_family_scores_as_the_pure_functions_say():
    family = build_large_family(1, seed=3, kinds=["ledger"])
    members = list(family["members"].values())
    now = timezone.now()
    points = queries.month_points(now)
    window = queries.horizon_start(points[0])
    checked = 0
    for viewer in members[:4]:
        overall = queries.overall_scores(viewer, now)
        for author in members:
            events, since = reference(viewer, author, None, queries.horizon_start(now))
            assert close(overall.get(author.pk), trajectory.score(events, now, since))
            for toward in members:
                if toward == author:
                    continue
                tally = queries.tallies_by_author(viewer, window, toward=toward, author=author).get(author.pk)
                events, since = reference(viewer, author, toward, window)
                assert_same(tally or trajectory.Tally(), events, since, now, points)
                checked += 1
        for other in members:
            if other != viewer:
                both = queries.relationship_tallies(viewer, other, window)
                for author, toward in ((viewer, other), (other, viewer)):
                    events, since = reference(viewer, author, toward, window)
                    assert_same(both.get(author.pk, trajectory.Tally()), events, since, now, points)
    assert checked == 4 * 8 * 7
    assert any(overall.values())  # the family did have a history
