"""What the ledger pages read, each in a fixed number of queries whatever the history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery

from circles.audience.models import Audience
from circles.consent.categories import Category
from circles.consent.queries import scopes_covering
from circles.models import Member
from ledger.models import Occurrence, Outcome, Promise
from ledger.rules import trajectory

ANSWERED = [o for o in Outcome.values if o != Outcome.PENDING]
WAITING_SHOWN = 20  # how many reports waiting for my confirmation the ledger page lists


def _promised_to(member: Member, path: str = "promise__") -> Q:
    """Promised to the whole circle or to this member; `path` leads from the rows filtered
    to their promise ("" when the rows are promises)."""
    promised = Promise.recipients.through.objects.filter(
        promise_id=OuterRef("promise_id" if path else "pk"), member_id=member.pk
    )
    return Q(**{f"{path}to_circle": True}) | Q(Exists(promised))


def seen_by_someone_promised() -> Q:
    """Promises that at least one person they are made to may see, by the audience chosen:
    those people can confirm what is reported. Every outcome of any other promise is
    self-reported, and says so in scores and "why this number?".

    The choice as made, like `circles.audience.addressed.reaches`: never anyone's safety
    answers (the promiser would learn of them) nor step-away periods.
    """
    recipients = Promise.recipients.through.objects
    chosen = Promise.chosen.through.objects.filter(promise_id=OuterRef("pk"))
    chosen_recipient = chosen.filter(
        member_id__in=recipients.filter(promise_id=OuterRef("promise_id")).values("member_id")
    )
    approved = scopes_covering(
        OuterRef("member_id"),
        Category.PROMISES,
        member=OuterRef(OuterRef("author_id")),
        moment=OuterRef(OuterRef("created_at")),
    )
    professional = recipients.filter(
        Exists(approved), promise_id=OuterRef("pk"), member__role=Member.Role.PROFESSIONAL
    )
    return (
        Q(audience=Audience.CIRCLE)
        | Q(audience=Audience.CHOSEN, to_circle=True) & Exists(chosen)
        | Q(audience=Audience.CHOSEN) & Exists(chosen_recipient)
        | ~Q(audience=Audience.ONLY_ME) & Q(professional_may_see=True) & Exists(professional)
    )


def confirmable(promise: Promise) -> bool:
    """Whether someone the promise is made to may see it (and so confirm it)."""
    return Promise.objects.filter(pk=promise.pk).filter(seen_by_someone_promised()).exists()


def open_now(member: Member, today: date):
    """My occurrences that can be reported now: opened and not yet answered."""
    return (
        Occurrence.objects.filter(promise__author=member, outcome=Outcome.PENDING, opens_on__lte=today)
        .select_related("promise")
        .order_by("due_at")
    )


def waiting_for(member: Member, limit: int = WAITING_SHOWN):
    """Kept promises to me that wait for my confirmation: the `limit` most recent, newest first.

    Reports nobody confirmed pile up over the years (thousands after five); older ones
    stay on each promise's own page.
    """
    return (
        Occurrence.objects.visible_to(member)
        .filter(outcome=Outcome.KEPT)
        .filter(_promised_to(member))
        .exclude(promise__author=member)
        .select_related("promise__author__user")
        .order_by("-due_at")[:limit]
    )


def promises_by(member: Member):
    # The ledger page shows each promise's schedule, not its recipients: no need to fetch them.
    return Promise.objects.authored_by(member).prefetch_related("schedules").order_by("state", "-created_at")


def promises_to(member: Member):
    promised = Promise.recipients.through.objects.filter(promise_id=OuterRef("pk"), member_id=member.pk)
    return (
        Promise.objects.visible_to(member)
        .filter(Q(to_circle=True) | Q(Exists(promised)))
        .exclude(author=member)
        .select_related("author__user")
        .prefetch_related("schedules")
        .order_by("state", "-created_at")
    )


def last_answers(promise_ids, n: int = 4) -> dict:
    """The last `n` answered outcomes of each promise, newest first: one query.

    Each rank is a small subquery per promise that walks the (promise, due_at)
    index backwards, so the cost follows the number of promises, not their history.
    """
    answered = Occurrence.objects.filter(promise_id=OuterRef("pk"), outcome__in=ANSWERED).order_by(
        "-due_at", "-slot"
    )
    ranks = {}
    for i in range(n):
        ranks[f"outcome_{i}"] = Subquery(answered.values("outcome")[i : i + 1])
        ranks[f"due_date_{i}"] = Subquery(answered.values("due_date")[i : i + 1])
    rows = Promise.objects.filter(pk__in=list(promise_ids)).annotate(**ranks).values_list("pk", *ranks)
    out: dict = defaultdict(list)
    for promise_id, *values in rows:
        pairs = zip(values[::2], values[1::2], strict=True)
        out[promise_id].extend((outcome, day) for outcome, day in pairs if outcome is not None)
    return out


def event_at(day: date) -> datetime:
    """The instant an answered occurrence counts from: midnight UTC before its local due date.

    Occurrences are grouped by local date; this instant is never in the future for
    any time zone, and the same one-day shift for every event leaves scores unchanged.
    """
    return datetime.combine(day - timedelta(days=1), time(0, 0), tzinfo=UTC)


def tallies_by_author(
    viewer: Member, since: date, *, toward: Member | None = None, author: Member | None = None
) -> dict:
    """Per promiser, the answered occurrences the viewer may see from `since` on, as a
    `trajectory.Tally` anchored where that history began. Two queries, whatever the history."""
    which = Q()
    if toward is not None:
        which &= _promised_to(toward, path="")
    if author is not None:
        which &= Q(author=author)
    return _tallies(viewer, since, which)


def relationship_tallies(viewer: Member, other: Member, since: date) -> dict:
    """Both directions between the viewer and another member: the viewer's promises to them
    and theirs to the viewer, keyed by promiser. Two queries for both directions."""
    which = (Q(author=viewer) & _promised_to(other, path="")) | (
        Q(author=other) & _promised_to(viewer, path="")
    )
    return _tallies(viewer, since, which)


def _tallies(viewer: Member, since: date, which: Q) -> dict:
    """The database counts each promiser's outcomes per day: at most one row per promiser
    and day of the window, rather than one per occurrence."""
    promises = Promise.objects.visible_to(viewer).filter(which)
    starts, unconfirmable = _first_due_dates(promises)
    counts = {f"n_{outcome}": Count("id", filter=Q(outcome=outcome)) for outcome in trajectory.OUTCOMES}
    if unconfirmable:  # rare: kept apart in the same rows, only when there is any
        counts |= {
            f"s_{outcome}": Count("id", filter=Q(outcome=outcome, promise_id__in=unconfirmable))
            for outcome in trajectory.OUTCOMES
        }
    per_day = (
        Occurrence.objects.filter(
            promise__in=promises.values("pk"), due_date__gte=since, outcome__in=ANSWERED
        )
        .values("promise__author_id", "due_date")
        .annotate(**counts)
        .order_by("promise__author_id", "due_date")
        .values_list("promise__author_id", "due_date", *counts)
    )
    out = {author_id: ScoredTally(event_at(first)) for author_id, first in starts.items()}
    width = len(trajectory.OUTCOMES)
    authors = {author_id.hex: author_id for author_id in out} | {author_id: author_id for author_id in out}
    instants: dict = {}  # promisers share days: each day's instant is made once
    for raw_author, rows in groupby(_raw_rows(per_day), key=itemgetter(0)):
        tally = out[authors[raw_author]]
        for _author, day, *day_counts in rows:
            at = instants.get(day)
            if at is None:
                at = instants[day] = event_at(_as_date(day))
            tally.append(at, day_counts[:width])
            if unconfirmable:
                tally.self_reported.append(at, day_counts[width:])
    return out


class ScoredTally(trajectory.Tally):
    """A promiser's tally, with the part of it from promises nobody promised could see
    (`seen_by_someone_promised`): self-reported, counted as usual but said to be."""

    __slots__ = ("self_reported",)

    def __init__(self, since: datetime | None = None) -> None:
        super().__init__(since)
        self.self_reported = trajectory.Tally(since)


def _raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the database sends them.

    Django's per-value converters (UUID, date, int) cost more than the query itself for a
    thousand small grouped rows on SQLite. The caller maps each promiser's id (a UUID on
    PostgreSQL, its hex text on SQLite) once per promiser, and reads dates with `_as_date`.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value) -> date:
    # A date from PostgreSQL, and from SQLite through the converter Django registers for
    # the column's declared type; ISO text from SQLite otherwise.
    return value if isinstance(value, date) else date.fromisoformat(value)


def events_by_author(
    viewer: Member, since: date, *, toward: Member | None = None, author: Member | None = None
) -> dict:
    """Per promiser, the same history as `tallies_by_author`, as trajectory events."""
    tallies = tallies_by_author(viewer, since, toward=toward, author=author)
    return {author_id: History(tally.events(), tally.since) for author_id, tally in tallies.items()}


def _first_due_dates(promises) -> tuple[dict, list]:
    """Per promiser, the first due date of any of these promises: one index lookup each,
    rather than a pass over every occurrence ever laid out; and, in the same query, the
    promises whose outcomes are self-reported (nobody promised can see them)."""
    first = Occurrence.objects.filter(promise_id=OuterRef("pk")).order_by("due_date").values("due_date")[:1]
    confirmable = ExpressionWrapper(seen_by_someone_promised(), output_field=BooleanField())
    starts: dict = {}
    unconfirmable = []
    rows = promises.annotate(first=Subquery(first), confirmable=confirmable)
    for promise_id, author_id, day, seen in rows.values_list(
        "pk", "author_id", "first", "confirmable"
    ).order_by():
        if day is not None:
            starts[author_id] = min(day, starts.get(author_id, day))
            if not seen:
                unconfirmable.append(promise_id)
    return starts, unconfirmable


@dataclass
class History:
    """Trajectory events and when the history began."""

    events: list
    since: datetime

    def score(self, now: datetime) -> float | None:
        return trajectory.score(self.events, now, self.since)


def horizon_start(now: datetime, extra_days: int = 0) -> date:
    return (now - timedelta(days=trajectory.HORIZON_DAYS + extra_days)).date()


def overall_scores(viewer: Member, now: datetime) -> dict:
    """Each promiser's overall score from what the viewer may see: two queries."""
    tallies = tallies_by_author(viewer, horizon_start(now))
    return {author_id: tally.score(now) for author_id, tally in tallies.items()}


def self_reported_part(tally: ScoredTally, now: datetime) -> str:
    """How much of a score rests on outcomes nobody promised could see, so nobody could
    confirm them: "all", "some" or "" (none). Counted as the score counts them, at `now`."""
    unconfirmed = _answered(tally.self_reported, now)
    if not unconfirmed:
        return ""
    return "all" if unconfirmed >= _answered(tally, now) else "some"


def _answered(tally: trajectory.Tally, now: datetime) -> int:
    return sum(line.count for line in tally.explain(now).lines)


def month_points(now: datetime, months: int = 12) -> list[datetime]:
    """`now` and the end of each of the months before it, oldest first: the chart's points."""
    points, cursor = [], now
    for _i in range(months):
        points.append(cursor)
        first = cursor.replace(day=1, hour=12, minute=0, second=0, microsecond=0)
        cursor = first - timedelta(days=1)
    return list(reversed(points))
