"""The rows a person reads about themselves, with who acted, for the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.contrib.auth import get_user_model

from audit.models import Event
from audit.wording import BY_WORDS, SENTENCES, By


@dataclass(frozen=True)
class Line:
    """One row as its reader sees it."""

    id: int
    at: datetime
    kind: str
    text: str
    by: str
    by_words: str
    by_name: str | None
    circle_id: UUID | None
    target_kind: str
    target_id: str


def trail_of(user):
    """The rows about `user`, newest first: the only rows anyone reads."""
    return Event.objects.about(user).order_by("-at", "-id")


def lines(events, reader) -> list[Line]:
    """`events` (about `reader`) as lines; the names of others who acted in one query."""
    events = list(events)
    others = {e.actor_id for e in events if e.actor_id not in (None, reader.pk)}
    names = {u.pk: u.name for u in get_user_model().objects.filter(pk__in=others)}
    return [_line(event, reader, names) for event in events]


def _line(event: Event, reader, names: dict) -> Line:
    if event.actor_id is None:
        by = By.NOBODY_SIGNED_IN
    elif event.actor_id == reader.pk:
        by = By.YOU
    else:
        by = By.SOMEONE_ELSE
    name = names.get(event.actor_id) if by == By.SOMEONE_ELSE else None
    return Line(
        id=event.pk,
        at=event.at,
        kind=event.kind,
        text=str(SENTENCES[event.kind]),
        by=by,
        by_words=name or str(BY_WORDS[by]),
        by_name=name,
        circle_id=event.circle_id,
        target_kind=event.target_kind,
        target_id=event.target_id,
    )
