"""The whole Audience rule at the queryset level: `visible_to` against `policy.may_see`.

One family is built once, on a controlled clock, and every kind of entry is written in
every audience × professional flag × timing (before anyone stepped away, re-shared
while some had stepped away, written while its author had stepped away, and re-shared
after the author came back). Then, for every viewer (every role × status × step-away
timing, the author, an outsider; and professionals under every state of consent: with
the author's consent, without it (another member's does not count), with consent for
another category only, trends only, expired, revoked, replaced by a narrower version,
signed later with no history before, and signed later with history chosen), the ids
`visible_to` returns are compared with the ids the plain-data policy allows: one query
per viewer and kind, one assertion per kind that names every viewer and entry that
differ. `counted_for` (what trends are computed from) is compared the same way.

A rupture the author logs with another person in recovery may be about that person's
use: a professional sees it only when that person also consented to "cravings".

What a page or endpoint does with `visible_to` is checked through HTTP in
test_audience_http.py and tests/test_route_guard.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

import pytest
from django.apps import apps

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from checkins import logic as checkin_logic
from checkins.logic import CheckInData, CravingData, record_checkin
from checkins.models import CheckIn, Craving, TimeOut
from circles import logic
from circles.audience import Audience, AudienceEntry
from circles.audience.policy import counted_for, may_see
from circles.consent import logic as consent_logic
from circles.consent.categories import Category, Level
from circles.models import Member
from circles.tests.audience_cases import entry_facts, viewer_facts
from ledger.logic import make_promise, note_moment
from ledger.models import Occurrence, Promise, SmallMoment
from ledger.rules.schedule import Rule
from measures import logic as measures_logic
from measures.models import Response
from reachout import logic as reachout_logic
from reachout.models import Plan
from repair import logic as repair_logic
from repair.models import Reflection, RepairStep, Rupture
from repair.rules.steps import Action
from tests.support import PASSWORD, consent, give_totp, join, make_user

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

# How a viewer's membership unfolds around the moments entries are written.
TIMINGS = [
    "active",
    "paused",
    "away_now",  # stepped away before the main entries and still away
    "away_back",  # stepped away and came back before the main entries
    "away_during",  # stepped away before the main entries, back after them
    "away_after",  # stepped away only after every entry was written
    "removed",  # removed by the owner after every entry was written
    "left",  # left by themselves after every entry was written
    "newcomer",  # joined after every entry was written
]
AUDIENCES = ["only_me", "chosen_even", "chosen_odd", "circle"]
# When an entry was written and its audience last chosen (see `test_visible_to_matches_the_policy`).
GROUPS = ["early", "early_reshared", "main", "author_away", "author_away_reshared"]


@dataclass
class Kind:
    """One kind of entry: how to make it in a given audience, and what decides who sees it."""

    name: str
    model: type
    make: Callable  # (family, audience, chosen, pro_flag) -> entry
    governed_by: Callable = lambda e: e
    also_needs: Callable | None = None  # another entry the viewer must also be allowed to see
    never_professional: bool = False

    def facts(self, entry) -> list:
        """What the policy needs: the governing entry's facts, and those of the one it also needs."""
        facts = entry_facts(self.governed_by(entry))
        if self.never_professional:
            facts = replace(facts, professional_may_see=False)
        if self.also_needs is None:
            return [facts]
        return [facts, entry_facts(self.also_needs(entry))]


def _daily():
    from django.utils import timezone

    return Rule("daily", time(23, 59), "UTC", timezone.now().date())


def _promise(f, audience, chosen, pro):
    return make_promise(
        f.author,
        "Call",
        recipients=[f.party],
        rule=_daily(),
        audience=audience,
        chosen=chosen,
        professional_may_see=pro,
    )


def _rupture(f, audience, chosen, pro):
    from django.utils import timezone

    data = repair_logic.RuptureData(
        what="It happened",
        happened_at=timezone.now() - timedelta(hours=1),
        size="small",
        signs=["withdrawal"],
        others=[f.party],
    )
    return repair_logic.log_rupture(f.author, data, audience, chosen, pro)


def _rupture_with_author(f, audience, chosen, pro):
    """Logged with another person in recovery: it may be about their use."""
    from django.utils import timezone

    data = repair_logic.RuptureData(
        what="It happened again",
        happened_at=timezone.now() - timedelta(hours=1),
        size="medium",
        signs=["relapse"],
        others=[f.recovering],
    )
    return repair_logic.log_rupture(f.author, data, audience, chosen, pro)


def _step(f, audience, chosen, pro):
    rupture = _rupture(f, audience, chosen, pro)
    return repair_logic.take_step(
        f.author,
        rupture,
        Action.RECOGNISE,
        text="I noticed",
        audience=audience,
        chosen=chosen,
        professional_may_see=pro,
    )


def _reflection(f, audience, chosen, pro):
    rupture = _rupture(f, audience, chosen, pro)
    for person in (f.author, f.party):
        repair_logic.take_step(person, rupture, Action.RECOGNISE, text="noticed", choices=["pulling_away"])
        repair_logic.take_step(person, rupture, Action.SETTLED)
        repair_logic.take_step(person, rupture, Action.SIDE, text="my side")
    reflection = repair_logic.reflect(f.author, rupture, f.party, "I heard you")
    repair_logic.share_with_parties(reflection, list(rupture.parties.all()), audience, chosen, pro)
    return reflection


def _timeout(f, audience, chosen, pro):
    timeout = checkin_logic.call_timeout(f.author, f.party, 20)
    timeout.set_audience(audience, chosen, pro)
    return timeout


def _plan(f, audience, chosen, pro):
    plan = reachout_logic.start_plan(f.author, returning_name="Sam")
    reachout_logic.share(plan, audience, chosen, pro)
    return plan


def _craving(f, audience, chosen, pro):
    craving = CravingData(level=7, used=True, audience=audience, chosen=chosen)
    data = CheckInData(state="settled", note="a long day")
    return record_checkin(
        f.author, data, audience=Audience.CIRCLE, professional_may_see=pro, craving=craving
    ).craving


KINDS = [
    Kind(
        "appreciation",
        Appreciation,
        lambda f, a, c, p: record_appreciation(f.author, "Thanks", None, a, c, p),
    ),
    Kind("promise", Promise, _promise),
    Kind(
        "occurrence",
        Occurrence,
        lambda f, a, c, p: _promise(f, a, c, p).occurrences.select_related("promise").first(),
        governed_by=lambda e: e.promise,
    ),
    Kind(
        "small moment",
        SmallMoment,
        lambda f, a, c, p: note_moment(
            f.author, f.party, "calm", note="Calm", audience=a, chosen=c, professional_may_see=p
        ),
    ),
    Kind(
        "check-in",
        CheckIn,
        lambda f, a, c, p: record_checkin(
            f.author, CheckInData(state="settled"), audience=a, chosen=c, professional_may_see=p
        ),
    ),
    Kind("cravings", Craving, _craving, also_needs=lambda e: e.checkin, never_professional=True),
    Kind("time-out", TimeOut, _timeout),
    Kind("rupture", Rupture, _rupture),
    Kind("rupture about another's use", Rupture, _rupture_with_author),
    Kind("repair step", RepairStep, _step, also_needs=lambda e: e.rupture),
    Kind("reflection", Reflection, _reflection, also_needs=lambda e: e.rupture),
    Kind("reach-out plan", Plan, _plan),
    Kind(
        "questionnaire result",
        Response,
        lambda f, a, c, p: measures_logic.take(f.author, "gad7", dict.fromkeys(range(1, 8), 1), a, c, p),
    ),
]


class Family:
    """The circle, its author (the person in recovery), a party to repairs, and every viewer."""


# Professionals under each state of consent (besides "professional/<timing>", whom the
# author and the party consent to, every category as entries, cravings included).
NO_CONSENT = "professional-no-consent"  # the author gave none (the party's does not count)
OTHER_CATEGORY = "professional-other-category"  # the author consented to small moments only
OTHER_CATEGORY_2 = "professional-other-category-2"  # ... and to promises only
NO_CRAVINGS = "professional-no-cravings"  # everything but cravings: not what may be about her use
TRENDS_ONLY = "professional-trends-only"  # every category, trends only
EXPIRED = "professional-expired"
REVOKED = "professional-revoked"
SUPERSEDED = "professional-superseded"  # everything, then changed to small moments only
LATE = "professional-late"  # signed days after every entry: no history before
HISTORY = "professional-history"  # signed days after every entry, history chosen from the start
CONSENT_CASES = [
    NO_CONSENT,
    OTHER_CATEGORY,
    OTHER_CATEGORY_2,
    NO_CRAVINGS,
    TRENDS_ONLY,
    EXPIRED,
    REVOKED,
    SUPERSEDED,
    LATE,
    HISTORY,
]
EVERYTHING = list(Category.values)


def _professional(circle, name: str) -> Member:
    user = make_user(name)
    give_totp(user)
    return join(circle, user, Member.Role.PROFESSIONAL)


def _say_yes(f) -> None:
    """The author and the other person in recovery consent to every current professional
    named "professional/…" that has none yet: every category as entries, cravings included."""
    for name, member in f.viewers.items():
        mine = name.startswith(Member.Role.PROFESSIONAL + "/")
        if mine and member.left_at is None and not member.consents_received.exists():
            consent(f.author, member, EVERYTHING)
            consent(f.recovering, member, EVERYTHING)


def _consent_cases(f) -> None:
    """The consents of the professionals in CONSENT_CASES, signed before any entry."""
    v = {name: f.viewers[f"{name}/active"] for name in CONSENT_CASES}
    consent(f.recovering, v[NO_CONSENT], EVERYTHING)
    consent(f.author, v[OTHER_CATEGORY], [Category.MOMENTS])
    consent(f.author, v[OTHER_CATEGORY_2], [Category.PROMISES])
    consent(f.recovering, v[OTHER_CATEGORY_2], [Category.REPAIR])
    consent(f.author, v[NO_CRAVINGS], EVERYTHING)
    consent(f.recovering, v[NO_CRAVINGS], [c for c in EVERYTHING if c != Category.CRAVINGS])
    consent(f.author, v[TRENDS_ONLY], EVERYTHING, Level.TRENDS)
    consent(f.recovering, v[TRENDS_ONLY], EVERYTHING, Level.TRENDS)
    today = consent_logic.today_for(f.author)
    consent(f.author, v[EXPIRED], EVERYTHING, expires_on=today + timedelta(days=1))
    consent(f.recovering, v[EXPIRED], EVERYTHING, expires_on=today + timedelta(days=1))
    consent(f.recovering, v[REVOKED], EVERYTHING)
    consent_logic.revoke(f.author, consent(f.author, v[REVOKED], EVERYTHING))
    first = consent(f.author, v[SUPERSEDED], EVERYTHING)
    narrower = consent_logic.choices_of(first, scopes={Category.MOMENTS: Level.ENTRIES})
    consent_logic.change(f.author, first, narrower, PASSWORD)


def _build_family(time_machine) -> Family:
    clock = iter(START + timedelta(hours=h) for h in itertools.count())

    def tick():
        time_machine.move_to(next(clock), tick=False)

    tick()
    f = Family()
    f.author = logic.create_circle(make_user("author"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = f.author.circle
    f.party = join(circle, make_user("party"), Member.Role.SIBLING)
    f.recovering = join(circle, make_user("recovering"), Member.Role.PERSON_IN_RECOVERY)
    f.outsider = logic.create_circle(make_user("outsider"), "Elsewhere", Member.Role.PARTNER)
    f.viewers = {}
    for role, timing in itertools.product(Member.Role.values, TIMINGS):
        if timing == "newcomer":
            continue
        user = make_user(f"{role}-{timing}")
        if role == Member.Role.PROFESSIONAL:
            give_totp(user)
        f.viewers[f"{role}/{timing}"] = join(circle, user, role)
    numbered = list(f.viewers.values())
    f.even, f.odd = numbered[0::2], numbered[1::2]
    # The author consents to the professionals above; these get another state of consent.
    for timing in TIMINGS:
        if timing != "newcomer":
            f.viewers[f"{NO_CONSENT}/{timing}"] = _professional(circle, f"{NO_CONSENT}-{timing}")
    for name in CONSENT_CASES[1:]:
        f.viewers[f"{name}/active"] = _professional(circle, f"{name}-active")
    _say_yes(f)
    _consent_cases(f)
    f.entries = {kind.name: [] for kind in KINDS}

    def write(group):
        for kind, audience_case, pro in itertools.product(KINDS, AUDIENCES, [False, True]):
            audience = "chosen" if audience_case.startswith("chosen") else audience_case
            chosen = {"chosen_even": f.even, "chosen_odd": f.odd}.get(audience_case, [])
            entry = kind.make(f, audience, chosen, pro)
            label = f"{group}/{audience_case}/{'pro' if pro else 'nopro'}"
            f.entries[kind.name].append((label, entry, (audience, chosen, pro)))

    def status(timing, new):
        for name, member in f.viewers.items():
            if name.endswith("/" + timing):
                logic.set_status(member, new)

    write("early")
    tick()
    status("paused", Member.Status.PAUSED)
    for timing in ("away_now", "away_back", "away_during"):
        status(timing, Member.Status.STEPPED_AWAY)
    tick()
    status("away_back", Member.Status.ACTIVE)
    tick()
    write("main")
    _reshare_existing(f, "early", "early_reshared")
    tick()
    logic.set_status(f.author, Member.Status.STEPPED_AWAY)
    tick()
    write("author_away")
    tick()
    logic.set_status(f.author, Member.Status.ACTIVE)
    tick()
    _reshare_existing(f, "author_away", "author_away_reshared")
    tick()
    status("away_during", Member.Status.ACTIVE)
    status("away_after", Member.Status.STEPPED_AWAY)
    for name, member in f.viewers.items():
        if name.endswith("/removed"):
            logic.remove_member(f.author, member)
        elif name.endswith("/left"):
            logic.leave(member)
    for role in Member.Role.values:
        user = make_user(f"{role}-newcomer")
        if role == Member.Role.PROFESSIONAL:
            give_totp(user)
        f.viewers[f"{role}/newcomer"] = join(circle, user, role)
    f.viewers[f"{NO_CONSENT}/newcomer"] = _professional(circle, f"{NO_CONSENT}-newcomer")
    _say_yes(f)
    tick()
    # Days later: the short consent has expired; two professionals get consents only now,
    # one with no history from before (the default), one with history from the start.
    time_machine.move_to(START + timedelta(days=3), tick=False)
    consent(f.author, f.viewers[f"{LATE}/active"], EVERYTHING)
    consent(f.recovering, f.viewers[f"{LATE}/active"], EVERYTHING)
    consent(f.author, f.viewers[f"{HISTORY}/active"], EVERYTHING, data_from=START.date())
    consent(f.recovering, f.viewers[f"{HISTORY}/active"], EVERYTHING, data_from=START.date())
    f.viewers["author"] = f.author
    f.viewers["outsider"] = f.outsider
    return f


def _audience_entry(entry):
    """The entry whose audience is set: an occurrence's is its promise's."""
    return entry if isinstance(entry, AudienceEntry) else entry.promise


def _reshare_existing(f, group_from, group_to):
    """Choose the same audience again for the entries of `group_from`, now: a new act of sharing.

    Re-sharing changes the entries in place, so `group_from` is first written again: one
    copy keeps its first sharing, the other is shared again.
    """
    for kind in KINDS:
        for label, _entry, spec in list(f.entries[kind.name]):
            if not label.startswith(group_from + "/"):
                continue
            audience, chosen, pro = spec
            entry = kind.make(f, audience, chosen, pro)
            shared = _audience_entry(entry)
            if isinstance(shared, Rupture | RepairStep | Reflection):
                parties = list((shared if isinstance(shared, Rupture) else shared.rupture).parties.all())
                repair_logic.share_with_parties(shared, parties, audience, chosen, pro)
            else:
                # Cravings are never offered to the professional (their form has no such choice).
                shared.set_audience(audience, chosen, pro and not isinstance(shared, Craving))
            f.entries[kind.name].append((label.replace(group_from, group_to, 1), entry, spec))


@pytest.fixture
def family(db, time_machine):
    return _build_family(time_machine)


def test_every_kind_of_entry_is_in_the_queryset_matrix():
    models = {m for m in apps.get_models() if issubclass(m, AudienceEntry)}
    assert models - {kind.model for kind in KINDS} == set()


def test_visible_to_matches_the_policy(family):
    """For every kind and viewer, `visible_to` returns exactly the entries the policy allows."""
    differences = []
    total = allowed = 0
    seen_by = dict.fromkeys(family.viewers, 0)
    viewers = {name: viewer_facts(member) for name, member in family.viewers.items()}
    for kind in KINDS:
        entries = {entry.pk: (label, kind.facts(entry)) for label, entry, _spec in family.entries[kind.name]}
        for name, member in family.viewers.items():
            expected = {
                pk for pk, (_label, facts) in entries.items() if all(may_see(viewers[name], f) for f in facts)
            }
            got = set(
                kind.model.objects.visible_to(member).filter(pk__in=entries).values_list("pk", flat=True)
            )
            total += len(entries)
            allowed += len(expected)
            seen_by[name] += len(got)
            if got != expected:
                differences.append(
                    f"{kind.name} seen by {name}: "
                    f"missing {sorted(entries[pk][0] for pk in expected - got)}, "
                    f"extra {sorted(entries[pk][0] for pk in got - expected)}"
                )
    assert differences == []
    assert 0 < allowed < total  # the family really has both outcomes
    # Every state of consent is exercised: with the author's consent a professional sees
    # flagged entries; without it, trends only, expired, revoked or too late, nothing.
    assert seen_by["professional/active"] > 0
    assert seen_by[f"{HISTORY}/active"] == seen_by["professional/active"]
    for name in (NO_CONSENT, TRENDS_ONLY, EXPIRED, REVOKED, LATE):
        assert seen_by[f"{name}/active"] == 0, name
    for name in (OTHER_CATEGORY, OTHER_CATEGORY_2, SUPERSEDED, NO_CRAVINGS):
        assert 0 < seen_by[f"{name}/active"] < seen_by["professional/active"], name


def test_a_rupture_about_anothers_use_needs_their_consent_to_cravings(family):
    """The author's rupture with another person in recovery is seen only by professionals
    that person let have "cravings" too: the author's consent alone is not enough."""
    ruptures = [e.pk for _l, e, _s in family.entries["rupture about another's use"]]

    def seen(name):
        return Rupture.objects.visible_to(family.viewers[name]).filter(pk__in=ruptures).count()

    assert seen("professional/active") > 0
    assert seen(f"{NO_CRAVINGS}/active") == seen(f"{OTHER_CATEGORY_2}/active") == 0
    # The author's own ruptures with the party (a sibling) need no one else's cravings.
    mine = [e.pk for _l, e, _s in family.entries["rupture"]]
    assert Rupture.objects.visible_to(family.viewers[f"{NO_CRAVINGS}/active"]).filter(pk__in=mine).exists()


def test_counted_for_matches_the_policy(family):
    """What trends are computed from: consent at "trends only" or above, never "only me"."""
    differences = []
    counted = dict.fromkeys(family.viewers, 0)
    viewers = {name: viewer_facts(member) for name, member in family.viewers.items()}
    for kind in KINDS:
        if not hasattr(kind.model.objects, "counted_for"):
            continue  # occurrences are counted through their promises
        entries = {entry.pk: (label, entry_facts(entry)) for label, entry, _spec in family.entries[kind.name]}
        for name, member in family.viewers.items():
            expected = {pk for pk, (_label, facts) in entries.items() if counted_for(viewers[name], facts)}
            got = set(
                kind.model.objects.counted_for(member).filter(pk__in=entries).values_list("pk", flat=True)
            )
            counted[name] += len(got)
            if got != expected:
                differences.append(
                    f"{kind.name} counted for {name}: "
                    f"missing {sorted(entries[pk][0] for pk in expected - got)}, "
                    f"extra {sorted(entries[pk][0] for pk in got - expected)}"
                )
    assert differences == []
    assert counted[f"{TRENDS_ONLY}/active"] == counted["professional/active"] > 0
    for name in (NO_CONSENT, EXPIRED, REVOKED, LATE):
        assert counted[f"{name}/active"] == 0, name
    assert counted["author"] == 0
