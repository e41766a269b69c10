"""The person's own account activity in the JSON API: `GET /api/v1/account/activity`."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from audit.reading import lines, trail_of
from lib.api import REFUSALS, Pages, eager_annotations

router = Router(tags=["account"])


class ActivityTarget(Schema):
    kind: str = Field(description="What the act was about, e.g. circles.invitation.")
    id: str


class ActivityOut(Schema):
    id: int
    at: datetime
    kind: str = Field(description="A stable name for the kind of act, e.g. login_failed.")
    text: str = Field(description="The act in plain words, in the language of the request.")
    by: str = Field(description="Who acted: you, someone_else or nobody_signed_in.")
    by_name: str | None = Field(
        None, description="The name of the person who acted, when it was someone else."
    )
    circle_id: UUID | None = None
    target: ActivityTarget | None = None

    @staticmethod
    def resolve_target(line) -> dict | None:
        return {"kind": line.target_kind, "id": line.target_id} if line.target_kind else None


class ActivityPages(Pages):
    """Rows become lines (plain words, names) only for the page asked for."""

    def paginate_queryset(self, queryset, pagination, **params):
        page = super().paginate_queryset(queryset, pagination, **params)
        return {**page, "items": lines(page["items"], params["request"].auth)}


@router.get("/activity", response={200: list[ActivityOut], **REFUSALS})
@paginate(ActivityPages, page_size=20)
@eager_annotations
def list_activity(request):
    """What happened to your account and by your hand in your circles, newest first:
    logins, changes to your password, email or two-step login, tokens, invitations,
    roles, sharing and deletions. Only ever the rows about you, and never any content."""
    return trail_of(request.auth)
