"""What the ledger pages read, each in a fixed number of queries whatever the history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from circles.models import Member
from ledger import trajectory
from ledger.models import Commitment, Occurrence, Outcome

ANSWERED = [o for o in Outcome.values if o != Outcome.PENDING]
WAITING_SHOWN = 20  # how many reports waiting for my confirmation the ledger page lists


def _promised_to(member: Member, path: str = "commitment__") -> Q:
    """Promised to the whole circle or to this member; `path` leads from the rows filtered
    to their commitment ("" when the rows are commitments)."""
    promised = Commitment.recipients.through.objects.filter(
        commitment_id=OuterRef("commitment_id" if path else "pk"), member_id=member.pk
    )
    return Q(**{f"{path}to_circle": True}) | Q(Exists(promised))


def open_now(member: Member, today: date):
    """My occurrences that can be reported now: opened and not yet answered."""
    return (
        Occurrence.objects.filter(commitment__author=member, outcome=Outcome.PENDING, opens_on__lte=today)
        .select_related("commitment")
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
        .exclude(commitment__author=member)
        .select_related("commitment__author__user")
        .order_by("-due_at")[:limit]
    )


def commitments_by(member: Member):
    return (
        Commitment.objects.authored_by(member)
        .prefetch_related("schedules", "recipients__user")
        .order_by("state", "-created_at")
    )


def commitments_to(member: Member):
    promised = Commitment.recipients.through.objects.filter(commitment_id=OuterRef("pk"), member_id=member.pk)
    return (
        Commitment.objects.visible_to(member)
        .filter(Q(to_circle=True) | Q(Exists(promised)))
        .exclude(author=member)
        .select_related("author__user")
        .prefetch_related("schedules")
        .order_by("state", "-created_at")
    )


def last_answers(commitment_ids, n: int = 4) -> dict:
    """The last `n` answered outcomes of each commitment, newest first: one query.

    Each rank is a small subquery per commitment that walks the (commitment, due_at)
    index backwards, so the cost follows the number of commitments, not their history.
    """
    answered = Occurrence.objects.filter(commitment_id=OuterRef("pk"), outcome__in=ANSWERED).order_by(
        "-due_at", "-slot"
    )
    ranks = {}
    for i in range(n):
        ranks[f"outcome_{i}"] = Subquery(answered.values("outcome")[i : i + 1])
        ranks[f"due_date_{i}"] = Subquery(answered.values("due_date")[i : i + 1])
    rows = Commitment.objects.filter(pk__in=list(commitment_ids)).annotate(**ranks).values_list("pk", *ranks)
    out: dict = defaultdict(list)
    for commitment_id, *values in rows:
        pairs = zip(values[::2], values[1::2], strict=True)
        out[commitment_id].extend((outcome, day) for outcome, day in pairs if outcome is not None)
    return out


def event_at(day: date) -> datetime:
    """The instant an answered occurrence counts from: midnight UTC before its local due date.

    Occurrences are grouped by local date; this instant is never in the future for
    any time zone, and the same one-day shift for every event leaves scores unchanged.
    """
    return datetime.combine(day - timedelta(days=1), time(0, 0), tzinfo=UTC)


def events_by_author(
    viewer: Member, since: date, *, toward: Member | None = None, author: Member | None = None
) -> dict:
    """Per promiser, the answered occurrences the viewer may see as trajectory events, and
    when that history began (the prior's anchor). Two queries, whatever the history."""
    commitments = Commitment.objects.visible_to(viewer)
    if toward is not None:
        commitments = commitments.filter(_promised_to(toward, path=""))
    if author is not None:
        commitments = commitments.filter(author=author)
    starts = _first_due_dates(commitments)
    grouped = (
        Occurrence.objects.filter(
            commitment__in=commitments.values("pk"), due_date__gte=since, outcome__in=ANSWERED
        )
        .values("commitment__author_id", "due_date", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict = {author_id: History([], event_at(first)) for author_id, first in starts.items()}
    for row in grouped:
        event = trajectory.Event(at=event_at(row["due_date"]), outcome=row["outcome"], count=row["n"])
        out[row["commitment__author_id"]].events.append(event)
    return out


def _first_due_dates(commitments) -> dict:
    """Per promiser, the first due date of any of these commitments: one index lookup each,
    rather than a pass over every occurrence ever laid out."""
    first = (
        Occurrence.objects.filter(commitment_id=OuterRef("pk")).order_by("due_date").values("due_date")[:1]
    )
    starts: dict = {}
    for author_id, day in (
        commitments.annotate(first=Subquery(first)).values_list("author_id", "first").order_by()
    ):
        if day is not None:
            starts[author_id] = min(day, starts.get(author_id, day))
    return starts


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
    """Each promiser's overall score from what the viewer may see: one query."""
    histories = events_by_author(viewer, horizon_start(now))
    return {author_id: history.score(now) for author_id, history in histories.items()}


def month_points(now: datetime, months: int = 12) -> list[datetime]:
    """`now` and the end of each of the months before it, oldest first: the chart's points."""
    points, cursor = [], now
    for _i in range(months):
        points.append(cursor)
        first = cursor.replace(day=1, hour=12, minute=0, second=0, microsecond=0)
        cursor = first - timedelta(days=1)
    return list(reversed(points))
