"""Trends over weeks: what the trend pages read, in four queries whatever the history.

Each check-in counts in its author's own week (`CheckIn.week`, the Monday of the week
where they live, stored when it is saved), so the queries group by a plain column.
Cravings and use are sealed, so their rows (at most one a check-in, within the weeks
shown) are read and averaged here in Python; so are the names on the connection lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count
from django.utils import timezone

from charts.base import Series
from checkins import vocabulary as v
from checkins.models import CheckIn, Connection, Craving, Feeling
from circles.models import Member


def weeks(now: datetime, count: int) -> list[date]:
    """Mondays of the last `count` weeks, oldest first, in the current time zone."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(count - 1, -1, -1)]


@dataclass
class Trends:
    """Everything a trend page or the trends API shows, for one viewer and one author."""

    feelings: list[Series]
    states: list[tuple[date, dict]]
    connections: list[Series]
    cravings: list[Series]
    used: dict[date, bool]


def gather(viewer: Member, author: Member, mondays: list[date], labels=("average", "highest")) -> Trends:
    """The four queries of a trend page; the visible check-ins are described once for three of them."""
    visible = _visible(viewer, author, mondays)
    cravings, used = craving_series(viewer, author, mondays, labels)
    return Trends(
        feelings=feeling_series(viewer, author, mondays, visible),
        states=state_counts(viewer, author, mondays, visible),
        connections=connection_series(viewer, author, mondays, visible),
        cravings=cravings,
        used=used,
    )


def _visible(viewer: Member, author: Member, mondays: list[date]):
    return CheckIn.objects.visible_to(viewer).filter(author=author, week__range=(mondays[0], mondays[-1]))


def feeling_series(viewer: Member, author: Member, mondays: list[date], visible=None) -> list[Series]:
    """Average intensity (1–5) of each feeling group per week, over the feelings given one."""
    visible = _visible(viewer, author, mondays) if visible is None else visible
    rows = (
        Feeling.objects.filter(checkin__in=visible.values("pk"))
        .values("checkin__week", "feeling")
        # Only feelings given a strength count: on the page the strength is optional.
        .filter(intensity__isnull=False)
        .annotate(total=Avg("intensity"), n=Count("id"))
        .order_by()
    )
    sums: dict = defaultdict(lambda: [0.0, 0])
    for row in rows:
        key = (v.GROUP_OF.get(row["feeling"]), row["checkin__week"])
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


def state_counts(
    viewer: Member, author: Member, mondays: list[date], visible=None
) -> list[tuple[date, dict]]:
    """How many check-ins of each state per week."""
    visible = _visible(viewer, author, mondays) if visible is None else visible
    rows = visible.values("week", "state").annotate(n=Count("id")).order_by()
    table: dict = defaultdict(dict)
    for row in rows:
        table[row["week"]][row["state"]] = row["n"]
    return [(m, table.get(m, {})) for m in mondays]


def connection_series(viewer: Member, author: Member, mondays: list[date], visible=None) -> list[Series]:
    """Average connection (1–5) the author felt toward each member, per week."""
    visible = _visible(viewer, author, mondays) if visible is None else visible
    rows = (
        Connection.objects.filter(checkin__in=visible.values("pk"))
        .values(
            "checkin__week",
            "member_id",
            "member__user__seal_id",
            "member__user__display_name",
            "member__user__email",
        )
        .annotate(avg=Avg("score"))
        .order_by()
    )
    by_member: dict = defaultdict(dict)
    names = {}
    sealed_name = get_user_model()._meta.get_field("display_name")
    for row in rows:
        by_member[row["member_id"]][row["checkin__week"]] = round(row["avg"], 1)
        if row["member_id"] not in names:
            # The name is sealed to its person; opened once here, as `str(user)` would.
            name = sealed_name.open_stored(row["member__user__display_name"], row["member__user__seal_id"])
            names[row["member_id"]] = name or row["member__user__email"].split("@")[0]
    return [Series(names[mid], [(m, weekly.get(m)) for m in mondays]) for mid, weekly in by_member.items()]


def craving_series(
    viewer: Member, author: Member, mondays: list[date], labels=("average", "highest")
) -> tuple[list[Series], dict]:
    """Average and highest cravings (0–10) per week, and the weeks with any use — only if visible."""
    cravings = (
        Craving.objects.visible_to(viewer)
        # A margin on `created_at` lets the (author, created_at) index bound the read, and
        # the week decides: time zones lie within 26 hours of each other.
        .filter(
            author=author,
            created_at__gte=_start(mondays) - timedelta(days=2),
            checkin__week__range=(mondays[0], mondays[-1]),
        )
        .values_list("pk", "checkin__week", "level", "used")
        .order_by()
    )
    sealed_level, sealed_used = Craving._meta.get_field("level"), Craving._meta.get_field("used")
    levels: dict = defaultdict(list)
    used: dict = {}
    for pk, week, level, was_used in cravings:  # sealed: opened and summed here, not in SQL
        used[week] = used.get(week, False) or sealed_used.open_stored(was_used, pk)
        level = sealed_level.open_stored(level, pk)
        if level is not None:  # only the urge to use was noted
            levels[week].append(level)
    average = Series(
        labels[0], [(m, round(sum(levels[m]) / len(levels[m]), 1) if levels[m] else None) for m in mondays]
    )
    highest = Series(labels[1], [(m, max(levels[m]) if levels[m] else None) for m in mondays])
    return ([average, highest] if any(levels.values()) else []), used


def _start(mondays: list[date]) -> datetime:
    return timezone.make_aware(datetime.combine(mondays[0], datetime.min.time()))
