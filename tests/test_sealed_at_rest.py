"""Sensitive facts are unreadable in a raw database dump (issue 13, item 4).

Every listed value is written through the real pages and API with a canary, the whole
database is dumped as an operator would back it up (SQLite: `VACUUM INTO` a file and its
bytes; PostgreSQL: `pg_dump`), every table is also read back with raw SQL, and none of
the canaries may appear. Structured values (a level from 0 to 10, a yes/no, a choice from
a list) cannot carry a canary string of their own, so their columns must hold Mend
ciphertext and nothing else. The same test runs on whichever database the suite uses
(CI runs it on both).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles.logic import create_circle
from circles.models import Member
from lib.crypto import is_sealed
from safety.rules import QUESTIONS
from tests.support import call, join, make_user

pytestmark = pytest.mark.django_db(transaction=True)

CIRCLE_NAME = "Zqcanarycircle7731"
DISPLAY_NAME = "Zqcanaryname4419"
INVITATION_NOTE = "Zqcanarynote8842"
# Sign keys no other table holds: if the signs were stored in the clear, they would show.
SIGNS = ["silent_treatment", "passive_aggression"]
CANARIES = [CIRCLE_NAME, DISPLAY_NAME, INVITATION_NOTE, *SIGNS]

# Columns that may stay in the clear: keys, links, the audience and times. Every other
# column of these tables holds a sensitive fact and must be ciphertext.
CLEAR = {"id", "circle_id", "author_id", "checkin_id", "member_id", "about_id"}
CLEAR_AUDIENCE = {"audience", "professional_may_see", "created_at", "updated_at", "shared_at"}
SEALED_TABLES = {
    "checkins_craving": CLEAR | CLEAR_AUDIENCE,
    "safety_safetycheck": CLEAR | {"answered_at"},
}
SEALED_COLUMNS = [
    ("circles_circle", "name"),
    ("circles_invitation", "note"),
    ("accounts_user", "display_name"),
    ("repair_rupture", "signs"),
]


@pytest.fixture
def family(api, client):
    """A circle with every listed fact in it, written through pages and the API."""
    alice, bob = make_user("alice"), make_user("bob")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": DISPLAY_NAME, "language": "en", "time_zone": "UTC", "country": "US"},
    )
    assert response.status_code == 302
    as_alice = api(alice)
    created = call(
        as_alice, "post", "/circles", {"name": CIRCLE_NAME, "role": Member.Role.PERSON_IN_RECOVERY}
    )
    assert created.status_code == 201, created.content
    owner = Member.objects.get(pk=created.json()["me"]["id"])
    Member.objects.filter(pk=owner.pk).update(joined_at=timezone.now() - timedelta(days=3))
    partner = join(owner.circle, bob, Member.Role.PARTNER, joined_at=timezone.now() - timedelta(days=3))
    circle = str(owner.circle_id)

    invited = call(
        as_alice, "post", f"/circles/{circle}/invitations", {"role": "friend", "note": INVITATION_NOTE}
    )
    assert invited.status_code == 201, invited.content
    checkin = call(
        as_alice,
        "post",
        "/checkins",
        {
            "circle": circle,
            "state": "activated",
            "urges": ["use", "pull_away"],
            "audience": "circle",
            "craving": {"level": 7, "used": True},
        },
    )
    assert checkin.status_code == 201, checkin.content
    rupture = call(
        as_alice,
        "post",
        "/ruptures",
        {
            "circle": circle,
            "others": [str(partner.pk)],
            "what": "We argued about the car",
            "happened_at": (timezone.now() - timedelta(hours=2)).isoformat(),
            "signs": SIGNS,
        },
    )
    assert rupture.status_code == 201, rupture.content
    answers = dict.fromkeys(QUESTIONS, "no")
    answered = call(as_alice, "put", f"/safety/about/{partner.pk}", {**answers, "afraid": "yes"})
    assert answered.status_code == 200, answered.content
    elsewhere = create_circle(bob, "Elsewhere", Member.Role.PARTNER)
    return {"alice": alice, "owner": owner, "checkin": checkin.json()["id"], "elsewhere": elsewhere}


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _rows(table: str) -> list[dict]:
    quote = connection.ops.quote_name
    columns = _columns(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")  # noqa: S608
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _every_row_as_text() -> str:
    return "\n".join(repr(row) for table in _tables() for row in _rows(table))


def _file_dump() -> str:
    """The database as a backup holds it: a file from `VACUUM INTO`, or `pg_dump`'s output."""
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dump.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(path)])
            return path.read_bytes().decode("utf-8", errors="replace")
    settings = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--dbname", settings["NAME"], "--username", settings["USER"]]
    if settings["HOST"]:
        command += ["--host", settings["HOST"]]
    if settings["PORT"]:
        command += ["--port", str(settings["PORT"])]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def test_no_canary_appears_in_a_dump_of_the_whole_database(family):
    dump, rows = _file_dump(), _every_row_as_text()

    assert [c for c in CANARIES if c in dump] == []
    assert [c for c in CANARIES if c in rows] == []


def test_structured_facts_are_ciphertext_in_their_columns(family):
    leaks = []
    for table, clear in SEALED_TABLES.items():
        rows = _rows(table)
        assert rows, table
        leaks += [
            (table, col, v) for row in rows for col, v in row.items() if col not in clear and not is_sealed(v)
        ]
    for table, column in SEALED_COLUMNS:
        values = [row[column] for row in _rows(table)]
        assert values, table
        leaks += [(table, column, v) for v in values if v not in (None, "") and not is_sealed(v)]

    assert leaks == []


def test_the_use_urge_is_not_a_row_of_the_check_in(family):
    urges = [row["urge"] for row in _rows("checkins_urge")]

    assert urges == ["pull_away"]


def test_the_sealed_facts_read_back_through_the_api(family, api):
    as_alice = api(family["alice"])
    checkin = call(as_alice, "get", f"/checkins/{family['checkin']}").json()
    circle = call(as_alice, "get", f"/circles/{family['owner'].circle_id}").json()
    invitations = call(as_alice, "get", f"/circles/{family['owner'].circle_id}/invitations").json()
    ruptures = call(as_alice, "get", f"/ruptures?circle={family['owner'].circle_id}").json()
    safety = call(as_alice, "get", f"/safety?circle={family['owner'].circle_id}").json()

    assert checkin["craving"]["level"] == 7 and checkin["craving"]["used"] is True
    assert sorted(checkin["urges"]) == ["pull_away", "use"]
    assert circle["name"] == CIRCLE_NAME and circle["me"]["name"] == DISPLAY_NAME
    assert [i["note"] for i in invitations] == [INVITATION_NOTE]
    assert [r["signs"] for r in ruptures["items"]] == [SIGNS]
    assert [s["joint_work_off"] for s in safety] == [True]
