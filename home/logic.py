"""The "today" part of the circle home: what needs me now, and what is worth celebrating.

Plain functions over plain data (the facts `home.queries.gather` reads through each
entry's `visible_to`), so every rule here is tested without a database. Each item is a
sentence in warm, plain words and one way to act on it.

Runs of kept promises are told as "6 of your last 7", with a row of dots: never as a
streak that falls back to zero after one miss, and never shown while the number is low
(shame is not a motivator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ledger.rules import trajectory
from repair.rules import steps
from repair.rules.steps import OwnPhase, Step

# How far back "today" looks, and how much of each kind it shows: a phone screen, not an archive.
CONFIRM_DAYS = 14  # kept reports older than this wait on the promises page, not here
PAUSE_DAYS = 2  # a pause not come back from in two days lives on the check-in page
REPAIRED_DAYS = 30
THANKS_DAYS = 14
RUN_DAYS = 56  # eight weeks: enough for a weekly promise to make a run
RUN_WINDOW = 7  # the last 7 times are looked at
RUN_MIN_KEPT = 3
SHOWN = {"due": 3, "confirm": 3, "runs": 3, "repaired": 2, "thanks": 2}

CIRCLE = "circle"  # a run "to the circle", rather than to one person

LOVED_ONES = frozenset({"partner", "parent", "child", "sibling", "friend"})
STEPPED_AWAY = "stepped_away"


# --- facts: what the queries read, already limited to what the member may see ---------------


@dataclass(frozen=True)
class Due:
    """One of my occurrences that can be reported now."""

    occurrence_id: object
    promise_id: object
    what: str
    due_at: datetime


@dataclass(frozen=True)
class Waiting:
    """Someone reported keeping a promise to me; my confirmation is wanted."""

    occurrence_id: object
    promise_id: object
    what: str
    author_name: str
    due_at: datetime


@dataclass(frozen=True)
class OpenRepair:
    """An open repair I am in, with its state (plain data) and the names of the others."""

    rupture_id: object
    others: tuple[str, ...]
    state: steps.RepairState


@dataclass(frozen=True)
class ReflectionWaiting:
    """Someone reflected back my side of a rupture and waits for my answer."""

    rupture_id: object
    reflection_id: object
    author_name: str


@dataclass(frozen=True)
class Pause:
    """An open time-out I am one of the two people in."""

    timeout_id: object
    other_name: str
    i_called: bool
    return_at: datetime


@dataclass(frozen=True)
class Answered:
    """One answered occurrence of a promise by me or to me."""

    author_id: object
    recipients: tuple  # member ids the promise was made to (empty when to the circle)
    to_circle: bool
    due_at: datetime
    outcome: str


@dataclass(frozen=True)
class Repaired:
    rupture_id: object
    names: tuple[str, ...]  # the people in it, the viewer left out when in it
    with_me: bool
    repaired_at: datetime


@dataclass(frozen=True)
class Thanks:
    appreciation_id: object
    author_name: str
    to_me: bool
    text: str
    created_at: datetime


@dataclass
class Facts:
    """Everything "today" reads for one member, at one moment."""

    circle_id: object
    member_id: object
    role: str
    status: str
    now: datetime
    names: Mapping = field(default_factory=dict)  # member id → name, for runs
    due: Sequence[Due] = ()  # one more than shown when there are more
    waiting: Sequence[Waiting] = ()
    repairs: Sequence[OpenRepair] = ()
    reflections: Sequence[ReflectionWaiting] = ()
    pauses: Sequence[Pause] = ()
    offers_waiting: int = 0
    plans_to_review: Sequence = ()  # ids of my reach-out plans whose review day has come
    measures_due: int = 0  # questionnaires a professional asked me to answer, due now
    answered: Sequence[Answered] = ()
    apart: frozenset = frozenset()  # members I said I may not be safe with: no joint nudges
    repaired: Sequence[Repaired] = ()
    thanks: Sequence[Thanks] = ()
    has_plans: bool = False
    newcomer: bool = False  # nothing written yet (read only when "today" is otherwise empty)
    alone: bool = False  # nobody else in the circle yet


# --- what the page shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of "today": a sentence, and one way to act on it.

    `post_url` is a one-tap form (e.g. "I kept it") beside the link; `dots` is the small
    picture of a run, oldest first: "kept", "changed" (changed in advance) or "other".
    """

    kind: str
    sentence: str
    url: str
    label: str
    quote: str = ""
    post_url: str = ""
    post_label: str = ""
    dots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Today:
    needs: list[Item]
    celebrate: list[Item]
    reachout: str | None  # "first", "later" or None (see `reachout_place`)
    first_steps: list[Item]  # only for a newcomer with nothing else to show


def is_quiet(facts: Facts) -> bool:
    """Nothing needs the member and nothing to celebrate: the moment to ask if they are new."""
    return not needs_now(facts) and not worth_celebrating(facts)


def today(facts: Facts) -> Today:
    needs = needs_now(facts)
    celebrate = worth_celebrating(facts)
    first = first_steps(facts) if facts.newcomer and not needs and not celebrate else []
    return Today(needs, celebrate, reachout_place(facts.role, facts.status), first)


# --- what needs me now ----------------------------------------------------------------------


def needs_now(facts: Facts) -> list[Item]:
    """In order: answers others wait for, then my own steps, then what is due."""
    return [
        *reflection_items(facts),
        *pause_items(facts),
        *confirm_items(facts),
        *repair_items(facts),
        *due_items(facts),
        *offer_items(facts),
        *measure_items(facts),
    ]


def measure_items(facts: Facts) -> list[Item]:
    if not facts.measures_due:
        return []
    n = facts.measures_due
    return [
        Item(
            "measure",
            ngettext(
                "A short questionnaire is waiting for you. It takes a few minutes.",
                "%(n)s short questionnaires are waiting for you. Each takes a few minutes.",
                n,
            )
            % {"n": n},
            _url("measures:index", facts.circle_id),
            _("Answer it") if n == 1 else _("See them"),
        )
    ]


def _url(name: str, *args) -> str:
    return reverse(name, args=[str(arg) for arg in args])


def _when(moment: datetime, now: datetime) -> str:
    """ "19:00" today, "Sunday 19:00" within a week, a date further away (local time)."""
    local, today_local = timezone.localtime(moment), timezone.localtime(now)
    clock = formats.time_format(local, "TIME_FORMAT")
    if local.date() == today_local.date():
        return clock
    if abs((local.date() - today_local.date()).days) < 7:
        return f"{formats.date_format(local, 'l')} {clock}"
    return formats.date_format(local, "DATE_FORMAT")


def due_items(facts: Facts) -> list[Item]:
    items = []
    for due in list(facts.due)[: SHOWN["due"]]:
        if due.due_at > facts.now:
            sentence = _("“%(what)s” is due by %(when)s.")
        else:
            sentence = _("“%(what)s” was due at %(when)s. How did it go?")
        items.append(
            Item(
                "due",
                sentence % {"what": due.what, "when": _when(due.due_at, facts.now)},
                _url("ledger:promise", facts.circle_id, due.promise_id),
                _("Other choices"),
                post_url=_url("ledger:answer", facts.circle_id, due.occurrence_id, "report_kept"),
                post_label=_("I kept it"),
            )
        )
    if len(facts.due) > SHOWN["due"]:
        items.append(
            Item(
                "due",
                _("More of your promises are open now."),
                _url("ledger:mine", facts.circle_id),
                _("See your promises"),
            )
        )
    return items


def confirm_items(facts: Facts) -> list[Item]:
    items = [
        Item(
            "confirm",
            _("%(name)s says they kept “%(what)s” (%(when)s). Did it happen?")
            % {"name": w.author_name, "what": w.what, "when": _when(w.due_at, facts.now)},
            _url("ledger:answer", facts.circle_id, w.occurrence_id, "dispute"),
            _("That’s not how I saw it"),
            post_url=_url("ledger:answer", facts.circle_id, w.occurrence_id, "confirm"),
            post_label=_("Yes, it happened"),
        )
        for w in list(facts.waiting)[: SHOWN["confirm"]]
    ]
    if len(facts.waiting) > SHOWN["confirm"]:
        items.append(
            Item(
                "confirm",
                _("More kept promises wait for you to confirm them."),
                _url("ledger:mine", facts.circle_id),
                _("See them all"),
            )
        )
    return items


def next_repair_step(state: steps.RepairState, me) -> Step | None:
    """The step I can take now in an open repair; None when it waits on the others (or is done).

    At step 3, reflecting back the others' sides, there is something to do only when
    someone's side is there to reflect and no reflection of mine waits for their answer.
    """
    if state.status != steps.Status.OPEN:
        return None
    step = steps.current_step(state, me)
    if step != Step.OWN:
        return step
    if steps.own_phase(state, me) in (OwnPhase.SIDE, OwnPhase.UNDERSTOOD):
        return step
    for other in state.others(me):
        if (
            other.side
            and not steps.understood(state, me, other.id)
            and not steps.waiting_answer(state, me, other.id)
        ):
            return step
    return None


def _names(names: Sequence[str]) -> str:
    """ "Alex", "Alex and Sam", "Alex, Sam and Jo"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def repair_items(facts: Facts) -> list[Item]:
    items = []
    for repair in facts.repairs:
        step = next_repair_step(repair.state, facts.member_id)
        if step is None:
            continue
        party = repair.state.party(facts.member_id)
        values = {"names": _names(repair.others), "number": int(step)}
        if step == Step.REGULATE and party.regulate == "pausing":
            sentence = _("Your repair with %(names)s waits at step 2 for as long as you need.")
        else:
            sentence = _("Your repair with %(names)s: step %(number)s of 5 is ready when you are.")
        items.append(
            Item(
                "repair",
                sentence % values,
                _url("repair:step", facts.circle_id, repair.rupture_id, int(step)),
                _("Go to step %(number)s") % values,
            )
        )
    return items


def reflection_items(facts: Facts) -> list[Item]:
    return [
        Item(
            "reflection",
            _("%(name)s put your side of a rupture into their own words. Did they understand you?")
            % {"name": r.author_name},
            _url("repair:answer", facts.circle_id, r.rupture_id, r.reflection_id),
            _("Answer %(name)s") % {"name": r.author_name},
        )
        for r in facts.reflections
    ]


def pause_items(facts: Facts) -> list[Item]:
    items = []
    for pause in facts.pauses:
        if facts.now - pause.return_at > timedelta(days=PAUSE_DAYS):
            continue
        values = {"name": pause.other_name, "when": _when(pause.return_at, facts.now)}
        if pause.return_at <= facts.now:
            sentence = _("It’s time to come back together with %(name)s, gently.")
        elif pause.i_called:
            sentence = _("You are taking a pause from %(name)s until %(when)s. Let your body settle first.")
        else:
            sentence = _("%(name)s called a pause until %(when)s. Let your body settle first.")
        items.append(
            Item(
                "pause",
                sentence % values,
                _url("checkins:timeout", facts.circle_id, pause.timeout_id),
                _("Open the pause"),
            )
        )
    return items


def offer_items(facts: Facts) -> list[Item]:
    items = []
    if facts.offers_waiting:
        n = facts.offers_waiting
        items.append(
            Item(
                "offer",
                ngettext(
                    "A sign of change was offered to you as a promise. Taking it on is your choice.",
                    "Signs of change were offered to you as promises. Taking them on is your choice.",
                    n,
                ),
                _url("reachout:offers", facts.circle_id),
                ngettext("%(n)s offer waits for your answer", "%(n)s offers wait for your answer", n)
                % {"n": n},
            )
        )
    for plan_id in facts.plans_to_review:
        items.append(
            Item(
                "plan",
                _("The day you chose to look at your reach-out plan again has come."),
                _url("reachout:plan", facts.circle_id, plan_id),
                _("Open your plan"),
            )
        )
    return items


# --- what is worth celebrating --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The last few answered times of one person's promises toward one other (or the circle)."""

    author_id: object
    toward: object  # a member id, or CIRCLE
    outcomes: tuple[str, ...]  # oldest first

    @property
    def kept(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome in trajectory.RUN_KEEPS)

    @property
    def every_one(self) -> bool:
        return trajectory.recent_run(reversed(self.outcomes)) == len(self.outcomes)

    @property
    def worth_celebrating(self) -> bool:
        """At least three kept, and at least two in three: a low number is never put on show."""
        return self.kept >= RUN_MIN_KEPT and 3 * self.kept >= 2 * len(self.outcomes)


def runs(answered: Iterable[Answered], viewer, *, viewer_is_professional: bool = False) -> list[Run]:
    """My promises toward each person I promised (or the circle), and each person's toward me.

    "The whole circle" means the family, not the professional working with it (as
    `ledger.logic.role_of` says), so a professional sees no run toward them from it.
    """
    by_pair: dict[tuple, list[Answered]] = defaultdict(list)
    for row in answered:
        if row.author_id == viewer:
            keys = [(viewer, CIRCLE)] if row.to_circle else [(viewer, r) for r in row.recipients]
        elif viewer in row.recipients or (row.to_circle and not viewer_is_professional):
            keys = [(row.author_id, viewer)]
        else:
            keys = []
        for key in keys:
            by_pair[key].append(row)
    out = []
    for (author, toward), rows in by_pair.items():
        latest = sorted(rows, key=lambda r: r.due_at)[-RUN_WINDOW:]
        out.append(Run(author, toward, tuple(r.outcome for r in latest)))
    return out


def _dot(outcome: str) -> str:
    if outcome == trajectory.RENEGOTIATED:
        return "changed"
    return "kept" if outcome in trajectory.RUN_KEEPS else "other"


def run_sentence(run: Run, viewer, names: Mapping) -> str:
    values = {"kept": run.kept, "n": len(run.outcomes)}
    if run.author_id == viewer and run.toward == CIRCLE:
        if run.every_one:
            return _("You kept every one of your last %(n)s promises to the circle.") % values
        return _("You kept %(kept)s of your last %(n)s promises to the circle.") % values
    if run.author_id == viewer:
        values["name"] = names.get(run.toward, "")
        if run.every_one:
            return _("You kept every one of your last %(n)s promises to %(name)s.") % values
        return _("You kept %(kept)s of your last %(n)s promises to %(name)s.") % values
    values["name"] = names.get(run.author_id, "")
    if run.every_one:
        return _("%(name)s kept every one of their last %(n)s promises to you.") % values
    return _("%(name)s kept %(kept)s of their last %(n)s promises to you.") % values


def run_items(facts: Facts) -> list[Item]:
    since = facts.now - timedelta(days=RUN_DAYS)
    recent = [a for a in facts.answered if a.due_at >= since]
    found = [
        run
        for run in runs(recent, facts.member_id, viewer_is_professional=facts.role == "professional")
        if run.worth_celebrating
        and not ({run.author_id, run.toward} & facts.apart)
        and (run.toward == CIRCLE or run.toward in facts.names)
        and run.author_id in facts.names
    ]
    found.sort(key=lambda r: (-r.kept / len(r.outcomes), -r.kept))
    items = []
    for run in found[: SHOWN["runs"]]:
        other = run.author_id if run.toward == facts.member_id else run.toward
        url = (
            _url("ledger:mine", facts.circle_id)
            if other == CIRCLE
            else _url("ledger:relationship", facts.circle_id, other)
        )
        items.append(
            Item(
                "run",
                run_sentence(run, facts.member_id, facts.names),
                url,
                _("See how it has gone"),
                dots=tuple(_dot(o) for o in run.outcomes),
            )
        )
    return items


def repaired_items(facts: Facts) -> list[Item]:
    since = facts.now - timedelta(days=REPAIRED_DAYS)
    items = []
    for repair in sorted(facts.repaired, key=lambda r: r.repaired_at, reverse=True):
        if repair.repaired_at < since or len(items) >= SHOWN["repaired"]:
            continue
        values = {
            "names": _names(repair.names),
            "when": formats.date_format(timezone.localtime(repair.repaired_at), "DATE_FORMAT"),
        }
        if repair.with_me:
            sentence = _(
                "You and %(names)s repaired a rupture on %(when)s. That took courage from all of you."
            )
        else:
            sentence = _("%(names)s repaired a rupture on %(when)s.")
        items.append(
            Item(
                "repaired",
                sentence % values,
                _url("repair:detail", facts.circle_id, repair.rupture_id),
                _("Read the summary"),
            )
        )
    return items


def thanks_items(facts: Facts) -> list[Item]:
    since = facts.now - timedelta(days=THANKS_DAYS)
    recent = sorted(
        (t for t in facts.thanks if t.created_at >= since),
        key=lambda t: (not t.to_me, -t.created_at.timestamp()),
    )
    return [
        Item(
            "thanks",
            (_("%(name)s thanked you.") if t.to_me else _("%(name)s thanked the circle."))
            % {"name": t.author_name},
            _url("appreciations:detail", facts.circle_id, t.appreciation_id),
            _("Read it"),
            quote=Truncator(t.text).words(20),
        )
        for t in recent[: SHOWN["thanks"]]
    ]


def worth_celebrating(facts: Facts) -> list[Item]:
    return [*repaired_items(facts), *thanks_items(facts), *run_items(facts)]


# --- the reach-out guide and the first steps -----------------------------------------------


def reachout_place(role: str, status: str) -> str | None:
    """Where the circle home offers the "they reached out" guide.

    The guide is for a loved one being contacted again by someone who was using (PRODUCT.md,
    E): near the top for one who has stepped away, lower down for other loved ones, and
    not on the home of the person in recovery or of the professional (it stays in the
    reach-out pages for anyone who looks for it).
    """
    if role not in LOVED_ONES:
        return None
    return "first" if status == STEPPED_AWAY else "later"


def first_steps(facts: Facts) -> list[Item]:
    """For a newcomer with nothing yet: one or two small first things, fitting their role."""
    c = facts.circle_id
    items = []
    if facts.alone:
        items.append(
            Item(
                "first",
                _("Invite the people you want in this circle. You choose who sees each thing you write."),
                _url("circles:members", c),
                _("Invite someone"),
            )
        )
    role_step = _first_for_role(facts)
    if role_step is not None:
        items.append(role_step)
    items.append(
        Item(
            "first",
            _("Check in with yourself: how is your body right now?"),
            _url("checkins:new", c),
            _("Check in"),
        )
    )
    return items


def _first_for_role(facts: Facts) -> Item | None:
    c = facts.circle_id
    if facts.role == "professional":
        return Item(
            "first",
            _("Each person decides what you may see. Their entries reach you once they say yes."),
            _url("circles:members", c),
            _("See the people in this circle"),
        )
    if facts.status == STEPPED_AWAY:
        return None  # someone who set a boundary is not asked to reach toward anyone
    if facts.role == "recovery":
        return Item(
            "first",
            _(
                "Start with one small promise you can keep this week. Small and steady is how trust grows back."
            ),
            _url("ledger:new", c),
            _("Make a small promise"),
        )
    return Item(
        "first",
        _("Start with a few words of thanks for something small you noticed."),
        _url("appreciations:new", c),
        _("Write a few words of thanks"),
    )
