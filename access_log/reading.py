"""The rows a member reads about themselves on "Who has seen my information", for the
page, its CSV and the API: only ever the rows about the reader's own memberships, from
the last three years (§2.25's accounting of disclosures), newest first.

Names are sealed, and a member reads tens of thousands of rows, so the names of the
professionals and circles come from one small query each (`Names`) and a page of rows
from one more: the number of queries never grows with the rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from uuid import UUID

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from access_log.kinds import kind_name
from access_log.models import AccessRecord
from circles.consent.categories import Category, Purpose
from circles.models import Member
from lib.spreadsheet import neutral

YEARS_SHOWN = 3


def window_start(now: datetime | None = None) -> datetime:
    """The oldest moment shown (and kept): the same day and time three years ago."""
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - YEARS_SHOWN)
    except ValueError:  # 29 February
        return now.replace(year=now.year - YEARS_SHOWN, day=28)


@dataclass(frozen=True)
class Filters:
    """What the reader narrows the list to; days are the reader's own days."""

    professional: UUID | None = None
    category: str = ""
    since: date | None = None
    until: date | None = None


def _start_of(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def records_about(user, filters: Filters = Filters(), zone: tzinfo | None = None, now=None):
    """The rows about `user`'s memberships (any circle, left ones too), newest first."""
    zone = zone or timezone.get_current_timezone()
    rows = AccessRecord.objects.filter(
        member__in=Member.objects.filter(user=user).values("pk"), at__gte=window_start(now)
    )
    if filters.professional:
        rows = rows.filter(professional_id=filters.professional)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.since:
        rows = rows.filter(at__gte=_start_of(filters.since, zone))
    if filters.until:
        rows = rows.filter(at__lt=_start_of(filters.until + timedelta(days=1), zone))
    return rows.order_by("-at", "-id")


class Names:
    """The names a reader's rows mention, read once: the professionals who were shown
    something of theirs, and the reader's circles."""

    def __init__(self, user, now=None):
        seen = AccessRecord.objects.filter(
            member__in=Member.objects.filter(user=user).values("pk"), at__gte=window_start(now)
        ).values("professional")
        self.professionals = list(Member.objects.filter(pk__in=seen).select_related("user", "circle"))
        self._professional = {p.pk: p.name for p in self.professionals}
        mine = Member.objects.filter(user=user).select_related("circle")
        self._circle = {m.circle_id: m.circle.name for m in mine}

    def professional(self, member_id) -> str:
        return self._professional.get(member_id, "")

    def circle(self, circle_id) -> str:
        return self._circle.get(circle_id, "")

    def professional_choices(self) -> list[tuple[str, str]]:
        """For the filter: each professional's name, with the circle when there are several."""
        several = len({p.circle_id for p in self.professionals}) > 1
        choices = [
            (str(p.pk), f"{p.name} · {self.circle(p.circle_id)}" if several else p.name)
            for p in self.professionals
        ]
        return sorted(choices, key=lambda choice: choice[1].casefold())


@dataclass(frozen=True)
class Line:
    """One row as its reader sees it: when, who, where, what and why."""

    id: UUID
    at: datetime
    professional_id: UUID
    professional: str
    circle_id: UUID
    circle: str
    category: str
    category_text: str
    kind: str
    kind_text: str
    object_id: UUID | None
    purpose: str
    purpose_text: str


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def line(record: AccessRecord, names: Names) -> Line:
    return Line(
        id=record.pk,
        at=record.at,
        professional_id=record.professional_id,
        professional=names.professional(record.professional_id),
        circle_id=record.circle_id,
        circle=names.circle(record.circle_id),
        category=record.category,
        category_text=_label(Category, record.category),
        kind=record.kind,
        kind_text=kind_name(record.kind),
        object_id=record.object_id,
        purpose=record.purpose,
        purpose_text=_label(Purpose, record.purpose),
    )


def lines(records, names: Names) -> list[Line]:
    return [line(record, names) for record in records]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(records, names: Names, zone: tzinfo) -> Iterator[str]:
    """The rows as CSV text, a line at a time, in the reader's language and time zone;
    every cell neutralised so a spreadsheet never runs it."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(
        [_("When"), _("Professional"), _("Circle"), _("Information"), _("What was shown"), _("Purpose")]
    )
    for record in records.iterator(chunk_size=2000):
        row = line(record, names)
        cells = [
            row.at.astimezone(zone).isoformat(timespec="seconds"),
            row.professional,
            row.circle,
            row.category_text,
            row.kind_text,
            row.purpose_text,
        ]
        yield writer.writerow([neutral(cell) for cell in cells])


def csv_download(records, names: Names, zone: tzinfo) -> StreamingHttpResponse:
    """The rows as a CSV file, streamed: a member may have tens of thousands of them."""
    language = translation.get_language()

    def rows():
        # Streamed after the view returns: keep the reader's language for every line.
        with translation.override(language):
            yield from csv_lines(records, names, zone)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-who-has-seen-my-information.csv"'
    return response
