"""Trends over weeks: what the trend pages read, in four queries whatever the history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from checkins import vocabulary as v
from checkins.models import CheckIn, Connection, Craving, Feeling
from circles.models import Member
from lib.charts import Series


def weeks(now: datetime, count: int) -> list[date]:
    """Mondays of the last `count` weeks, oldest first, in the current time zone."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(count - 1, -1, -1)]


def _week(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _visible(viewer: Member, author: Member, since: datetime):
    return CheckIn.objects.visible_to(viewer).filter(author=author, created_at__gte=since)


def feeling_series(viewer: Member, author: Member, mondays: list[date]) -> list[Series]:
    """Average intensity (1–5) of each feeling group per week."""
    since = _start(mondays)
    rows = (
        Feeling.objects.filter(checkin__in=_visible(viewer, author, since).values("pk"))
        .annotate(week=TruncWeek("checkin__created_at"))
        .values("week", "feeling")
        .annotate(total=Avg("intensity"), n=Count("id"))
        .order_by()
    )
    sums: dict = defaultdict(lambda: [0.0, 0])
    for row in rows:
        key = (v.GROUP_OF.get(row["feeling"]), _week(row["week"]))
        sums[key][0] += row["total"] * row["n"]
        sums[key][1] += row["n"]
    return [
        Series(
            str(label),
            [
                (m, round(sums[(group, m)][0] / sums[(group, m)][1], 1) if sums[(group, m)][1] else None)
                for m in mondays
            ],
        )
        for group, label, _items in v.FEELING_GROUPS
        if any(sums[(group, m)][1] for m in mondays)
    ]


def state_counts(viewer: Member, author: Member, mondays: list[date]) -> list[tuple[date, dict]]:
    """How many check-ins of each state per week."""
    rows = (
        _visible(viewer, author, _start(mondays))
        .annotate(week=TruncWeek("created_at"))
        .values("week", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict = defaultdict(dict)
    for row in rows:
        table[_week(row["week"])][row["state"]] = row["n"]
    return [(m, table.get(m, {})) for m in mondays]


def connection_series(viewer: Member, author: Member, mondays: list[date]) -> list[Series]:
    """Average connection (1–5) the author felt toward each member, per week."""
    rows = (
        Connection.objects.filter(checkin__in=_visible(viewer, author, _start(mondays)).values("pk"))
        .annotate(week=TruncWeek("checkin__created_at"))
        .values("week", "member_id", "member__user__display_name", "member__user__email")
        .annotate(avg=Avg("score"))
        .order_by()
    )
    by_member: dict = defaultdict(dict)
    names = {}
    for row in rows:
        by_member[row["member_id"]][_week(row["week"])] = round(row["avg"], 1)
        names[row["member_id"]] = (
            row["member__user__display_name"] or row["member__user__email"].split("@")[0]
        )
    return [Series(names[mid], [(m, weekly.get(m)) for m in mondays]) for mid, weekly in by_member.items()]


def craving_series(
    viewer: Member, author: Member, mondays: list[date], labels=("average", "highest")
) -> tuple[list[Series], dict]:
    """Average and highest cravings (0–10) per week, and the weeks with any use — only if visible."""
    rows = (
        Craving.objects.visible_to(viewer)
        .filter(author=author, created_at__gte=_start(mondays))
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        # The check-ins with any use, not Max("used"): PostgreSQL has no MAX(boolean).
        .annotate(avg=Avg("level"), top=Max("level"), used=Count("pk", filter=Q(used=True)))
        .order_by()
    )
    weekly = {_week(row["week"]): row for row in rows}
    average = Series(labels[0], [(m, round(weekly[m]["avg"], 1) if m in weekly else None) for m in mondays])
    highest = Series(labels[1], [(m, weekly[m]["top"] if m in weekly else None) for m in mondays])
    used = {m: bool(weekly[m]["used"]) for m in weekly}
    return ([average, highest] if weekly else []), used


def _start(mondays: list[date]) -> datetime:
    return timezone.make_aware(datetime.combine(mondays[0], datetime.min.time()))
