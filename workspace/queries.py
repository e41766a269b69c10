"""What the professional's workspace reads, for many circles at once.

A professional is a different `Member` in each circle, so nothing here goes circle by
circle: each metric is one query over every circle of the page (grouped in SQL where the
columns are plain, minimal rows otherwise), so the number of queries never grows with
the number of circles or their history.

**What a trend counts** (the same for "Trends only" and "Entries"): the entries the
author shared with the professional (audience not "only me", the professional's flag on:
private means private, even from the professional), written inside the data range of a consent in force that names the professional for
the entry's category. A trend is never built from anything the member kept to
themselves; "Trends only" means the professional sees the numbers, never the entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, Value
from django.utils import timezone

from checkins.models import CheckIn
from circles.audience.models import Audience, AudienceEntry
from circles.consent.categories import Category, Level
from circles.consent.queries import SEES_TRENDS, scopes_covering
from circles.models import Circle, Consent, ConsentScope, Member
from ledger.models import Occurrence, Promise
from ledger.queries import ANSWERED, event_at, horizon_start
from ledger.rules import trajectory
from repair.models import Rupture
from repair.rules import stats

# How far back "last activity" and the repair median look: a fixed window, so the work
# follows the recent past, not the whole history.
RECENT_DAYS = 90
CHECKIN_WEEKS = 4
# A follow-through score is compared with the one four weeks before.
TREND_DAYS = 28
TREND_STEP = 5  # points of the 0–100 score


@dataclass
class Grant:
    """One category a member allows one professional now, with its consent's terms."""

    professional_id: object
    member_id: object
    circle_id: object
    category: str
    level: str
    data_from: datetime
    data_to: datetime | None
    expires_at: datetime


def is_professional(user) -> bool:
    """Whether the user is currently a professional in any circle: one query."""
    return Member.objects.current().filter(user=user, role=Member.Role.PROFESSIONAL).exists()


@dataclass(frozen=True)
class Listed:
    """One professional membership on the caseload's list: enough to sort and page it."""

    member_id: object
    circle_id: object
    name: str


def caseload_list(user, now: datetime) -> list[Listed]:
    """The user's professional memberships that a consent in force names, sorted by the
    circle's (sealed) name, then its id (a stable order for two circles of the same name):
    one query, plain rows, each name opened once. (Reading each circle's creation time for
    the tie cost more than the rest of the list: a thousand timestamps parsed per page.)"""
    in_force = Consent.objects.active(now).filter(recipients=OuterRef("pk"), member__left_at__isnull=True)
    rows = (
        Member.objects.current()
        .filter(Exists(in_force), user=user, role=Member.Role.PROFESSIONAL)
        .values_list("pk", "circle_id", "circle__name")
        .order_by()
    )
    sealed = Circle._meta.get_field("name")
    found = [Listed(pk, circle_id, sealed.open_stored(name, circle_id)) for pk, circle_id, name in rows]
    return sorted(found, key=lambda one: (one.name.casefold(), str(one.circle_id)))


def memberships(ids) -> list[Member]:
    """These memberships with their circles and users, in the order given: one query."""
    found = Member.objects.filter(pk__in=list(ids)).select_related("circle", "user").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def grants(professionals: list[Member], now: datetime) -> list[Grant]:
    """Every category allowed to these professionals by consents in force: one query.

    Two consents in force for the same category give two grants; `by_member` keeps the
    wider level and the later end.
    """
    if not professionals:
        return []
    rows = (
        ConsentScope.objects.filter(
            consent__recipients__in=[p.pk for p in professionals],
            consent__status=Consent.Status.ACTIVE,
            consent__expires_at__gt=now,
            consent__member__left_at__isnull=True,
            consent__member__circle_id=F("consent__recipients__circle_id"),
        )
        .values_list(
            "consent__recipients",
            "consent__member_id",
            "consent__member__circle_id",
            "category",
            "level",
            "consent__data_from",
            "consent__data_to",
            "consent__expires_at",
        )
        .order_by()
    )
    return [Grant(*row) for row in rows]


def by_member(found: list[Grant]) -> dict:
    """`{member_id: {category: Grant}}`, the wider level (then the later end) winning."""
    out: dict = defaultdict(dict)
    for grant in found:
        held = out[grant.member_id].get(grant.category)
        if held is None or _wider(grant, held):
            out[grant.member_id][grant.category] = grant
    return dict(out)


def _wider(new: Grant, held: Grant) -> bool:
    if new.level != held.level:
        return new.level == Level.ENTRIES
    return new.expires_at > held.expires_at


def under_consent(category: str, professional_ids, now: datetime, path: str = "") -> Q:
    """Entries (of `path`'s model) that count for these professionals' trends in `category`.

    See the module's docstring: shared with the professional, inside the data range of a
    consent in force for the category (`circles.consent.queries.scopes_covering`, at
    either level). `path` reaches the entry from another model ("promise__" from an
    occurrence).
    """
    scope = scopes_covering(
        list(professional_ids),
        category,
        member=OuterRef(f"{path}author_id"),
        moment=OuterRef(f"{path}created_at"),
        levels=SEES_TRENDS,
        at=now,
    ).filter(consent__member__left_at__isnull=True)
    shared = Q(**{f"{path}professional_may_see": True}) & ~Q(**{f"{path}audience": Audience.ONLY_ME})
    return shared & Exists(scope)


# --- the metrics, each for every circle of the page in one query -------------------------


@dataclass
class Repair:
    open: int = 0
    median: timedelta | None = None
    members: set = field(default_factory=set)


def repair(circle_ids, professional_ids, now: datetime) -> dict:
    """Per circle: open ruptures and the median time to repair (repair's own rules)."""
    since = now - timedelta(days=RECENT_DAYS)
    rows = (
        Rupture.objects.filter(circle_id__in=circle_ids)
        .filter(under_consent(Category.REPAIR, professional_ids, now))
        .filter(
            Q(status__in=[Rupture.Status.OPEN, Rupture.Status.PAUSED])
            | Q(status=Rupture.Status.REPAIRED, repaired_at__gt=since)
        )
        .values_list("circle_id", "author_id", "created_at", "status", "repaired_at")
        .order_by()
    )
    spans: dict = defaultdict(list)
    authors: dict = defaultdict(set)
    for circle_id, author_id, created_at, status, repaired_at in rows:
        repaired = repaired_at if status == Rupture.Status.REPAIRED else None
        spans[circle_id].append(stats.RuptureSpan(logged_at=created_at, repaired_at=repaired))
        authors[circle_id].add(author_id)
    return {
        circle_id: Repair(
            open=stats.open_count(found),
            median=stats.median_time_to_repair(found, now, days=RECENT_DAYS),
            members=authors[circle_id],
        )
        for circle_id, found in spans.items()
    }


@dataclass
class FollowThrough:
    member_id: object
    score: float | None
    before: float | None

    @property
    def direction(self) -> str:
        """ "up", "down", "steady", or "" when there is nothing to compare."""
        if self.score is None or self.before is None:
            return ""
        if self.score - self.before > TREND_STEP:
            return "up"
        if self.before - self.score > TREND_STEP:
            return "down"
        return "steady"

    @property
    def percent(self) -> int | None:
        """The score (0–100) rounded, as the circle home shows it."""
        return None if self.score is None else round(self.score)


def follow_through(circle_ids, professional_ids, now: datetime) -> dict:
    """Per circle, each promiser's follow-through now and four weeks ago (ledger's score)."""
    promises = Promise.objects.filter(circle_id__in=circle_ids).filter(
        under_consent(Category.PROMISES, professional_ids, now)
    )
    counts = {f"n_{o}": Count("id", filter=Q(outcome=o)) for o in trajectory.OUTCOMES}
    rows = (
        Occurrence.objects.filter(
            promise__in=promises.values("pk"),
            due_date__gte=horizon_start(now, TREND_DAYS),
            outcome__in=ANSWERED,
        )
        .values("promise__circle_id", "promise__author_id", "due_date")
        .annotate(**counts)
        .order_by("promise__circle_id", "promise__author_id", "due_date")
        .values_list("promise__circle_id", "promise__author_id", "due_date", *counts)
    )
    tallies: dict = {}
    for circle_id, author_id, day, *day_counts in rows:
        key = (circle_id, author_id)
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = trajectory.Tally(event_at(_day(day)))
        tally.append(event_at(_day(day)), [int(n) for n in day_counts])
    out: dict = defaultdict(list)
    for (circle_id, author_id), tally in tallies.items():
        out[circle_id].append(
            FollowThrough(author_id, tally.score(now), tally.score(now - timedelta(days=TREND_DAYS)))
        )
    return dict(out)


@dataclass
class CheckinWeeks:
    member_id: object
    counts: list[int]  # oldest week first

    @property
    def this_week(self) -> int:
        return self.counts[-1]

    @property
    def total(self) -> int:
        return sum(self.counts)


def mondays(now: datetime, count: int = CHECKIN_WEEKS) -> list[date]:
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(count - 1, -1, -1)]


def checkins(circle_ids, professional_ids, now: datetime) -> dict:
    """Per circle, each member's check-ins in each of the last four weeks: one grouped query."""
    weeks = mondays(now)
    rows = (
        CheckIn.objects.filter(circle_id__in=circle_ids, week__gte=weeks[0])
        .filter(under_consent(Category.CHECKINS, professional_ids, now))
        .values("circle_id", "author_id", "week")
        .annotate(n=Count("id"))
        .values_list("circle_id", "author_id", "week", "n")
        .order_by()
    )
    per: dict = {}
    for circle_id, author_id, week, n in rows:
        week = _day(week)
        counts = per.setdefault((circle_id, author_id), [0] * len(weeks))
        if week in weeks:
            counts[weeks.index(week)] += n
    out: dict = defaultdict(list)
    for (circle_id, author_id), counts in per.items():
        out[circle_id].append(CheckinWeeks(author_id, counts))
    return dict(out)


def entry_models() -> list[type[AudienceEntry]]:
    """Every kind of entry that names its consent category."""
    return [
        model for model in apps.get_models() if issubclass(model, AudienceEntry) and model.consent_category
    ]


@dataclass
class Activity:
    at: datetime
    member_id: object
    category: str


def last_activity(circle_ids, professional_ids, now: datetime, categories: set) -> dict:
    """Per circle, the latest entry of a consented category in the last 90 days.

    One query: each kind of entry grouped by circle and author, joined with UNION ALL.
    """
    since = now - timedelta(days=RECENT_DAYS)
    parts = [
        model.objects.filter(circle_id__in=circle_ids, created_at__gt=since)
        .filter(under_consent(model.consent_category, professional_ids, now))
        .values("circle_id", "author_id")
        .annotate(last=Max("created_at"), category=Value(model.consent_category, output_field=CharField()))
        .values_list("circle_id", "author_id", "last", "category")
        .order_by()
        for model in entry_models()
        if model.consent_category in categories
    ]
    if not parts:
        return {}
    out: dict = {}
    for circle_id, author_id, last, category in parts[0].union(*parts[1:], all=True):
        held = out.get(circle_id)
        if held is None or last > held.at:
            out[circle_id] = Activity(last, author_id, category)
    return out


def members_named(member_ids) -> dict:
    """The members with their users (names are sealed, opened here): one query."""
    return {m.pk: m for m in Member.objects.filter(pk__in=list(member_ids)).select_related("user")}


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
