"""What every API router shares: the error bodies, the pagination and its helper.

They live here, below every app, so that any app's router may use them and the
published description has one schema per name.
"""

from __future__ import annotations

import typing

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Message(Schema):
    detail: str
    code: str | None = Field(None, description="For a rule's refusal: which rule (stable, for programs).")


class Invalid(Schema):
    detail: str
    errors: list[dict] = Field(default_factory=list, description="Each value that is not valid, and why.")


# Every operation can answer these; listing them keeps the published description true.
REFUSALS = {400: Message, 401: Message, 403: Message, 404: Message, 413: Message, 422: Invalid}


def eager_annotations(view):
    """Resolve string annotations now: `@paginate`'s wrapper would look them up in
    ninja's own module instead of the view's (vitalik/django-ninja#1717)."""
    view.__annotations__ = typing.get_type_hints(view)
    return view


class Pages(PageNumberPagination):
    """ninja's page numbers, with a page past the end of any real list answered as an empty page.

    Without the cap, `?page=` with thirty digits made an OFFSET the database cannot hold
    (a 500 on SQLite and PostgreSQL alike).
    """

    MAX_OFFSET = 10**9

    def paginate_queryset(self, queryset, pagination: PageNumberPagination.Input, **params):
        size = self._get_page_size(pagination.page_size)
        if (pagination.page - 1) * size > self.MAX_OFFSET:
            return {"items": queryset[:0], "count": self._items_count(queryset)}
        return super().paginate_queryset(queryset, pagination, **params)
