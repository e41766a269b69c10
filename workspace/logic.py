"""The caseload and the circle view, as plain data, with what each shows to log.

Pages and the API both call `caseload(...)` and `circle_view(...)`, then
`access_log.logic.record(...)` with the `shown` they return, inside the request's
transaction: nothing reaches the professional unlogged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext, ngettext

from access_log import kinds
from access_log.logic import Shown, record, record_many
from appreciations.models import Appreciation
from checkins.models import CheckIn, Craving
from circles.consent.categories import Category, Level
from circles.models import Member
from coach_web import alerts as safety_alerts
from ledger.models import Promise, SmallMoment
from measures import catalogue
from measures.models import Response
from reachout.models import Plan
from repair.models import Rupture
from workspace import queries

# Rows per page of the caseload: a phone's screenful or two, and a bounded amount of work
# (and of access-log rows) per request, whatever the caseload holds.
CASELOAD_PAGE = 25
ENTRIES_SHOWN = 20


def duration_words(span: timedelta | None) -> str:
    """A time to repair in plain words: hours under two days, days after."""
    if span is None:
        return ""
    hours = round(span.total_seconds() / 3600)
    if hours < 1:
        return gettext("less than an hour")
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = round(hours / 24)
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@dataclass
class Row:
    """One circle of the caseload: only what the consents in force allow."""

    professional: Member
    consenting: int
    repair: queries.Repair | None = None
    follow_through: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    last_activity: queries.Activity | None = None
    # What the caseload shows per metric needs the category granted by at least one member.
    shows: set = field(default_factory=set)
    # Unacknowledged safety alerts (coach_web.alerts), latest first.
    alerts: list = field(default_factory=list)

    @property
    def median_text(self) -> str:
        return duration_words(self.repair.median) if self.repair else ""

    @property
    def circle(self):
        return self.professional.circle


@dataclass
class Caseload:
    rows: list[Row]
    count: int
    page: int
    pages: int
    shown: list  # (professional membership, Shown)


def caseload(user, now: datetime, page: int = 1) -> Caseload:
    """Every circle where the user is a professional and someone's consent is in force, one
    page of rows, in a fixed number of queries whatever the circles."""
    listed = queries.caseload_list(user, now)
    pages = max(1, -(-len(listed) // CASELOAD_PAGE))
    page = min(max(page, 1), pages)
    on_page = queries.memberships(
        [one.member_id for one in listed[(page - 1) * CASELOAD_PAGE : page * CASELOAD_PAGE]]
    )
    circle_ids = [p.circle_id for p in on_page]
    pro_ids = [p.pk for p in on_page]
    # Per circle: {member_id: {category: Grant}}, read for the page's circles only.
    granted: dict = {p.circle_id: {} for p in on_page}
    for member_id, per in queries.by_member(queries.grants(on_page, now)).items():
        circle_id = next(iter(per.values())).circle_id
        granted[circle_id][member_id] = per
    categories = {c for per in granted.values() for cats in per.values() for c in cats}
    repair = queries.repair(circle_ids, pro_ids, now) if Category.REPAIR in categories else {}
    follow = queries.follow_through(circle_ids, pro_ids, now) if Category.PROMISES in categories else {}
    checkins = queries.checkins(circle_ids, pro_ids, now) if Category.CHECKINS in categories else {}
    activity = queries.last_activity(circle_ids, pro_ids, now, categories)
    shown: list = []
    rows = []
    for professional in on_page:
        per_member = granted[professional.circle_id]
        row = Row(professional, consenting=len(per_member))
        allowed = {c for cats in per_member.values() for c in cats}
        if Category.REPAIR in allowed:
            row.repair = repair.get(professional.circle_id, queries.Repair())
            row.shows.add(Category.REPAIR)
        if Category.PROMISES in allowed:
            row.follow_through = follow.get(professional.circle_id, [])
            row.shows.add(Category.PROMISES)
        if Category.CHECKINS in allowed:
            row.checkins = checkins.get(professional.circle_id, [])
            row.shows.add(Category.CHECKINS)
        row.last_activity = activity.get(professional.circle_id)
        # Each member whose consented category a metric of this row reports on is logged,
        # even when the number is zero: "no open ruptures" is information about them too.
        for member_id, cats in per_member.items():
            for category in sorted(row.shows & set(cats)):
                shown.append((professional, Shown(member_id, category, kinds.CASELOAD)))
        if row.last_activity is not None:
            last = row.last_activity
            if last.category not in row.shows:
                shown.append((professional, Shown(last.member_id, last.category, kinds.CASELOAD)))
        rows.append(row)
    # Unacknowledged safety alerts (coach_web, under the members' safety-alert consent),
    # for every circle of the person in one query.
    alerts = safety_alerts.unacknowledged_for_many(on_page[0].user) if on_page else {}
    for row in rows:
        row.alerts = safety_alerts.flat(alerts.get(row.circle.pk, {}))
    names = queries.members_named(
        {ft.member_id for row in rows for ft in row.follow_through}
        | {c.member_id for row in rows for c in row.checkins}
    )
    # A display name is sealed: opened once per member here, not at every comparison.
    sort_names = {pk: str(member).casefold() for pk, member in names.items()}
    for row in rows:
        for item in (*row.follow_through, *row.checkins):
            item.member = names.get(item.member_id)
        row.follow_through.sort(key=lambda ft: sort_names.get(ft.member_id, ""))
        row.checkins.sort(key=lambda c: sort_names.get(c.member_id, ""))
    return Caseload(rows, len(listed), page, pages, shown)


def show_caseload(user, now: datetime, page: int = 1) -> Caseload:
    """The caseload, with its access-log rows written (inside the caller's transaction)."""
    found = caseload(user, now, page)
    record_many(found.shown)
    return found


# --- the professional's view of one circle ------------------------------------------------


def _entry_kinds():
    return [
        (Category.PROMISES, Promise, lambda e: e.what),
        (Category.MOMENTS, SmallMoment, lambda e: e.custom_kind or e.get_kind_display()),
        (Category.CHECKINS, CheckIn, lambda e: e.get_state_display()),
        (Category.CRAVINGS, Craving, _craving_line),
        (Category.REPAIR, Rupture, lambda e: e.what),
        (Category.REACHOUT, Plan, lambda e: ""),
        (Category.APPRECIATIONS, Appreciation, lambda e: e.text),
        (Category.MEASURES, Response, _measure_line),
    ]


def _measure_line(response) -> str:
    # The score and its band only: answers to single items stay with the member.
    found = catalogue.all_instruments().get(response.instrument)
    name = found.short_name if found else response.instrument
    return gettext("%(name)s: %(total)s") % {"name": name, "total": response.total}


def _craving_line(craving) -> str:
    if craving.level is None:
        return ""
    return gettext("Cravings: %(level)s of 10") % {"level": craving.level}


@dataclass
class Entry:
    id: object
    kind: str
    at: datetime
    text: str


@dataclass
class Scope:
    category: str
    label: str
    level: str
    level_label: str
    expires_at: datetime
    data_from: datetime
    entries: list = field(default_factory=list)
    more: bool = False


@dataclass
class MemberView:
    member: Member
    scopes: list[Scope]
    follow_through: queries.FollowThrough | None = None
    checkins: queries.CheckinWeeks | None = None
    repair: queries.Repair | None = None

    @property
    def categories(self) -> set:
        return {s.category for s in self.scopes}

    @property
    def median_text(self) -> str:
        return duration_words(self.repair.median) if self.repair else ""

    @property
    def follow_through_list(self) -> list:
        return [self.follow_through] if self.follow_through else []

    @property
    def checkins_list(self) -> list:
        return [self.checkins] if self.checkins else []


@dataclass
class CircleView:
    professional: Member
    members: list[MemberView]
    shown: list
    alerts: list = field(default_factory=list)


def circle_view(professional: Member, now: datetime) -> CircleView:
    """What each member who consented allows this professional now; nobody else appears.

    Members without a consent in force are left out entirely (not even "has not given
    consent"): nothing about them reaches the professional, and nobody is singled out as
    the one who said no.
    """
    granted = queries.by_member(queries.grants([professional], now))
    names = queries.members_named(granted)
    labels = dict(Category.choices)
    level_labels = dict(Level.choices)
    views = []
    shown: list = []
    ids = [professional.pk]
    circle_ids = [professional.circle_id]
    cats = {c for per in granted.values() for c in per}
    repair = (
        queries.repair(circle_ids, ids, now).get(professional.circle_id) if Category.REPAIR in cats else None
    )
    follow = (
        queries.follow_through(circle_ids, ids, now).get(professional.circle_id, [])
        if Category.PROMISES in cats
        else []
    )
    checkins = (
        queries.checkins(circle_ids, ids, now).get(professional.circle_id, [])
        if Category.CHECKINS in cats
        else []
    )
    for member_id, per in granted.items():
        member = names.get(member_id)
        if member is None:
            continue
        scopes = [
            Scope(
                c,
                str(labels.get(c, c)),
                g.level,
                str(level_labels.get(g.level, g.level)),
                g.expires_at,
                g.data_from,
            )
            for c, g in sorted(
                per.items(), key=lambda item: list(labels).index(item[0]) if item[0] in labels else 99
            )
        ]
        view = MemberView(member, scopes)
        for item in (*follow, *checkins):
            if item.member_id == member_id:
                item.member = member
        if Category.PROMISES in per:
            view.follow_through = next((f for f in follow if f.member_id == member_id), None)
            shown.append((professional, Shown(member_id, Category.PROMISES, kinds.TREND)))
        if Category.CHECKINS in per:
            view.checkins = next((c for c in checkins if c.member_id == member_id), None)
            shown.append((professional, Shown(member_id, Category.CHECKINS, kinds.TREND)))
        if Category.REPAIR in per and repair is not None and member_id in repair.members:
            view.repair = repair
        views.append(view)
    if repair is not None:
        for member_id in repair.members:
            shown.append((professional, Shown(member_id, Category.REPAIR, kinds.TREND)))
    _fill_entries(professional, views, shown)
    views.sort(key=lambda v: str(v.member).casefold())
    alerts = safety_alerts.flat(safety_alerts.unacknowledged_for(professional))
    return CircleView(professional, views, shown, alerts)


def _fill_entries(professional: Member, views: list[MemberView], shown: list) -> None:
    """The newest entries of each ENTRIES-level category, through `visible_to`: the Audience
    rule itself holds the consent's terms (category, level, data range), nothing added here."""
    for view in views:
        for scope in view.scopes:
            if scope.level != Level.ENTRIES:
                continue
            for category, model, line in _entry_kinds():
                if category != scope.category:
                    continue
                found = list(
                    model.objects.visible_to(professional)
                    .filter(author=view.member)
                    .order_by("-created_at")[: ENTRIES_SHOWN + 1]
                )
                scope.more = scope.more or len(found) > ENTRIES_SHOWN
                for entry in found[:ENTRIES_SHOWN]:
                    scope.entries.append(
                        Entry(entry.pk, str(model._meta.verbose_name), entry.created_at, line(entry))
                    )
                    shown.append(
                        (professional, Shown(view.member.pk, category, model._meta.label_lower, entry.pk))
                    )
            scope.entries.sort(key=lambda e: e.at, reverse=True)


def show_circle(professional: Member, now: datetime) -> CircleView:
    """The circle view, with its access-log rows written (inside the caller's transaction)."""
    found = circle_view(professional, now)
    record(professional, [one for _pro, one in found.shown])
    return found
