"""Access records are kept three years, then forgotten by a periodic job."""

from __future__ import annotations

from datetime import UTC, datetime

from access_log import tasks
from access_log.models import AccessRecord
from access_log.reading import window_start
from access_log.retention import sweep
from access_log.tests.helpers import seen

NOW = datetime(2029, 6, 1, 12, 0, tzinfo=UTC)


def test_rows_older_than_three_years_are_deleted_and_the_rest_kept(cast):
    old = seen(cast.pat, cast.alice, at=datetime(2026, 6, 1, 11, 59, tzinfo=UTC))
    kept = seen(cast.pat, cast.alice, at=datetime(2026, 6, 1, 12, 1, tzinfo=UTC))
    assert sweep(NOW) == 1
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessRecord.objects.filter(pk=old.pk).exists()
    assert sweep(NOW) == 0  # safe to run again


def test_the_window_is_three_calendar_years_even_from_29_february():
    assert window_start(NOW) == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert window_start(datetime(2028, 2, 29, tzinfo=UTC)) == datetime(2025, 2, 28, tzinfo=UTC)


def test_the_periodic_job_runs_the_sweep(cast, at):
    seen(cast.pat, cast.alice, days_ago=4 * 365)
    tasks.forget_old_access_records.call_local()
    assert not AccessRecord.objects.exists()
