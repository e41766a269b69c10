"""Turning stored notifications into the lines a person reads, from what they may see now.

A notification stores references only (who acted, what it is about). The features above
know what their things are and who may see them, so each registers, for its kinds, a
function answering "which of these ids may this member see, and what may be said of
them" (the hook a lower app offers and higher ones fill: `register`, called from their
`AppConfig.ready`). Anything not answered for (unknown, deleted, no longer shared, from
someone the viewer said they are not safe with) reads as a neutral line, never a name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.urls import reverse

from notifications import rules
from notifications.models import Notification
from safety.logic import flagged_by

# (viewer, ids) -> {id: facts} for the ids the viewer may see; facts are short words
# already in the viewer's language and time zone (the request's), never an entry's text.
Resolver = Callable[[object, list[UUID]], dict[UUID, dict[str, str]]]  # (a circles Member, ids)

_resolvers: dict[str, Resolver] = {}


def register(kinds: Iterable[str], resolver: Resolver) -> None:
    """Say how to see the things notifications of `kinds` are about (called at start-up)."""
    for kind in kinds:
        _resolvers[kind] = resolver


@dataclass(frozen=True)
class Shown:
    """One notification as its person reads it."""

    notification: Notification
    sentence: str
    times: str  # "3 updates", or ""
    available: bool  # False: a neutral line with nothing behind it to open
    repair_url: str  # "Start a repair" for a promise seen differently, or ""

    @property
    def pk(self):
        return self.notification.pk

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def describe(user, notifications: Iterable[Notification]) -> list[Shown]:
    """The lines for `notifications` of `user`, in the active language and time zone.

    A fixed number of queries for a page: the memberships, one flag lookup and one
    resolver query per circle and kind on the page.
    """
    notifications = list(notifications)
    members = {m.circle_id: m for m in user.memberships.filter(left_at__isnull=True).select_related("user")}
    flagged = {circle_id: {row["pk"] for row in flagged_by(member)} for circle_id, member in members.items()}
    wanted: dict[tuple, list[UUID]] = defaultdict(list)
    for n in notifications:
        if n.target_id is not None and n.circle_id in members:
            wanted[(n.circle_id, n.kind)].append(n.target_id)
    seen_facts: dict[tuple, dict[UUID, dict[str, str]]] = {}
    for (circle_id, kind), ids in wanted.items():
        resolver = _resolvers.get(kind)
        seen_facts[(circle_id, kind)] = resolver(members[circle_id], ids) if resolver else {}
    return [_shown(n, members, flagged, seen_facts) for n in notifications]


def _shown(n: Notification, members, flagged, seen_facts) -> Shown:
    seen = _seen(n, members, flagged, seen_facts)
    repair_url = ""
    if rules.offers_repair(seen):
        repair_url = reverse("repair:new", args=[n.circle_id]) + f"?promise={n.target_id}"
    return Shown(
        notification=n,
        sentence=rules.sentence(seen),
        times=rules.times(n.count) if seen.visible else "",
        available=seen.visible,
        repair_url=repair_url,
    )


def _seen(n: Notification, members, flagged, seen_facts) -> rules.Seen:
    if n.target_id is None:
        # A reminder about nothing in particular, or a row from before notifications named
        # anyone: it says only its kind, so it may stay as it is.
        return rules.Seen(kind=n.kind, has_target=n.kind not in rules.ABOUT_A_THING)
    viewer = members.get(n.circle_id)
    if viewer is None:
        return rules.Seen(kind=n.kind, visible=False)
    if n.actor_id is not None and n.actor_id in flagged[n.circle_id]:
        # Nothing of someone she said she is not safe with, even from before she said so.
        return rules.Seen(kind=n.kind, visible=False)
    facts = seen_facts.get((n.circle_id, n.kind), {}).get(n.target_id)
    if facts is None:
        return rules.Seen(kind=n.kind, visible=False)
    actor = n.actor
    name = actor.name if actor is not None and actor.circle_id == n.circle_id else ""
    return rules.Seen(kind=n.kind, actor=name, facts=facts)


def is_available(user, notification: Notification) -> bool:
    """Whether the thing behind one notification may still be opened by its person."""
    return describe(user, [notification])[0].available
