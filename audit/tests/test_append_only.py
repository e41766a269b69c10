"""The trail is append-only: code cannot change or delete a row, and on PostgreSQL
neither can raw SQL; only the retention job expires old rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AppendOnly, Event, Kind, expire_before
from audit.trail import record


@pytest.fixture
def row(db):
    return record(Kind.LOGIN, actor=7, about=7)


def test_a_row_is_written_with_ids_only(row):
    stored = Event.objects.get(pk=row.pk)
    assert (stored.kind, stored.actor_id, stored.about_id, stored.target_kind, stored.target_id) == (
        "login",
        7,
        7,
        "",
        "",
    )


def test_saving_an_existing_row_is_refused(row):
    row.kind = Kind.LOGIN_FAILED
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        Event.objects.get(pk=row.pk).save(update_fields=["kind"])
    assert Event.objects.get(pk=row.pk).kind == "login"


def test_deleting_a_row_is_refused(row):
    with pytest.raises(AppendOnly):
        row.delete()
    assert Event.objects.filter(pk=row.pk).exists()


def test_queryset_update_and_delete_are_refused(row):
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=row.pk).update(kind=Kind.LOGIN_FAILED)
    with pytest.raises(AppendOnly):
        Event.objects.all().delete()
    with pytest.raises(AppendOnly):
        Event.objects.bulk_update([row], ["kind"])
    with pytest.raises(AppendOnly):
        Event._base_manager.filter(pk=row.pk).delete()
    assert Event.objects.get(pk=row.pk).kind == "login"


def test_update_or_create_cannot_change_a_row(row):
    with pytest.raises(AppendOnly):
        Event.objects.update_or_create(pk=row.pk, defaults={"kind": Kind.LOGIN_FAILED})


def test_a_raw_update_is_refused_by_the_database(row):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET kind = 'login_failed'")
    assert Event.objects.get(pk=row.pk).kind == "login"


def test_a_raw_delete_is_refused_where_the_database_can_tell_expiry_from_tampering(row):
    # PostgreSQL refuses it (a trigger that only the expiry's own transaction passes).
    # SQLite has no per-transaction flag to pass, and its test databases are emptied with
    # DELETE, so there only the Python guard above holds.
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_event")
        assert Event.objects.filter(pk=row.pk).exists()
    else:
        with pytest.raises(AppendOnly):
            Event.objects.filter(pk=row.pk).delete()


def test_expiry_deletes_only_rows_older_than_the_moment(row):
    Event(kind=Kind.LOGIN, about_id=8, at=timezone.now() - timedelta(days=400)).save()
    assert expire_before(timezone.now() - timedelta(days=365)) == 1
    assert list(Event.objects.values_list("pk", flat=True)) == [row.pk]
