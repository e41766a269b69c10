"""The rename of `Commitment` to `Promise` keeps every row, link and sealed text.

A database is filled at the state just before the rename, with the models as they were
then, and migrated forward; everything is then read back through today's models.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from circles.models import EntryDeletion, Member
from ledger.models import Occurrence, Promise
from notifications.models import Notification, Preferences
from reachout.models import Offer
from repair.models import RepairStep
from tests.support import migrate_to

BEFORE = [
    ("ledger", "0004_commitment_shared_at_smallmoment_shared_at"),
    ("reachout", "0003_supportpersonchange"),
    ("repair", "0003_rupturestatuschange"),
    ("notifications", "0003_alter_notification_kind"),
]
WHAT = "Call Mum every Sunday, even when it is hard"
NOTE = "We spoke for an hour"
DUE = datetime(2026, 3, 1, 19, 0, tzinfo=UTC)


def _fill(apps) -> dict:
    """One family's rows as the app wrote them before the rename, with the models of then."""
    model = apps.get_model
    circle = model("circles", "Circle").objects.create(name="Rivera")
    members = {}
    for name, role in (("alice", "person_in_recovery"), ("bob", "partner"), ("carol", "parent")):
        user = model("accounts", "User").objects.create(email=f"{name}@example.org", password="!")
        members[name] = model("circles", "Member").objects.create(circle=circle, user=user, role=role)
    alice, bob, carol = members["alice"], members["bob"], members["carol"]

    commitment = model("ledger", "Commitment")(circle=circle, author=alice, audience="chosen", what=WHAT)
    commitment.save()
    commitment.recipients.set([bob])
    commitment.chosen.set([bob, carol])
    model("ledger", "Schedule").objects.create(
        commitment=commitment,
        effective_from=date(2026, 2, 1),
        frequency="daily",
        due_time=time(19, 0),
        time_zone="UTC",
        starts_on=date(2026, 2, 1),
    )
    model("ledger", "Pause").objects.create(commitment=commitment, reason="holiday")
    occurrence = model("ledger", "Occurrence").objects.create(
        commitment=commitment,
        circle_id=circle.pk,
        due_at=DUE,
        due_date=DUE.date(),
        opens_on=DUE.date(),
        outcome="kept",
    )
    model("ledger", "OccurrenceChange").objects.create(
        occurrence=occurrence, by=alice, before="pending", after="kept", note=NOTE
    )

    plan = model("reachout", "Plan").objects.create(circle=circle, author=bob)
    model("reachout", "Offer").objects.create(plan=plan, what="Go to a meeting", commitment=commitment)
    rupture = model("repair", "Rupture").objects.create(
        circle=circle, author=alice, what="x", happened_at=DUE
    )
    step = model("repair", "RepairStep").objects.create(
        circle=circle, author=alice, rupture=rupture, kind="rebuild"
    )
    step.commitments.set([commitment])

    model("notifications", "Notification").objects.create(user=alice.user, kind="commitment_due", url="/")
    model("notifications", "Notification").objects.create(user=bob.user, kind="talk_request", url="/")
    model("notifications", "Preferences").objects.create(
        user=alice.user, muted_kinds=["commitment_due", "repair_step"]
    )
    model("circles", "EntryDeletion").objects.create(
        circle=circle, member=alice, kind="ledger.commitment", entry_id=commitment.pk
    )
    return {"promise": commitment.pk, "step": step.pk, **{name: m.pk for name, m in members.items()}}


@pytest.mark.django_db(transaction=True)
def test_the_rename_keeps_every_row_link_and_sealed_text():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # Every other app as it is today, so the models of then are complete.
    before = [node for node in latest if node[0] not in {app for app, _name in BEFORE}] + BEFORE
    try:
        ids = _fill(migrate_to(before))
        migrate_to(latest)

        promise = Promise.objects.get(pk=ids["promise"])
        alice, bob, carol = (Member.objects.get(pk=ids[name]) for name in ("alice", "bob", "carol"))
        assert promise.what == WHAT and promise.author == alice and promise.audience == "chosen"
        assert list(promise.recipients.all()) == [bob]
        assert set(promise.chosen.all()) == {bob, carol}
        assert list(bob.promises_received.all()) == [promise]
        assert set(Promise.objects.visible_to(carol)) == {promise}
        assert promise.current_schedule.due_time == time(19, 0)
        assert promise.pauses.get().reason == "holiday"
        occurrence = promise.occurrences.get()
        assert occurrence.due_at == DUE and occurrence.outcome == "kept"
        assert occurrence.changes.get().note == NOTE
        assert set(Occurrence.objects.visible_to(bob)) == {occurrence}
        assert Offer.objects.get().promise == promise
        assert list(RepairStep.objects.get(pk=ids["step"]).promises.all()) == [promise]
        assert sorted(Notification.objects.values_list("kind", flat=True)) == ["promise_due", "talk_request"]
        assert Preferences.objects.get().muted_kinds == ["promise_due", "repair_step"]
        assert EntryDeletion.objects.get().kind == "ledger.promise"

        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "ledger_occurrence")
        by_columns = {
            tuple(c["columns"]): name for name, c in constraints.items() if c["index"] or c["unique"]
        }
        assert by_columns[("promise_id", "due_date")] == "ledger_occ_promise_day"
        assert ("promise_id", "due_at", "slot") in by_columns
        assert "ledger_occ_commitment_day" not in constraints
    finally:
        migrate_to(latest)
