"""Play the demo family's four months (mend/demo_story.py) through the apps' own logic.

Every entry is made by the function a page would call (`ledger.logic.answer`,
`checkins.logic.record_checkin`, `repair.logic.take_step`, …), so history rows, sealed
text, audiences and notifications are what the product itself writes. To make them at
the right moment, the demo moves the clock: `Clock` makes `django.utils.timezone.now`
(and every model field defaulting to it) answer the story's time while the demo is
built, the way time-machine does in the tests (a test-only dependency, so not used here).
The clock is the whole process's, so the demo is only ever built by `manage.py demo`
and by tests, never inside a serving process.
Events are played in time order from one queue (`Timeline`); nothing after the real
"now" is played, so the latest promises are still open and the newest repair is still
going when a newcomer logs in.
"""

from __future__ import annotations

import heapq
import random
import zoneinfo
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import F
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins import logic as checkins
from checkins.logic import CheckInData, CravingData
from checkins.vocabulary import GROUP_OF
from circles.audience.models import Audience
from circles.consent import logic as consent
from circles.consent.categories import Category
from circles.models import Member
from ledger import logic as ledger
from ledger.models import Occurrence, Outcome, Promise
from ledger.rules.schedule import Rule
from measures import logic as measures
from measures.models import Schedule
from mend import demo_story as story
from notifications.models import Kind, Notification
from phrases import logic as phrases
from practices import logic as practices
from practices.models import Practice
from reachout import logic as reachout
from reachout.models import Offer, Plan
from repair import logic as repair
from repair.models import Reflection, Rupture
from repair.rules.steps import Action
from workspace import logic as workspace

ZONE = zoneinfo.ZoneInfo(story.TIME_ZONE)
SEED = 20260414


class Clock:
    """While installed, `timezone.now()` and `default=timezone.now` answer `self.moment`."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    @contextmanager
    def installed(self):
        real = timezone.now
        fields = [
            f
            for model in apps.get_models()
            for f in model._meta.concrete_fields
            if getattr(f, "default", None) is real
        ]
        timezone.now = self.now
        for f in fields:
            f.default = self.now
            f.__dict__.pop("_get_default", None)  # Django caches the default's callable
        try:
            yield self
        finally:
            timezone.now = real
            for f in fields:
                f.default = real
                f.__dict__.pop("_get_default", None)


@dataclass(order=True)
class _Event:
    at: datetime
    seq: int
    act: Callable = field(compare=False)


class Timeline:
    """Acts to play in time order; an act may add later acts. Acts after `until` never happen."""

    def __init__(self, clock: Clock, until: datetime):
        self.clock, self.until, self._queue, self._seq = clock, until, [], 0

    def at(self, moment: datetime, act: Callable) -> None:
        if moment < self.until:
            self._seq += 1
            heapq.heappush(self._queue, _Event(moment, self._seq, act))

    def play(self) -> None:
        while self._queue:
            event = heapq.heappop(self._queue)
            self.clock.moment = event.at
            event.act()


def local(days_ago: int, at: time, now: datetime) -> datetime:
    """A wall-clock time in the family's time zone, `days_ago` days before `now`."""
    day = now.astimezone(ZONE).date() - timedelta(days=days_ago)
    return datetime.combine(day, at, tzinfo=ZONE)


def hour(days_ago: int, h: int, now: datetime, minute: int = 0) -> datetime:
    return local(days_ago, time(h, minute), now)


class Family:
    """The demo people as members, with the story's history played onto them.

    With a `practice` (and the members' `passwords`, typed again to sign a consent), its
    first professional joins the circle as the story's THERAPIST; `self.pro` is her
    membership from then on (never among `self.m`: she keeps no promises and checks in
    with nobody).
    """

    def __init__(
        self,
        members: dict[str, Member],
        now: datetime,
        practice: Practice | None = None,
        passwords: dict[str, str] | None = None,
    ):
        self.m, self.now = members, now
        self.practice, self.passwords = practice, passwords or {}
        self.pro: Member | None = None
        # {member key: categories of their consent}, from the moment they sign.
        self.consented: dict[str, set] = {}
        self.rng = random.Random(SEED)
        self.lucks: dict[str, random.Random] = {}
        self.clock = Clock(now)
        self.timeline = Timeline(self.clock, now)
        self.promises: list[tuple[Promise, story.PromiseStory, datetime]] = []
        self.planned: set = set()
        self.used: set = set()
        self.plan: Plan | None = None

    def lang(self, key: str) -> str:
        return self.m[key].user.language

    def members(self, keys) -> list[Member]:
        return [self.m[k] for k in keys]

    def progress(self, moment: datetime) -> float:
        """0 at the start of the story, 1 now: how far along the family is."""
        start = self.now - timedelta(days=story.DAYS)
        return min(1.0, max(0.0, (moment - start) / (self.now - start)))

    def build(self) -> None:
        with self.clock.installed():
            self._schedule()
            self.timeline.play()
            self.clock.moment = self.now
            for promise, _s, _start in self.promises:
                promise.refresh_from_db()
                ledger.lay_out(promise, now=self.now)
        self._settle_notifications()

    def _schedule(self) -> None:
        for s in story.PROMISES:
            self.timeline.at(local(s.start, time(8, 0), self.now), lambda s=s: self._make_promise(s))
        # The ledger's job lays promises out a day ahead; the demo lays a week ahead at a
        # time (far fewer calls, the same rows) until the last week, which goes day by day
        # so that nothing beyond tomorrow exists when the demo is done.
        for days_ago in range(story.DAYS, 8, -7):
            self.timeline.at(local(days_ago, time(0, 30), self.now), lambda: self._lay_out_all(7))
        for days_ago in range(8, -1, -1):
            self.timeline.at(local(days_ago, time(0, 30), self.now), lambda: self._lay_out_all(1))
        self._schedule_checkins()
        for item in story.MOMENTS:
            self._schedule_moment(*item)
        for item in story.APPRECIATIONS:
            self._schedule_appreciation(*item)
        for item in story.TIMEOUTS:
            self._schedule_timeout(*item)
        for rupture in story.RUPTURES:
            self._schedule_rupture(rupture)
        self._schedule_plan()
        self.timeline.at(local(story.DAYS, time(9, 0), self.now), self._phrases_and_support)
        if self.practice is not None:
            self._schedule_therapist()

    # --- the trust ledger ------------------------------------------------------------------

    def _rule(self, s: story.PromiseStory, starts_on: date) -> Rule:
        return Rule(
            s.frequency,
            s.due,
            story.TIME_ZONE,
            starts_on,
            weekdays=s.weekdays,
            times_per_week=s.times_per_week,
        )

    def _make_promise(self, s: story.PromiseStory) -> None:
        promise = ledger.make_promise(
            self.m[s.author],
            s.what,
            recipients=self.members(s.to),
            to_circle=s.to_circle,
            rule=self._rule(s, self.clock.moment.astimezone(ZONE).date()),
            audience=s.audience,
            chosen=self.members(s.chosen),
            professional_may_see=self._shares(s.author, Category.PROMISES),
        )
        self._follow(promise, s)
        if s.end is not None:
            self.timeline.at(local(s.end, time(9, 0), self.now), lambda: ledger.end(promise))
        if s.pause is not None:
            first, last, reason = s.pause
            self.timeline.at(local(first, time(9, 0), self.now), lambda: ledger.pause(promise, reason))
            self.timeline.at(local(last, time(9, 0), self.now), lambda: self._resume(promise, s))

    def _follow(self, promise: Promise, s: story.PromiseStory) -> None:
        """From now on, the ledger's day job lays this promise out and its people answer it."""
        self.promises.append((promise, s, self.clock.moment))
        self._lay_out_one(promise, s, self._ahead())

    def _resume(self, promise: Promise, s: story.PromiseStory) -> None:
        ledger.resume(promise)
        self._lay_out_one(promise, s, self._ahead())

    def _ahead(self) -> int:
        """Days to lay out ahead now: to the next weekly run, or one day in the last week."""
        return 8 if self.clock.moment < self.now - timedelta(days=9) else 1

    def _lay_out_all(self, days_ahead: int) -> None:
        for promise, s, _start in self.promises:
            promise.refresh_from_db(fields=["state"])
            self._lay_out_one(promise, s, days_ahead)

    def _lay_out_one(self, promise: Promise, s: story.PromiseStory, days_ahead: int = 1) -> None:
        ledger.lay_out(promise, days_ahead=days_ahead)
        pending = promise.occurrences.filter(outcome=Outcome.PENDING).order_by("due_at", "slot")
        for occurrence in pending:
            if occurrence.pk not in self.planned:
                self.planned.add(occurrence.pk)
                self._plan_fate(occurrence, promise, s)

    def _plan_fate(self, occ: Occurrence, promise: Promise, s: story.PromiseStory) -> None:
        """Decide how this occurrence ends, and put each person's answer on the timeline."""
        rng, due, p = self._luck(s), occ.due_at, self.progress(occ.due_at)
        occ.promise = promise
        author = self.m[s.author]
        others = self.members(s.to) or [m for k, m in self.m.items() if k != s.author]
        confirmer = rng.choice(others)
        created = self.clock.moment
        days_ago = (self.now.astimezone(ZONE).date() - occ.due_date).days
        fate = self._scripted(s, days_ago)
        roll = rng.random()
        kept = s.kept[0] + (s.kept[1] - s.kept[0]) * p
        lang = self.lang(s.author)

        def act(action, who, note="", moment=None):
            self.timeline.at(moment, lambda: self._answer(occ, action, who, note))

        if fate is None and days_ago < s.waiting:
            # Reported kept, and the other person has not answered yet: it waits for them.
            act(
                "report_kept",
                author,
                moment=max(created + timedelta(minutes=30), due - timedelta(minutes=40)),
            )
        elif fate == "dispute":
            act("report_kept", author, moment=due - timedelta(minutes=20))
            act("dispute", confirmer, story.DISPUTE_NOTE, due + timedelta(minutes=50))
            act("own_miss", author, story.DISPUTE_OWN_NOTE, due + timedelta(hours=11))
        elif roll < kept:
            report = max(created + timedelta(minutes=30), due - timedelta(minutes=rng.randint(5, 150)))
            act("report_kept", author, moment=report)
            if rng.random() < s.confirmed:
                act("confirm", confirmer, moment=due + timedelta(hours=rng.randint(1, 20)))
        elif roll < kept + 0.05 and due - created > timedelta(hours=4):
            moment = max(created + timedelta(minutes=30), due - timedelta(hours=rng.randint(2, 10)))
            act("renegotiate", author, rng.choice(story.RENEGOTIATE_NOTES[lang]), moment)
        else:
            owned = rng.random() < s.owned[0] + (s.owned[1] - s.owned[0]) * p
            note = rng.choice(story.OWN_NOTES[lang])
            if owned and rng.random() < 0.6:
                act("own_miss", author, note, due + timedelta(hours=rng.randint(1, 6)))
            else:
                act("mark_missed", None, moment=due + ledger.grace() + timedelta(minutes=5))
                if owned:
                    act("own_miss", author, note, due + ledger.grace() + timedelta(hours=rng.randint(1, 8)))

    def _luck(self, s: story.PromiseStory) -> random.Random:
        if not s.own_luck:
            return self.rng
        return self.lucks.setdefault(s.key, random.Random(f"{SEED}-{s.key}"))

    def _scripted(self, s: story.PromiseStory, days_ago: int) -> str | None:
        """A fixed fate for the first occurrence on or after the story's day (weekdays move with "now")."""
        for day, fate in s.scripted.items():
            if days_ago <= day and (s.key, day) not in self.used:
                self.used.add((s.key, day))
                return fate
        return None

    @staticmethod
    def _answer(occ: Occurrence, action: str, who: Member | None, note: str) -> None:
        # A pause or an end drops what had not fallen due yet; nobody answers those.
        if Occurrence.objects.filter(pk=occ.pk).exists():
            ledger.answer(occ, action, who, note)

    # --- check-ins -------------------------------------------------------------------------

    def _schedule_checkins(self) -> None:
        for key, s in story.CHECKINS.items():
            rng = random.Random(f"{SEED}-{key}")
            for days_ago in range(story.DAYS, -1, -1):
                roll = rng.random()
                if days_ago in story.CHECKIN_DAYS or roll < s.per_week / 7:
                    moment = hour(days_ago, 20, self.now, rng.randint(0, 59)) + timedelta(
                        minutes=rng.randint(0, 150)
                    )
                    data = self._checkin_data(key, s, days_ago, rng)
                    self.timeline.at(moment, lambda key=key, d=data: self._check_in(key, *d))

    def _checkin_data(self, key: str, s: story.CheckInStory, days_ago: int, rng: random.Random):
        p = 1 - days_ago / story.DAYS
        late = rng.random() < p

        def pick(early, later):
            return later if late else early

        feelings = {}
        for name in rng.sample(pick(s.feelings_early, s.feelings_late), rng.randint(1, 3)):
            # Hard feelings ease and glad ones grow as the months go by, never in a straight line.
            level = 2 + 2 * p if GROUP_OF[name] in ("glad", "calm") else 4 - 1.5 * p
            feelings[name] = max(1, min(5, round(level + rng.uniform(-0.8, 0.8))))
        body = rng.sample(pick(s.body_early, s.body_late), rng.randint(1, 2))
        urges = rng.sample(pick(s.urges_early, s.urges_late), rng.randint(0, 1))
        connections = {}
        for other, (lo, hi) in s.connection.items():
            score = lo + (hi - lo) * p + rng.uniform(-0.7, 0.7)
            if key == "jordan" and other == "sam" and days_ago <= story.DIP_DAYS:
                score -= 1.5
            connections[other] = max(1, min(5, round(score)))
        note = rng.choice(s.notes) if s.notes and rng.random() < 0.3 else ""
        craving = None
        if s.cravings is not None:
            lo, hi = s.cravings
            level = max(0, min(10, round(lo + (hi - lo) * p + rng.uniform(-1.5, 1.5))))
            craving = (level, s.cravings_chosen)
        state = rng.choice(pick(s.states_early, s.states_late))
        audience, chosen = s.audience, s.chosen
        if key == "jordan" and days_ago <= story.JORDAN_SHARES_FROM and rng.random() < 0.7:
            audience = "circle"
        return state, feelings, body, urges, connections, note, craving, audience, chosen

    def _check_in(self, key, state, feelings, body, urges, connections, note, craving, audience, chosen):
        data = CheckInData(
            state=state,
            feelings=feelings,
            sensations=body,
            urges=urges,
            connections={self.m[k]: v for k, v in connections.items()},
            note=note,
        )
        cravings = None
        if craving is not None:
            level, craving_chosen = craving
            cravings = CravingData(level=level, audience="chosen", chosen=self.members(craving_chosen))
        checkins.record_checkin(
            self.m[key],
            data,
            audience=audience,
            chosen=self.members(chosen),
            professional_may_see=self._shares(key, Category.CHECKINS),
            craving=cravings,
        )

    # --- small moments, appreciations, time-outs ----------------------------------------------

    def _schedule_moment(self, days_ago, author, about, kind, note, audience, chosen) -> None:
        def act():
            custom = note if kind == "custom" else ""
            ledger.note_moment(
                self.m[author],
                self.m[about],
                kind,
                custom_kind=custom,
                note="" if custom else note,
                audience=audience,
                chosen=self.members(chosen),
                professional_may_see=self._shares(author, Category.MOMENTS),
            )

        self.timeline.at(hour(days_ago, 19, self.now, 15), act)

    def _schedule_appreciation(self, days_ago, author, to, audience, chosen, text) -> None:
        def act():
            record_appreciation(
                self.m[author],
                text,
                self.m[to] if to else None,
                audience,
                self.members(chosen),
                professional_may_see=self._shares(author, Category.APPRECIATIONS),
            )

        self.timeline.at(hour(days_ago, 10 + days_ago % 9, self.now), act)

    def _schedule_timeout(self, days_ago, at, caller, other, minutes, tool, reason, share, back) -> None:
        called = hour(days_ago, at, self.now)
        holder = {}

        def call():
            holder["t"] = checkins.call_timeout(
                self.m[caller], self.m[other], minutes, tool=tool, reason=reason, share_reason=share
            )

        def come_back(who):
            return lambda: checkins.come_back(holder["t"], self.m[who])

        self.timeline.at(called, call)
        self.timeline.at(called + timedelta(minutes=back), come_back(caller))
        self.timeline.at(called + timedelta(minutes=back + 3), come_back(other))
        self.timeline.at(
            called + timedelta(minutes=back + 40), lambda: checkins.finish(holder["t"], self.m[caller])
        )

    # --- ruptures and repair ---------------------------------------------------------------

    def _schedule_rupture(self, r: dict) -> None:
        holder = {}
        for days_ago, h, who, action, fields in r["steps"]:
            moment = hour(days_ago, h, self.now, 5 if action != "log" else 0)
            self.timeline.at(moment, lambda w=who, a=action, f=fields: self._repair_act(r, holder, w, a, f))

    def _repair_act(self, r: dict, holder: dict, who: str, action: str, fields: dict) -> None:
        member = self.m[who]
        if action == "log":
            data = repair.RuptureData(
                what=r["what"],
                happened_at=hour(r["happened"], 18, self.now),
                size=r["size"],
                signs=r["signs"],
                others=self.members(r["with"]),
            )
            holder["r"] = repair.log_rupture(
                member,
                data,
                r["audience"],
                self.members(r.get("chosen", ())),
                professional_may_see=self._shares(who, Category.REPAIR),
            )
            return
        rupture = holder["r"]
        rupture.refresh_from_db()
        if action == "reflect":
            repair.reflect(member, rupture, self.m[fields["about"]], fields["text"])
        elif action == "answer":
            latest = Reflection.objects.filter(
                rupture=rupture, author=self.m[fields["of"]], about=member
            ).last()
            repair.answer_reflection(member, latest, fields["answer"], fields.get("missed", ""))
        else:
            promises = []
            if "promise" in fields:
                s = story.REPAIR_PROMISES[fields["promise"]]
                today = self.clock.moment.astimezone(ZONE).date() + timedelta(days=1)
                promises = [repair.NewPromise(s.what, self._rule(s, today))]
            row = repair.take_step(
                member,
                rupture,
                Action(action),
                text=fields.get("text", ""),
                more=fields.get("more", ""),
                choices=fields.get("choices", ()),
                promises=promises,
            )
            for promise in row.promises.all():
                self._follow(promise, story.REPAIR_PROMISES[fields["promise"]])

    # --- the reach-out plan ----------------------------------------------------------------

    def _schedule_plan(self) -> None:
        p = story.PLAN
        maria, sam = self.m["maria"], self.m["sam"]
        at = self.timeline.at

        def start():
            self.plan = reachout.start_plan(
                maria, returning_member=sam, how_reached=p["how_reached"], what_they_said=p["what_they_said"]
            )

        def think():
            reachout.save_answers(self.plan, "ask_yourself", p["ask_yourself"], reachout.rules.ASK_YOURSELF)
            reachout.remember_step(self.plan, "ask_them")

        def ask_them():
            reachout.save_answers(self.plan, "their_answers", p["their_answers"], reachout.rules.ASK_THEM)
            reachout.save_checklist(self.plan, p["checklist"])
            reachout.save_fields(
                self.plan,
                **{
                    k: p[k]
                    for k in ("conditions", "boundaries", "expectations", "support", "signs_of_change")
                },
                reply_draft=p["reply_draft"],
            )
            reachout.remember_step(self.plan, "decide")

        at(hour(p["started"], 23, self.now), start)
        at(hour(p["started"] - 1, 9, self.now), think)
        at(hour(p["started"] - 4, 21, self.now), ask_them)
        for days_ago, decision, note in p["decisions"]:
            at(hour(days_ago, 22, self.now), lambda d=decision, n=note: reachout.decide(self.plan, d, n))

        def share():
            reachout.share(self.plan, "circle")
            review = self.now.astimezone(ZONE).date() + timedelta(days=p["review_in_days"])
            reachout.save_fields(self.plan, review_on=review)

        at(hour(p["shared"], 22, self.now, 30), share)
        for offered, what, weekday, h, accepted in p["offers"]:
            holder = {}

            def offer(what=what, weekday=weekday, h=h, holder=holder):
                holder["o"] = reachout.make_offer(
                    self.plan, what, frequency="weekdays", weekday=weekday, due_time=time(h, 0)
                )

            at(hour(offered, 21, self.now), offer)
            if accepted is not None:

                def accept(holder=holder):
                    promise = reachout.accept_offer(holder["o"], sam)
                    self._follow(promise, story.OFFER_ACCEPTED)

                at(hour(accepted, 8, self.now), accept)

    def _phrases_and_support(self) -> None:
        for key, (own, favourites) in story.PHRASES.items():
            member = self.m[key]
            for i, (purpose, text) in enumerate(own):
                phrase = phrases.add_own(member, text, purpose)
                if i == 0:  # the phrase they wrote first is the one they reach for
                    phrases.set_favourite(member, str(phrase.pk))
            for builtin in favourites:
                phrases.set_favourite(member, builtin)
        for owner, member, name, reach in story.SUPPORT_PEOPLE:
            reachout.add_support_person(
                self.m[owner], member=self.m[member] if member else None, name=name, reach=reach
            )

    # --- the family's therapist ------------------------------------------------------------

    def _shares(self, key: str, category: str) -> bool:
        """Whether `key` shares what they write now with the therapist: once they have
        consented to its category (the per-entry flag; "only me" stays private anyway)."""
        return category in self.consented.get(key, ())

    def _schedule_therapist(self) -> None:
        t, at = story.THERAPIST, self.timeline.at
        place = self.practice.practitioners.current().get()
        holder = {}

        def ask():
            holder["request"] = practices.ask_for_help(
                self.m[t["asker"]],
                self.practice,
                name=self.m[t["asker"]].name,
                reason=t["reason"],
                contact=t["contact"],
                languages=t["languages"],
                time_zone=story.TIME_ZONE,
            )

        def answer():
            practices.reply(place, holder["request"], t["reply"])
            # The asker is an owner: the practice's invitation is the family's yes.
            holder["proposal"] = practices.propose(place, holder["request"], place)

        def join():
            self.pro = practices.join_circle(place, holder["proposal"])

        at(hour(t["asked"], 21, self.now, 10), ask)
        at(hour(t["answered"], 9, self.now, 40), answer)
        at(hour(t["joined"], 18, self.now, 55), join)
        for key, days_ago, h, scopes, alerts in story.CONSENTS:
            at(hour(days_ago, h, self.now, 30), lambda k=key, s=scopes, a=alerts: self._consent(k, s, a))
        for days_ago, h in t["opened"]:
            at(hour(days_ago, h, self.now, 45), self._open_workspace)
        self._schedule_questionnaires()

    def _schedule_questionnaires(self) -> None:
        at, holder = self.timeline.at, {}

        def assign():
            holder["phq9"] = measures.assign(
                self.pro, self.m["sam"], "phq9", Schedule.FORTNIGHTLY, first_due=self.clock.moment
            )

        def phq9(answers):
            holder["phq9"].refresh_from_db()
            measures.take(
                self.m["sam"],
                "phq9",
                dict(enumerate(answers, start=1)),
                Audience.CHOSEN,
                chosen=[self.m["alex"]],
                professional_may_see=True,
                assignment=holder["phq9"],
            )

        def csi4(key, answers):
            other = self.m["alex" if key == "sam" else "sam"]
            measures.take(
                self.m[key], "csi4", dict(enumerate(answers, start=1)), Audience.CHOSEN, chosen=[other]
            )

        at(hour(story.PHQ9_ASSIGNED, 18, self.now, 5), assign)
        for days_ago, h, answers in story.PHQ9:
            at(hour(days_ago, h, self.now, 15), lambda a=answers: phq9(a))
        for key, days_ago, h, answers in story.CSI4:
            at(hour(days_ago, h, self.now, 20), lambda k=key, a=answers: csi4(k, a))

    def _consent(self, key: str, scopes: dict, safety_alerts: bool) -> None:
        member = self.m[key]
        choices = consent.ConsentChoices(
            recipients=(self.pro,),
            scopes=scopes,
            expires_on=consent.default_expiry(member),
            safety_alerts=safety_alerts,
            language=self.lang(key),
        )
        consent.sign(member, choices, self.passwords[key])
        self.consented[key] = set(scopes)

    def _open_workspace(self) -> None:
        """Lena reads her caseload, then the family's page: the access log is written as
        the pages write it."""
        moment = self.clock.moment
        workspace.show_caseload(self.pro.user, moment)
        workspace.show_circle(self.pro, moment)

    # --- notifications -----------------------------------------------------------------------

    def _settle_notifications(self) -> None:
        """What people already opened is read; history is not e-mailed again when the demo runs.

        The notifications were made by the logic that sent them, named (`by=`, `about=`),
        gathered when they were about one thing, and read where the person acted on the
        thing (`mark_done`). What is left unread is news nobody acted on: the person opened
        it long ago, so it is read, unless its thing still waits for them (a confirmation
        from this week, a repair still going, an offer not yet answered) or it is from the
        last two days. Nothing is queued to be e-mailed (the demo addresses are not real).
        """
        circle_id = next(iter(self.m.values())).circle_id
        ours = Notification.objects.filter(circle_id=circle_id)
        for member in self.m.values():
            unread = ours.filter(user_id=member.user_id, read_at__isnull=True)
            waiting = [n.pk for n in unread if self._still_waits(n, member)]
            unread.exclude(pk__in=waiting).update(read_at=F("created_at") + timedelta(hours=3))
        if self.pro is not None:
            # The therapist's news (a request, an invitation, consents given) is old: read.
            theirs = Notification.objects.filter(user_id=self.pro.user_id)
            theirs.filter(read_at__isnull=True, created_at__lt=self.now - timedelta(days=2)).update(
                read_at=F("created_at") + timedelta(hours=3)
            )
            ours = ours | theirs
        # Read "three hours later" never lies in the future.
        ours.filter(read_at__gt=self.now).update(read_at=self.now)
        ours.filter(emailed_at__isnull=True).update(email_due_at=None)

    def _still_waits(self, notification: Notification, member: Member) -> bool:
        """Whether the thing this news is about still waits for `member` to act."""
        if notification.created_at >= self.now - timedelta(days=2):
            return True
        target, kind = notification.target_id, notification.kind
        if kind == Kind.CONFIRM_WAITING:
            return Occurrence.objects.filter(
                promise_id=target, outcome=Outcome.KEPT, due_at__gte=self.now - timedelta(days=8)
            ).exists()
        if kind in (Kind.REPAIR_INVITED, Kind.REPAIR_STEP):
            return Rupture.objects.filter(pk=target, status=Rupture.Status.OPEN).exists()
        if kind == Kind.OFFER_MADE:
            return Offer.objects.filter(plan_id=target, to_member=member, state=Offer.State.OFFERED).exists()
        return False
