"""`manage.py audit_export`: the operator's copy of the trail, as CSV or JSON, with
stable columns and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event, Kind
from audit.trail import record

COLUMNS = ["id", "at", "kind", "actor_id", "about_id", "circle_id", "target_kind", "target_id"]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_export", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def rows(db):
    Event(kind=Kind.LOGIN, actor_id=1, about_id=1, at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC)).save()
    record(Kind.ENTRY_DELETED, actor=2, about=2, target=('=HYPERLINK("http://x")', "-1+1"))


def test_csv_has_stable_columns_oldest_first(rows):
    table = list(csv.reader(io.StringIO(export("--format", "csv"))))
    assert table[0] == COLUMNS
    assert table[1][1:6] == ["2026-01-05T09:30:00+00:00", "login", "1", "1", ""]
    assert len(table) == 3


def test_csv_cells_cannot_run_as_formulas(rows):
    table = list(csv.reader(io.StringIO(export("--format", "csv"))))
    assert table[2][6] == '\'=HYPERLINK("http://x")'
    assert table[2][7] == "'-1+1"


def test_json_has_the_same_columns(rows):
    data = json.loads(export("--format", "json"))
    assert [list(item) for item in data] == [COLUMNS, COLUMNS]
    assert data[0]["kind"] == "login" and data[0]["actor_id"] == 1 and data[0]["circle_id"] is None
    assert data[1]["target_kind"] == '=HYPERLINK("http://x")'  # JSON is data, not a spreadsheet


def test_since_leaves_out_older_rows(rows):
    data = json.loads(export("--format", "json", "--since", "2026-02-01"))
    assert [item["kind"] for item in data] == ["entry_deleted"]


def test_a_bad_date_or_format_is_a_clear_error(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        export("--since", "yesterday")
    with pytest.raises(CommandError):
        export("--format", "xml")


def test_an_empty_trail_exports_the_header_alone(db):
    assert export("--format", "csv").splitlines() == [",".join(COLUMNS)]
    assert json.loads(export("--format", "json")) == []


def test_the_export_is_written_to_a_file_when_asked(rows, tmp_path):
    target = tmp_path / "trail.csv"
    export("--format", "csv", "--output", str(target))
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    assert Event.objects.count() == 2
