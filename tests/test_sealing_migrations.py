"""The migrations that seal names, notes, cravings, signs and safety flags keep every value.

A database is filled at the state just before them, with the models as they were then
(every value in the clear, the urge to use among a check-in's urges), migrated forward
and read through today's models; then migrated back, and the clear values are there again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from checkins.models import CheckIn, Craving, Urge
from circles.models import Circle, Invitation, Member
from lib.crypto import is_sealed
from lib.sealing import seal_rows
from repair.models import Rupture
from safety.logic import joint_work_blocked
from safety.models import SafetyCheck
from tests.support import migrate_to

BEFORE = [
    ("accounts", "0004_shared_cache_table"),
    ("circles", "0003_professional_approval"),
    ("checkins", "0004_checkin_shared_at_craving_shared_at_and_more"),
    ("repair", "0004_rename_repairstep_commitments_promises"),
    ("safety", "0001_initial"),
]
WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _fill(apps) -> dict:
    """One family's rows as the app wrote them before sealing, with the models of then."""
    model = apps.get_model
    circle = model("circles", "Circle").objects.create(name="Zq Rivera family")
    members = {}
    for name, role in (("alice", "recovery"), ("bob", "partner")):
        user = model("accounts", "User").objects.create(
            email=f"{name}@example.org", password="!", display_name=f"Zq {name.title()}"
        )
        members[name] = model("circles", "Member").objects.create(circle=circle, user=user, role=role)
    alice, bob = members["alice"], members["bob"]
    model("circles", "Invitation").objects.create(
        circle=circle,
        invited_by=alice,
        role="friend",
        note="Zq for my sponsor",
        digest="d" * 64,
        expires_at=WHEN,
    )
    checkin = model("checkins", "CheckIn")
    with_craving = checkin.objects.create(
        circle=circle,
        author=alice,
        state="activated",
        audience="circle",
        created_at=WHEN,
        week=date(2026, 3, 2),
    )
    urge_only = checkin.objects.create(
        circle=circle, author=bob, state="settled", audience="circle", created_at=WHEN, week=date(2026, 3, 2)
    )
    model("checkins", "Craving").objects.create(
        circle=circle,
        author=alice,
        checkin=with_craving,
        level=7,
        used=True,
        audience="chosen",
        created_at=WHEN,
    )
    urge = model("checkins", "Urge")
    urge.objects.create(checkin=with_craving, urge="use")
    urge.objects.create(checkin=urge_only, urge="use")
    urge.objects.create(checkin=urge_only, urge="cry")
    rupture = model("repair", "Rupture").objects.create(
        circle=circle, author=alice, what="x", happened_at=WHEN, signs=["anger", "relapse"]
    )
    rupture.parties.set([alice, bob])
    check = model("safety", "SafetyCheck")
    check.objects.create(member=alice, about=bob, answers="", blocks_joint_work=True)
    check.objects.create(member=bob, about=alice, answers="", blocks_joint_work=False)
    return {
        "circle": circle.pk,
        "alice": alice.pk,
        "bob": bob.pk,
        "with_craving": with_craving.pk,
        "urge_only": urge_only.pk,
    }


def _raw(table: str, column: str) -> list:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


SEALED = [
    ("circles_circle", "name"),
    ("circles_invitation", "note"),
    ("accounts_user", "display_name"),
    ("checkins_craving", "level"),
    ("checkins_craving", "used"),
    ("checkins_craving", "urge_to_use"),
    ("repair_rupture", "signs"),
    ("safety_safetycheck", "blocks_joint_work"),
]


def _last_before_sealing(graph, node):
    """``node``, or its app's latest earlier migration that needs nothing after ``BEFORE``.

    ``(app, None)`` (the app not migrated at all) when even its first migration does.
    """
    sealing = {
        later
        for app, name in BEFORE
        for later in graph.nodes
        if later[0] == app and later not in graph.forwards_plan((app, name))
    }
    while sealing.intersection(graph.forwards_plan(node)):
        earlier = [parent for parent in graph.node_map[node].parents if parent[0] == node[0]]
        if not earlier:
            return (node[0], None)
        (node,) = earlier
    return node


@pytest.mark.django_db(transaction=True)
def test_sealing_keeps_every_value_and_unsealing_gives_it_back():
    graph = MigrationExecutor(connection).loader.graph
    latest = graph.leaf_nodes()
    # Every other app as it is today, so the models of then are complete; but not past a
    # migration that needs a sealing one (say a later foreign key that names it as its
    # dependency), or going back would apply the sealing again.
    before = [_last_before_sealing(graph, node) for node in latest if node[0] not in dict(BEFORE)] + BEFORE
    try:
        ids = _fill(migrate_to(before))
        migrate_to(latest)

        assert [(t, c) for t, c in SEALED if not all(is_sealed(v) for v in _raw(t, c))] == []
        alice, bob = Member.objects.get(pk=ids["alice"]), Member.objects.get(pk=ids["bob"])
        assert Circle.objects.get().name == "Zq Rivera family"
        assert Invitation.objects.get().note == "Zq for my sponsor"
        assert (alice.name, bob.name) == ("Zq Alice", "Zq Bob")
        craving = Craving.objects.get(checkin_id=ids["with_craving"])
        assert (craving.level, craving.used, craving.urge_to_use, craving.audience) == (
            7,
            True,
            True,
            "chosen",
        )
        moved = Craving.objects.get(checkin_id=ids["urge_only"])
        assert (moved.level, moved.used, moved.urge_to_use, moved.audience) == (None, False, True, "only_me")
        assert moved.author == bob and moved.created_at == WHEN
        assert list(Urge.objects.values_list("urge", flat=True)) == ["cry"]
        assert CheckIn.objects.get(pk=ids["urge_only"]).urges_seen(moved) == ["use", "cry"]
        assert CheckIn.objects.get(pk=ids["urge_only"]).urges_seen(None) == ["cry"]
        assert Rupture.objects.get().signs == ["anger", "relapse"]
        assert sorted(c.blocks_joint_work for c in SafetyCheck.objects.all()) == [False, True]
        assert joint_work_blocked(alice, bob)

        old = migrate_to(before)
        model = old.get_model
        assert model("circles", "Circle").objects.get().name == "Zq Rivera family"
        assert model("circles", "Invitation").objects.get().note == "Zq for my sponsor"
        assert sorted(model("accounts", "User").objects.values_list("display_name", flat=True)) == [
            "Zq Alice",
            "Zq Bob",
        ]
        cravings = model("checkins", "Craving").objects.all()
        assert [(c.checkin_id, c.level, c.used) for c in cravings] == [(ids["with_craving"], 7, True)]
        urges = model("checkins", "Urge").objects.order_by("checkin_id", "urge")
        assert sorted((u.checkin_id, u.urge) for u in urges) == sorted(
            [(ids["with_craving"], "use"), (ids["urge_only"], "use"), (ids["urge_only"], "cry")]
        )
        assert model("repair", "Rupture").objects.get().signs == ["anger", "relapse"]
        flags = model("safety", "SafetyCheck").objects.values_list("member_id", "blocks_joint_work")
        assert sorted(flags) == sorted([(ids["alice"], True), (ids["bob"], False)])
    finally:
        migrate_to(latest)


def test_sealing_again_leaves_sealed_values_as_they_are(cast):
    """Running the sealing again (after an interruption, say) leaves sealed values as they are."""
    stored = _raw("circles_circle", "name")
    seal_rows(apps, "circles", "Circle", "name")

    assert _raw("circles_circle", "name") == stored
    assert sorted(c.name for c in Circle.objects.all()) == ["Elsewhere", "Rivera"]
