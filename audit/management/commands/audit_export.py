"""`manage.py audit_export --format csv|json [--since YYYY-MM-DD] [--output FILE]`

The operator's copy of the audit trail, oldest first, with stable columns (COLUMNS).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from audit.models import Event
from lib.spreadsheet import neutral

# The export's columns, in order. Add new ones at the end; never rename or reorder.
COLUMNS = ["id", "at", "kind", "actor_id", "about_id", "circle_id", "target_kind", "target_id"]


class Command(BaseCommand):
    help = "Export the audit trail as CSV or JSON (ids and kinds only, never any content)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--since", help="Only rows from this day on (YYYY-MM-DD, UTC).")
        parser.add_argument("--output", help="Write to this file instead of the screen.")

    def handle(self, *args, **options):
        rows = Event.objects.order_by("at", "id")
        if options["since"]:
            rows = rows.filter(at__gte=_day(options["since"]))
        records = (_record(event) for event in rows.iterator())
        write = _csv if options["format"] == "csv" else _json
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                write(records, out)
        else:
            write(records, _Sink(lambda text: self.stdout.write(text, ending="")))


class _Sink:
    """The command's output as a plain file: Django's wrapper would end each write with a newline."""

    def __init__(self, write):
        self.write = write


def _day(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise CommandError(f"--since takes a day as YYYY-MM-DD, not {text!r}.") from None


def _record(event: Event) -> dict:
    return {
        "id": event.pk,
        "at": event.at.astimezone(UTC).isoformat(),
        "kind": event.kind,
        "actor_id": event.actor_id,
        "about_id": event.about_id,
        "circle_id": str(event.circle_id) if event.circle_id else None,
        "target_kind": event.target_kind,
        "target_id": event.target_id,
    }


def _csv(records, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([neutral(record[column]) for column in COLUMNS])


def _json(records, out) -> None:
    out.write("[")
    for number, record in enumerate(records):
        out.write(("," if number else "") + "\n" + json.dumps(record))
    out.write("\n]\n")
