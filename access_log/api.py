"""The member's own access log in the JSON API: `GET /api/v1/account/access-log`, and the
same rows as CSV at `GET /api/v1/account/access-log.csv`.

Only ever the rows about the caller's own memberships: a professional, another member
or site staff reading it gets their own rows (about themselves), never anyone else's.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from access_log.reading import Filters, Names, csv_download, lines, records_about
from circles.consent.categories import Category
from lib.api import REFUSALS, Pages, eager_annotations
from lib.refusal import Refused

router = Router(tags=["account"])


class BadRange(Refused):
    code = "bad_range"


class FiltersIn(Schema):
    professional: UUID | None = Field(
        None, description="Only what this professional (a member id) was shown."
    )
    category: Category | None = Field(None, description="Only this kind of information.")
    since: date | None = Field(None, description="From this day on (YYYY-MM-DD, in your own time zone).")
    until: date | None = Field(
        None, description="Up to and including this day (YYYY-MM-DD, in your own time zone)."
    )


class Named(Schema):
    id: UUID
    name: str


class AccessOut(Schema):
    id: UUID
    at: datetime
    professional: Named = Field(description="Who was shown it.")
    circle: Named
    category: str = Field(description="The consent category, e.g. checkins.")
    category_text: str = Field(description="The category in plain words, in the language of the request.")
    kind: str = Field(description="What kind of thing was shown, e.g. checkins.checkin, chart, caseload.")
    kind_text: str = Field(description="The same in plain words, e.g. 'a check-in'.")
    object_id: UUID | None = Field(None, description="The entry shown, when it was one of your entries.")
    purpose: str
    purpose_text: str

    @staticmethod
    def resolve_professional(line) -> dict:
        return {"id": line.professional_id, "name": line.professional}

    @staticmethod
    def resolve_circle(line) -> dict:
        return {"id": line.circle_id, "name": line.circle}


# The filters come as query parameters (one shared default, as ninja's Query(...) is).
ASKED = Query(...)


def _zone(user):
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _records(request, asked: FiltersIn):
    if asked.since and asked.until and asked.since > asked.until:
        raise BadRange(_("Please choose a last day on or after the first."))
    filters = Filters(
        professional=asked.professional,
        category=asked.category or "",
        since=asked.since,
        until=asked.until,
    )
    return records_about(request.auth, filters, zone=_zone(request.auth))


class AccessPages(Pages):
    """Rows become lines (names, plain words) only for the page asked for."""

    def paginate_queryset(self, queryset, pagination, **params):
        page = super().paginate_queryset(queryset, pagination, **params)
        return {**page, "items": lines(page["items"], Names(params["request"].auth))}


@router.get("/access-log", response={200: list[AccessOut], **REFUSALS})
@paginate(AccessPages, page_size=20)
@eager_annotations
def list_access_log(request, asked: FiltersIn = ASKED):
    """What professionals you gave consent to were shown of yours, newest first, over the
    last three years: who, when, in which circle, which category, what kind of thing and
    for what purpose. Never its content, and only ever the rows about you."""
    return _records(request, asked)


CSV_ANSWER = {
    "responses": {
        "200": {
            "description": "The rows as CSV, with a header line, in the language of the request.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get("/access-log.csv", response=REFUSALS, openapi_extra=CSV_ANSWER)
def access_log_csv(request, asked: FiltersIn = ASKED):
    """The same rows and filters as `/account/access-log`, all of them, as CSV (times in
    your own time zone; a cell that a spreadsheet would run as a formula starts with ')."""
    records = _records(request, asked)
    return csv_download(records, Names(request.auth), _zone(request.auth))
