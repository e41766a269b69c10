"""What "today" reads for one member, always through each entry's `visible_to`.

A fixed number of queries whatever the history (ledger/tests/test_query_counts.py keeps
the whole page under 30), plus a few per open repair the member is in (at most
`REPAIRS_READ`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from appreciations.models import Appreciation
from checkins.models import CheckIn, TimeOut
from circles.models import Member
from home import logic
from ledger.logic import local_today
from ledger.models import Occurrence, Outcome, Promise, SmallMoment
from ledger.queries import ANSWERED, open_now
from measures import logic as measures_logic
from reachout.logic import offers_waiting
from reachout.models import Plan
from repair.logic import repair_state
from repair.models import Reflection, Rupture
from safety.logic import my_checks_by_person

REPAIRS_READ = 5


def gather(member: Member, members: list[Member], appreciations, now: datetime) -> logic.Facts:
    """The facts for `member`.

    `members` are the circle's current members and `appreciations` the most recent ones
    `member` may see, both already read for the rest of the page.
    """
    apart = _apart(member, members)
    repairs, repaired = _ruptures(member, apart, now)
    plans = _plans(member)
    today = local_today(member, now)
    return logic.Facts(
        circle_id=member.circle_id,
        member_id=member.pk,
        role=member.role,
        status=member.status,
        now=now,
        names={m.pk: m.name for m in members},
        due=_due(member, today),
        waiting=_waiting(member, now),
        repairs=repairs,
        reflections=_reflections(member, [r.rupture_id for r in repairs]),
        pauses=_pauses(member, apart, now),
        offers_waiting=offers_waiting(member),
        plans_to_review=[
            pk for pk, review_on in plans if review_on and today - timedelta(days=14) <= review_on <= today
        ],
        measures_due=measures_logic.due_for(member, now).count(),
        answered=_answered(member, now),
        apart=apart,
        repaired=repaired,
        thanks=_thanks(member, appreciations),
        has_plans=bool(plans),
        alone=len(members) < 2,
    )


def newcomer(member: Member) -> bool:
    """Nothing written yet: no promise, thanks, small moment or check-in of one's own."""
    return not any(
        model.objects.authored_by(member).exists() for model in (Promise, Appreciation, SmallMoment, CheckIn)
    )


def _apart(member: Member, members: list[Member]) -> frozenset:
    """The members `member` said they may not be safe with: only `member`'s own view changes
    (no nudges toward joint work with them); nothing reaches the other person."""
    checks = my_checks_by_person(member)
    return frozenset(m.pk for m in members if m.user_id in checks and checks[m.user_id].blocks_joint_work)


def _due(member: Member, today) -> list[logic.Due]:
    """My occurrences open now, the soonest first (one more than shown, to say there are more)."""
    rows = open_now(member, today)[: logic.SHOWN["due"] + 1]
    return [logic.Due(o.pk, o.promise_id, o.promise.what, o.due_at) for o in rows]


def _waiting(member: Member, now: datetime) -> list[logic.Waiting]:
    promised = Promise.recipients.through.objects.filter(
        promise_id=OuterRef("promise_id"), member_id=member.pk
    )
    # "The whole circle" is the family: the professional confirms only what was promised to them.
    to_me = (
        Q(Exists(promised)) if member.is_professional else Q(promise__to_circle=True) | Q(Exists(promised))
    )
    rows = (
        Occurrence.objects.visible_to(member)
        .filter(to_me, outcome=Outcome.KEPT, due_at__gte=now - timedelta(days=logic.CONFIRM_DAYS))
        .exclude(promise__author=member)
        .select_related("promise__author__user")
        .order_by("-due_at")[: logic.SHOWN["confirm"] + 1]
    )
    return [logic.Waiting(o.pk, o.promise_id, o.promise.what, o.promise.author.name, o.due_at) for o in rows]


def _ruptures(member: Member, apart: frozenset, now: datetime):
    """Open repairs I am in, and repairs finished lately, in one query.

    None with someone I said I may not be safe with: that spares only me (my view).
    """
    in_it = Rupture.parties.through.objects.filter(rupture_id=OuterRef("pk"), member_id=member.pk)
    recent = now - timedelta(days=logic.REPAIRED_DAYS)
    rows = (
        Rupture.objects.visible_to(member)
        .filter(
            Q(Exists(in_it), status=Rupture.Status.OPEN)
            | Q(status=Rupture.Status.REPAIRED, repaired_at__gte=recent)
        )
        .prefetch_related("parties__user")
        .order_by("-updated_at")[: REPAIRS_READ + logic.SHOWN["repaired"]]
    )
    repairs, repaired = [], []
    for rupture in rows:
        parties = list(rupture.parties.all())
        if any(p.pk in apart for p in parties):
            continue
        with_me = any(p.pk == member.pk for p in parties)
        others = tuple(p.name for p in parties if p.pk != member.pk)
        if rupture.status == Rupture.Status.REPAIRED:
            repaired.append(logic.Repaired(rupture.pk, others, with_me, rupture.repaired_at))
        elif len(repairs) < REPAIRS_READ:
            repairs.append(logic.OpenRepair(rupture.pk, others, repair_state(rupture)))
    return repairs, repaired


def _reflections(member: Member, rupture_ids: list) -> list[logic.ReflectionWaiting]:
    """The latest reflection of my side from each person, where it still waits for my answer.

    Only open repairs I am in can hold one, so without any there is nothing to read.
    """
    if not rupture_ids:
        return []
    latest: dict = {}
    rows = (
        Reflection.objects.visible_to(member)
        .filter(about=member, rupture_id__in=rupture_ids)
        .select_related("author__user")
        .order_by("created_at")
    )
    for reflection in rows:
        latest[(reflection.rupture_id, reflection.author_id)] = reflection
    return [
        logic.ReflectionWaiting(r.rupture_id, r.pk, r.author.name) for r in latest.values() if not r.answer
    ]


def _pauses(member: Member, apart: frozenset, now: datetime) -> list[logic.Pause]:
    rows = (
        TimeOut.objects.visible_to(member)
        .filter(Q(author=member) | Q(with_member=member))
        .filter(finished_at__isnull=True, return_at__gte=now - timedelta(days=logic.PAUSE_DAYS))
        .select_related("author__user", "with_member__user")
        .order_by("return_at")
    )
    out = []
    for timeout in rows:
        other = timeout.with_member if timeout.author_id == member.pk else timeout.author
        if other.pk not in apart:
            out.append(logic.Pause(timeout.pk, other.name, timeout.author_id == member.pk, timeout.return_at))
    return out


def _plans(member: Member) -> list[tuple]:
    """My reach-out plans, as (id, review date)."""
    return list(Plan.objects.authored_by(member).values_list("pk", "review_on"))


def _answered(member: Member, now: datetime) -> list[logic.Answered]:
    """Answered occurrences of promises by me or to me, of the last weeks: one query.

    The join to the recipients gives one row per occurrence and recipient (one, with
    none, for a promise to the circle); they are folded back here.
    """
    promised = Promise.recipients.through.objects.filter(promise_id=OuterRef("pk"), member_id=member.pk)
    promises = Promise.objects.visible_to(member).filter(
        Q(author=member) | Q(to_circle=True) | Q(Exists(promised))
    )
    rows = Occurrence.objects.filter(
        promise__in=promises.values("pk"),
        outcome__in=ANSWERED,
        due_at__gte=now - timedelta(days=logic.RUN_DAYS),
    ).values_list(
        "pk", "promise__author_id", "promise__to_circle", "promise__recipients", "due_at", "outcome"
    )
    folded: dict = {}
    for pk, author_id, to_circle, recipient, due_at, outcome in rows:
        row = folded.setdefault(pk, [author_id, [], to_circle, due_at, outcome])
        if recipient is not None:
            row[1].append(recipient)
    return [
        logic.Answered(author_id, tuple(recipients), to_circle, due_at, outcome)
        for author_id, recipients, to_circle, due_at, outcome in folded.values()
    ]


def _thanks(member: Member, appreciations) -> list[logic.Thanks]:
    """Thanks to me or to the circle from others, among the recent ones already read."""
    return [
        logic.Thanks(a.pk, a.author.name, a.to_member_id == member.pk, a.text, a.created_at)
        for a in appreciations
        if a.author_id != member.pk and a.to_member_id in (None, member.pk)
    ]
