"""Every API route that names an object, asked through the real HTTP stack by everyone who
might try it (issue 12, point 7); a new such route fails this test until it is added here.

Each route is asked, with a personal access token, by:

- the outsider (olga, a member of another circle only) → 404;
- a member out of the audience (carol, left out of the entry's chosen members) → 404;
- a member who had stepped away when the entry was written (sam) → 404;
- a member in the audience (bob) and one who sees it as part of the whole circle (carol)
  → what a reader may do: 200 for reads, 403 for what only the author may do;
- the author (alice) → success, unless the route needs a state the objects are not in.

Out of the audience and stepped away answer exactly like an id that does not exist, never
403, which would tell them the entry exists. Every refusal leaves the database as it was.
Routes that name a circle, a member or an invitation have no audience of their own: the
member out of it is a former member (lee), and a member who stepped away is still a member.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time

import pytest
from django.db import connection
from django.urls import URLResolver, get_resolver

from accounts.models import AccessToken
from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from checkins.logic import CheckInData, CravingData
from circles import logic as circles_logic
from circles.access import has_two_factor
from circles.models import Invitation, Member
from coach_web.models import SafetyAlert
from ledger import logic as ledger_logic
from ledger.models import Occurrence, Promise
from ledger.rules.schedule import Rule
from measures import logic as measures_logic
from measures.models import Assignment
from mend.api import api
from phrases import logic as phrases_logic
from practices import logic as practice_logic
from practices.models import Practitioner
from reachout import logic as reachout_logic
from repair import logic as repair_logic
from repair.models import RepairStep
from repair.tests import helpers as repair_helpers
from repair.tests.helpers import rupture_with_reflection
from safety import logic as safety_logic
from tests.support import PASSWORD, api_client, call, consent, give_totp, join, make_user

CANARY = "canary-6e1d words nobody else may read"
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # promises below fall due at 19:00 that day
NOT_FOUND = {"detail": "Not found."}
SAFE = dict.fromkeys(("afraid", "threatened", "hurt", "forced", "controlled", "say_no"), "no")


# --- the objects each route names, written twice: shared with bob alone, and with the whole
# circle after sam stepped away -------------------------------------------------------------


def _appreciation(cast, audience, chosen):
    return {"appreciation_id": record_appreciation(cast.alice, CANARY, None, audience, chosen).pk}


def _promise(cast, audience, chosen, due=time(19, 0)):
    promise = ledger_logic.make_promise(
        cast.alice,
        CANARY,
        recipients=[cast.bob],
        rule=Rule("once", due, "UTC", MORNING.date()),
        audience=audience,
        chosen=chosen,
    )
    return {"promise_id": promise.pk, "occurrence_id": promise.occurrences.get().pk}


def _paused_promise(cast, audience, chosen):
    ids = _promise(cast, audience, chosen)
    ledger_logic.pause(Promise.objects.get(pk=ids["promise_id"]), "holiday")
    return ids


def _reported_promise(cast, audience, chosen):
    ids = _promise(cast, audience, chosen)
    ledger_logic.answer(Occurrence.objects.get(pk=ids["occurrence_id"]), "report_kept", cast.alice)
    return ids


def _overdue_promise(cast, audience, chosen):
    return _promise(cast, audience, chosen, due=time(7, 0))


def _moment(cast, audience, chosen):
    moment = ledger_logic.note_moment(
        cast.alice, cast.bob, "on_time", note=CANARY, audience=audience, chosen=chosen
    )
    return {"moment_id": moment.pk}


def _checkin(cast, audience, chosen):
    craving = CravingData(level=5, audience=audience, chosen=chosen)
    checkin = checkin_logic.record_checkin(
        cast.alice,
        CheckInData(state="settled", note=CANARY),
        audience=audience,
        chosen=chosen,
        craving=craving,
    )
    return {"checkin_id": checkin.pk}


def _timeout(cast, audience, chosen):
    # A time-out is always between the two people in it, whatever the other entries' audience.
    timeout = checkin_logic.call_timeout(cast.alice, cast.bob, 20, reason=CANARY, share_reason=True)
    return {"timeout_id": timeout.pk}


def _rupture(cast, audience, chosen):
    rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
    rupture.set_audience(audience, chosen)  # bob is in it: he always sees it
    step = RepairStep.objects.filter(rupture=rupture, author=cast.alice).order_by("created_at").first()
    return {"rupture_id": rupture.pk, "reflection_id": reflection.pk, "step_id": step.pk}


def _fresh_rupture(cast, audience, chosen):
    """Just logged: each person's next step is the first."""
    return {"rupture_id": repair_helpers.log(cast.alice, cast.bob, audience=audience, chosen=chosen).pk}


def _rupture_with_sides(cast, audience, chosen):
    """Both sides written, nobody reflected yet."""
    rupture = repair_helpers.log(cast.alice, cast.bob, audience=audience, chosen=chosen)
    repair_helpers.through_regulate(rupture, cast.alice, cast.bob)
    repair_helpers.write_sides(rupture, cast.alice, cast.bob)
    return {"rupture_id": rupture.pk}


def _paused_rupture(cast, audience, chosen):
    rupture = repair_helpers.log(cast.alice, cast.bob, audience=audience, chosen=chosen)
    repair_logic.pause(cast.bob, rupture)
    return {"rupture_id": rupture.pk}


def _plan(cast, audience, chosen):
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob, what_they_said=CANARY)
    reachout_logic.share(plan, audience, chosen)
    offer = reachout_logic.make_offer(plan, "Meeting", frequency="daily")
    return {"plan_id": plan.pk, "offer_id": offer.pk}


def _phrase(cast, audience, chosen):
    phrase = phrases_logic.add_own(cast.alice, CANARY)
    phrases_logic.set_favourite(cast.alice, str(phrase.pk))
    return {"phrase_id": phrase.pk, "phrase": str(phrase.pk), "circle": cast.circle.pk}


def _consent(cast, audience, chosen):
    return {"circle_id": cast.circle.pk, "consent_id": consent(cast.alice, cast.pat).pk, "pat": cast.pat.pk}


def _circle(cast, audience, chosen):
    invitation, token = Invitation.issue(cast.alice, "friend")
    return {
        "circle_id": cast.circle.pk,
        "member_id": cast.pat.pk,
        "invitation_id": invitation.pk,
        "token": token,
        "pat": cast.pat.pk,
    }


def _about_bob(cast, audience, chosen):
    safety_logic.record_answers(cast.alice, cast.bob, SAFE | {"say_no": "not_sure"})
    return {"member_id": cast.bob.pk}


def _trajectory(cast, audience, chosen):
    return {"member_id": cast.alice.pk}


def _alert(cast, audience, chosen):
    """A safety alert about alice, sent to pat (the professional, never one of the askers)."""
    alert, _new = SafetyAlert.objects.get_or_create(
        circle=cast.circle, member=cast.alice, professional=cast.pat
    )
    return {"alert_id": alert.pk}


def _practice(cast, audience, chosen):
    """alice (two-step login on) runs a practice with eli; bob asked it for help; eli was
    proposed to the circle on bob's request (waiting for alice, the owner); bob was
    invited to join the practice. Nobody else is part of it."""
    if not has_two_factor(cast.alice.user):
        give_totp(cast.alice.user)
    practice = practice_logic.start_practice(
        cast.alice.user,
        by_operator=True,
        kind="clinic",
        name="Harbor",
        intake_email="i@h.test",
        languages=["en"],
    )
    admin = practice.practitioners.get()
    eli = Practitioner.objects.create(practice=practice, user=make_user(f"eli-{uuid.uuid4().hex[:8]}"))
    intake = practice_logic.ask_for_help(
        cast.bob, practice, name="Bob", reason=CANARY, contact="555", languages=["en"], time_zone="UTC"
    )
    return {
        "practice_id": practice.pk,
        "practitioner_id": eli.pk,
        "intake_id": intake.pk,
        "proposal_id": practice_logic.propose(admin, intake, admin).pk,
        "practice_invitation_id": practice_logic.invite_practitioner(admin, cast.bob.user.email).pk,
    }


def _response(cast, audience, chosen):
    answers = dict.fromkeys(range(1, 10), 1)
    return {"response_id": measures_logic.take(cast.alice, "phq9", answers, audience, chosen).pk}


def _instrument(cast, audience, chosen):
    return {"instrument_id": "phq9"}


def _assignment(cast, audience, chosen):
    assignment = Assignment.objects.create(
        circle=cast.circle, member=cast.alice, assigned_by=cast.pat, instrument="phq9", next_due=MORNING
    )
    return {"assignment_id": assignment.pk}


BUILD = {
    "response": _response,
    "instrument": _instrument,
    "assignment": _assignment,
    "appreciation": _appreciation,
    "promise": _promise,
    "paused promise": _paused_promise,
    "reported promise": _reported_promise,
    "overdue promise": _overdue_promise,
    "moment": _moment,
    "checkin": _checkin,
    "timeout": _timeout,
    "rupture": _rupture,
    "fresh rupture": _fresh_rupture,
    "rupture with sides": _rupture_with_sides,
    "paused rupture": _paused_rupture,
    "plan": _plan,
    "phrase": _phrase,
    "circle": _circle,
    "consent": _consent,
    "alert": _alert,
    "safety": _about_bob,
    "trajectory": _trajectory,
    "practice": _practice,
}
# Kinds with no audience of their own: the circle is the audience.
CIRCLE_LEVEL = {"circle", "safety", "trajectory"}
# Kinds whose words are their author's alone, whoever else may see the rest: a plan's notes
# (what the person reaching out said) and own phrases.
AUTHORS_WORDS = {"plan", "phrase"}


# --- the routes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """How to ask a route and what each asker gets (defaults: see the module docstring)."""

    kind: str
    body: dict | None = None
    query: str = ""
    reader: int | None = None  # bob in the audience, and carol in the whole circle
    author: int = 200
    answers: dict = field(default_factory=dict)  # other askers that get something else


NARROW = {"audience": "only_me"}  # narrowing needs no fresh password, so a token may do it
# Only the people in a time-out (alice called it with bob) see it and end it, whatever
# the circle: for sam, who could never be in one while stepped away, 404 is no news.
IN_THE_TIMEOUT = {"in the circle": 404}
# A step text or reflection has its own audience, the people in the repair: carol, who
# sees the rupture as part of the circle, is told it does not exist.
IN_THE_REPAIR = {"in the circle": 404}
# A move in a repair by someone who sees it but is not in it: the repair's own refusal (400).
MOVE = Route("rupture", reader=200, answers={"in the circle": 400})
# The ledger's own rules answer a reader who is neither the promiser nor the person
# promised with 400 ("Only the person who made the promise …"), not 403: they may see it.
ANSWER = {"reader": 400}
# Offers are seen and answered only by the person offered (bob): everyone else, the
# plan's author included, is told the offer does not exist.
OFFER = Route("plan", reader=200, author=404, answers={"in the circle": 404})
# Own phrases and favourites are only ever their writer's.
OWN = {"reader": 404}
# "My answers about bob": anyone else in the circle has their own answers about him (200,
# never alice's); asking about yourself is 404 like a member who does not exist.
ABOUT_BOB = {"reader": 200, "answers": {"in audience": 404}}

ROUTES = {
    # Measures: a result is an entry; an instrument is the same published data for everyone;
    # only the professional who set an assignment ends it (pat is not among the askers).
    ("GET", "/measures/responses/{response_id}"): Route("response"),
    ("GET", "/measures/results/{response_id}"): Route("response"),
    ("DELETE", "/measures/responses/{response_id}"): Route("response", author=204),
    ("PATCH", "/measures/responses/{response_id}/audience"): Route("response", NARROW),
    ("GET", "/measures/instruments/{instrument_id}"): Route(
        "instrument", answers={"outsider": 200, "out of audience": 200, "stepped away": 200}
    ),
    ("POST", "/measures/assignments/{assignment_id}/end"): Route("assignment", reader=404, author=404),
    # Appreciations
    ("GET", "/appreciations/{appreciation_id}"): Route("appreciation"),
    ("DELETE", "/appreciations/{appreciation_id}"): Route("appreciation", author=204),
    ("PATCH", "/appreciations/{appreciation_id}/audience"): Route("appreciation", NARROW),
    # Promises and their occurrences (promised by alice to bob)
    ("GET", "/ledger/promises/{promise_id}"): Route("promise"),
    ("PATCH", "/ledger/promises/{promise_id}/schedule"): Route(
        "promise", {"frequency": "daily", "due_time": "21:00", "starts_on": "2026-03-03"}
    ),
    ("POST", "/ledger/promises/{promise_id}/pause"): Route("promise", {"reason": "holiday"}),
    ("POST", "/ledger/promises/{promise_id}/resume"): Route("paused promise"),
    ("POST", "/ledger/promises/{promise_id}/end"): Route("promise"),
    # A promise is never hidden from the person promised (issue 14): its author's "only me"
    # is the rule's own refusal, 422, after every access check has answered as for any entry.
    ("PATCH", "/ledger/promises/{promise_id}/audience"): Route("promise", NARROW, author=422),
    ("GET", "/ledger/promises/{promise_id}/occurrences"): Route("promise"),
    ("GET", "/ledger/occurrences/{occurrence_id}"): Route("promise"),
    ("POST", "/ledger/occurrences/{occurrence_id}/report"): Route("promise", **ANSWER),
    ("POST", "/ledger/occurrences/{occurrence_id}/renegotiate"): Route(
        "promise", {"note": "Working late"}, **ANSWER
    ),
    ("POST", "/ledger/occurrences/{occurrence_id}/own"): Route("overdue promise", {}, **ANSWER),
    # Confirming or disputing is for the person promised (bob), never the promiser.
    ("POST", "/ledger/occurrences/{occurrence_id}/confirm"): Route(
        "reported promise", reader=200, author=400, answers={"in the circle": 400}
    ),
    ("POST", "/ledger/occurrences/{occurrence_id}/dispute"): Route(
        "reported promise", {"note": "Not so"}, reader=200, author=400, answers={"in the circle": 400}
    ),
    ("GET", "/ledger/moments/{moment_id}"): Route("moment"),
    ("DELETE", "/ledger/moments/{moment_id}"): Route("moment", author=204),
    ("PATCH", "/ledger/moments/{moment_id}/audience"): Route("moment", NARROW),
    ("GET", "/ledger/trajectories/{member_id}"): Route("trajectory"),
    # Check-ins (with cravings) and time-outs
    ("GET", "/checkins/{checkin_id}"): Route("checkin"),
    ("DELETE", "/checkins/{checkin_id}"): Route("checkin", author=204),
    ("PATCH", "/checkins/{checkin_id}/audience"): Route("checkin", NARROW),
    ("PATCH", "/checkins/{checkin_id}/craving/audience"): Route("checkin", NARROW),
    ("GET", "/checkins/timeouts/{timeout_id}"): Route("timeout", answers=IN_THE_TIMEOUT),
    ("POST", "/checkins/timeouts/{timeout_id}/back"): Route("timeout", reader=200, answers=IN_THE_TIMEOUT),
    ("POST", "/checkins/timeouts/{timeout_id}/finish"): Route("timeout", reader=200, answers=IN_THE_TIMEOUT),
    # Ruptures between alice and bob: bob is in the repair, carol only sees it
    ("GET", "/ruptures/{rupture_id}"): Route("rupture"),
    ("DELETE", "/ruptures/{rupture_id}"): Route("rupture", author=204),
    ("PATCH", "/ruptures/{rupture_id}/audience"): Route("rupture", NARROW),
    ("GET", "/ruptures/{rupture_id}/steps"): Route("rupture"),
    ("POST", "/ruptures/{rupture_id}/steps"): Route(
        "fresh rupture",
        {"action": "recognise", "text": "I noticed", "choices": ["defending"]},
        reader=201,
        author=201,
        answers={"in the circle": 400},
    ),
    ("GET", "/ruptures/{rupture_id}/reflections"): Route("rupture"),
    ("POST", "/ruptures/{rupture_id}/reflections"): Route(
        "rupture with sides",
        {"about": "{partner}", "text": "I heard you"},
        reader=201,
        author=201,
        answers={"in the circle": 400},
    ),
    ("POST", "/ruptures/{rupture_id}/pause"): MOVE,
    ("POST", "/ruptures/{rupture_id}/resume"): replace(MOVE, kind="paused rupture"),
    ("POST", "/ruptures/{rupture_id}/not-now"): MOVE,
    ("GET", "/ruptures/steps/{step_id}"): Route("rupture", answers=IN_THE_REPAIR),
    # alice wrote the reflection of bob's side: only bob answers it; she sees it (403).
    ("POST", "/ruptures/reflections/{reflection_id}/answer"): Route(
        "rupture", {"answer": "yes"}, reader=200, author=403, answers=IN_THE_REPAIR
    ),
    # Reach-out plans (alice's, about bob reaching out) and their offers to bob. What only
    # the author may do answers 403 to a member the plan is shared with, by the one rule in
    # circles/audience/fetch.py (they see the plan already, so it tells them nothing);
    # docs/api.md and reachout/api.py's docstring still say 404.
    ("GET", "/reach-out/{plan_id}"): Route("plan"),
    ("DELETE", "/reach-out/{plan_id}"): Route("plan", author=204),
    ("PATCH", "/reach-out/{plan_id}/parts"): Route("plan", {"conditions": "Only when sober"}),
    ("PATCH", "/reach-out/{plan_id}/notes"): Route("plan", {"what_they_said": "hello"}),
    ("GET", "/reach-out/{plan_id}/decisions"): Route("plan"),
    ("POST", "/reach-out/{plan_id}/decisions"): Route("plan", {"decision": "not_yet"}, author=201),
    ("PATCH", "/reach-out/{plan_id}/audience"): Route("plan", NARROW),
    ("GET", "/reach-out/{plan_id}/offers"): Route("plan", reader=403),  # the author's follow-through
    ("POST", "/reach-out/{plan_id}/offers"): Route(
        "plan", {"what": "Walk", "frequency": "daily", "consent": True}, author=201
    ),
    ("POST", "/reach-out/offers/{offer_id}/accept"): OFFER,
    ("POST", "/reach-out/offers/{offer_id}/decline"): OFFER,
    # Own phrases and favourites
    ("GET", "/phrases/own/{phrase_id}"): Route("phrase", **OWN),
    ("PATCH", "/phrases/own/{phrase_id}"): Route("phrase", {"text": "mine now"}, **OWN),
    ("DELETE", "/phrases/own/{phrase_id}"): Route("phrase", author=204, **OWN),
    ("DELETE", "/phrases/favourites/{phrase}"): Route("phrase", query="circle={circle}", author=204, **OWN),
    # Safety answers
    ("GET", "/safety/about/{member_id}"): Route("safety", **ABOUT_BOB),
    ("PUT", "/safety/about/{member_id}"): Route("safety", SAFE, **ABOUT_BOB),
    # The circle itself: every current member, stepped away or not, is in it. Owner-only
    # changes answer 400 (a circle rule) to the others, who already see the members.
    ("GET", "/circles/{circle_id}"): Route("circle"),
    # Needs a state the cast is not in: an owner left alone in the circle.
    ("DELETE", "/circles/{circle_id}"): Route("circle", reader=400, author=400),
    ("GET", "/circles/{circle_id}/members"): Route("circle"),
    ("PATCH", "/circles/{circle_id}/members/me"): Route("circle", {"status": "paused"}, reader=200),
    # Each member leaves for themselves; alice, the only owner, may not (needs a second owner).
    ("POST", "/circles/{circle_id}/members/me/leave"): Route("circle", reader=204, author=400),
    # Stepping down is harmless for someone who is not an owner; alice needs a second owner.
    ("POST", "/circles/{circle_id}/members/me/step-down"): Route("circle", reader=200, author=400),
    ("DELETE", "/circles/{circle_id}/members/{member_id}"): Route("circle", reader=400, author=204),
    ("POST", "/circles/{circle_id}/members/{member_id}/owner"): Route("circle", reader=400),
    ("GET", "/circles/{circle_id}/professionals"): Route("circle"),
    # The professional's view of a circle (issue 15): every family member is told it does
    # not exist, as the outsider is (workspace/tests/test_api.py asks the professional).
    ("GET", "/workspace/circles/{circle_id}"): Route("circle", reader=404, author=404),
    # Each member says yes (or takes it back) for themselves, about the circle's professional.
    # A consent is its signer's alone (alice's, for pat): everyone else is told it does not exist.
    ("GET", "/circles/{circle_id}/consents/{consent_id}"): Route("consent", reader=404),
    ("POST", "/circles/{circle_id}/consents/{consent_id}/change"): Route(
        "consent",
        {
            "recipients": ["{pat}"],
            "scopes": {"moments": "entries"},
            "expires_on": "2026-06-01",
            "password": PASSWORD,
        },
        reader=404,
        author=201,
    ),
    ("POST", "/circles/{circle_id}/consents/{consent_id}/revoke"): Route("consent", reader=404),
    # Each member lists and signs their own consents; nobody learns of anyone else's.
    ("GET", "/circles/{circle_id}/consents"): Route("circle"),
    ("POST", "/circles/{circle_id}/consents"): Route(
        "circle",
        {
            "recipients": ["{pat}"],
            "scopes": {"moments": "entries"},
            "expires_on": "2026-06-01",
            "password": PASSWORD,
        },
        reader=201,
        author=201,
    ),
    ("GET", "/circles/{circle_id}/consents-to-me"): Route("circle"),
    # An alert reaches only the professional it was sent to: anyone else is told it does not exist.
    ("POST", "/workspace/alerts/{alert_id}/acknowledge"): Route("alert", reader=404, author=404),
    ("GET", "/circles/{circle_id}/invitations"): Route("circle"),
    # Anyone in the circle may invite, except while stepped away.
    ("POST", "/circles/{circle_id}/invitations"): Route(
        "circle", {"role": "friend"}, reader=201, author=201, answers={"stepped away": 400}
    ),
    ("POST", "/circles/{circle_id}/invitations/{invitation_id}/revoke"): Route("circle", reader=400),
    # An invitation link is its own secret, meant for someone outside the circle: whoever
    # holds it may see what it offers and use it once. The first answer wins (olga on one
    # link, sam on the other); later answers, and members accepting, are refused (400).
    ("GET", "/invitations/{token}"): Route("circle", answers={"outsider": 200, "out of audience": 200}),
    ("POST", "/invitations/{token}/accept"): Route(
        "circle", reader=400, author=400, answers={"outsider": 201, "out of audience": 400}
    ),
    ("POST", "/invitations/{token}/decline"): Route(
        "circle",
        reader=400,
        author=400,
        answers={"outsider": 200, "out of audience": 400, "stepped away": 200},
    ),
}


def _api_routes_with_an_id():
    """(method, path) of every operation of the API whose path names something."""
    for prefix, router in api._routers:  # every router, nested ones too, once the URLs are built
        for path, operations in router.path_operations.items():
            if "{" not in prefix + path:
                continue
            for operation in operations.operations:
                for method in operation.methods:
                    yield method, prefix + path


def _served_api_paths(patterns=None, inside=False):
    """The paths Django actually serves in the API's namespace, as ninja writes them."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _served_api_paths(pattern.url_patterns, inside or pattern.namespace == "api-1")
        elif inside:
            yield "/" + str(pattern.pattern).replace("<", "{").replace(">", "}")


def test_every_api_route_with_an_id_is_checked_here():
    routes = set(_api_routes_with_an_id())
    assert routes - set(ROUTES) == set(), "add the new route to ROUTES"
    assert set(ROUTES) - routes == set(), "a route listed here is gone"
    served = {path for path in _served_api_paths() if "{" in path}
    assert served == {path for _method, path in routes}


# Practices: only the practice's own professionals (alice, its admin) reach its routes;
# every member of the family, the requester included, is told they do not exist.
PRACTICE = {"reader": 404}
# Only the requester (bob) reads or withdraws their request.
REQUESTER = {"reader": 404, "author": 404, "answers": {"in audience": 200}}
PRACTICE_DETAILS = {"kind": "solo", "name": "Harbor", "intake_email": "i@h.test", "languages": ["en", "es"]}
ROUTES |= {
    ("GET", "/practices/{practice_id}"): Route("practice", **PRACTICE),
    ("PUT", "/practices/{practice_id}"): Route("practice", PRACTICE_DETAILS, **PRACTICE),
    ("GET", "/practices/{practice_id}/professionals"): Route("practice", **PRACTICE),
    ("POST", "/practices/{practice_id}/professionals"): Route(
        "practice", {"email": "new@example.test"}, author=202, **PRACTICE
    ),
    ("DELETE", "/practices/{practice_id}/professionals/{practitioner_id}"): Route(
        "practice", author=204, **PRACTICE
    ),
    ("GET", "/practices/{practice_id}/requests"): Route("practice", **PRACTICE),
    ("GET", "/practices/{practice_id}/requests/{intake_id}"): Route("practice", **PRACTICE),
    ("POST", "/practices/{practice_id}/requests/{intake_id}/replies"): Route(
        "practice", {"text": "Tuesday?"}, author=201, **PRACTICE
    ),
    ("POST", "/practices/{practice_id}/requests/{intake_id}/invitations"): Route(
        "practice", {"practitioner": "{practitioner_id}"}, author=201, **PRACTICE
    ),
    ("POST", "/practices/{practice_id}/requests/{intake_id}/close"): Route("practice", **PRACTICE),
    # alice's own proposal waits for the family's yes (bob asked, and he is not an owner).
    ("POST", "/practices/{practice_id}/proposals/{proposal_id}/join"): Route(
        "practice", author=400, **PRACTICE
    ),
    ("POST", "/practices/{practice_id}/proposals/{proposal_id}/decline"): Route(
        "practice", author=400, **PRACTICE
    ),
    # The invitation to join the practice was sent to bob's address: he alone sees it, and
    # accepting needs two-step login (403).
    ("POST", "/practices/invitations/{practice_invitation_id}/accept"): Route(
        "practice", reader=404, author=404, answers={"in audience": 403}
    ),
    ("POST", "/practices/invitations/{practice_invitation_id}/decline"): Route(
        "practice", reader=404, author=404, answers={"in audience": 200}
    ),
    ("GET", "/help-requests/{intake_id}"): Route("practice", **REQUESTER),
    ("POST", "/help-requests/{intake_id}/withdraw"): Route("practice", **REQUESTER),
    # Only an owner (alice) answers; bob, who asked, is not one.
    ("POST", "/help-requests/proposals/{proposal_id}/answer"): Route("practice", {"yes": False}, reader=404),
}


# --- asking --------------------------------------------------------------------------------

# (who, member of the cast, which of the two objects they ask for), in this order: the
# refusals first, then the readers, then the author, so a success never hides a refusal.
# Carol asks for the entry shared with bob alone, and sam for the one shared with the whole
# circle after he stepped away: carol, asking for that one too, shows it is only the step
# away that hides it. Where the circle is the audience, lee (removed) is the one out of it.
ASKERS = [
    ("outsider", "olga", "chosen"),
    ("out of audience", "carol", "chosen"),
    ("stepped away", "sam", "circle"),
    ("in audience", "bob", "chosen"),
    ("in the circle", "carol", "circle"),
    ("author", "alice", "circle"),
]


def _snapshot():
    """Every row of every table, the many-to-many ones included (tokens aside: each call
    stamps its own `last_used_at`). Raw SQL: the ORM would cost more than the requests."""
    tables = sorted(set(connection.introspection.django_table_names()) - {AccessToken._meta.db_table})
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


@pytest.fixture
def askers(cast, at):
    """The cast, sam who stepped away, lee who was removed, with one token each."""
    at(MORNING)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    sam = join(cast.circle, make_user("sam"), Member.Role.SIBLING, joined_at=long_ago)
    circles_logic.set_status(sam, Member.Status.STEPPED_AWAY)
    lee = join(cast.circle, make_user("lee"), Member.Role.FRIEND, joined_at=long_ago)
    circles_logic.remove_member(cast.alice, lee)
    members = {name: getattr(cast, name) for name in ("alice", "bob", "carol", "olga")}
    members |= {"sam": sam, "lee": lee}
    return members, {name: api_client(member) for name, member in members.items()}


def _fill(template, ids: dict):
    if isinstance(template, dict):
        return {key: _fill(value, ids) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, ids) for value in template]
    if isinstance(template, str):
        return template.format(**ids)
    return template


def _expected(route: Route, method: str, who: str) -> int:
    if who in route.answers:
        return route.answers[who]
    if who == "stepped away" and route.kind in CIRCLE_LEVEL:
        who = "in audience"  # stepping away is not leaving: still in the circle
    elif who in ("outsider", "out of audience", "stepped away"):
        return 404
    if who == "author":
        return route.author
    if route.reader is not None:
        return route.reader
    return 200 if method == "GET" else 403


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_each_route_answers_each_asker(cast, askers, method, path):
    route = ROUTES[(method, path)]
    members, clients = askers
    objects = {
        "chosen": BUILD[route.kind](cast, "chosen", [cast.bob]),
        "circle": BUILD[route.kind](cast, "circle", []),
    }
    answers, wrong = {}, []
    for who, name, variant in ASKERS:
        if who == "out of audience" and route.kind in CIRCLE_LEVEL:
            name = "lee"
        partner = members["bob" if name == "alice" else "alice"]  # the other person in a repair
        ids = {**objects[variant], "bob": members["bob"].pk, "partner": partner.pk}
        url = _fill(path, ids) + ("?" + _fill(route.query, ids) if route.query else "")
        expected = _expected(route, method, who)
        before = _snapshot() if expected >= 400 else None
        response = call(clients[name], method, url, _fill(route.body, ids))
        answers[who] = response.status_code
        if response.status_code != expected:
            wrong.append(f"{who}: {response.status_code} (expected {expected})")
        elif before is not None and _snapshot() != before:
            wrong.append(f"{who}: refused, but the database changed")
        if CANARY in response.content.decode() and (
            response.status_code >= 400 or (route.kind in AUTHORS_WORDS and who != "author")
        ):
            wrong.append(f"{who}: shown the author's words")
        if response.status_code == 404 and response.json() != NOT_FOUND:
            wrong.append(f"{who}: 404 unlike a missing id")
    assert wrong == [], f"{method} {path}: {answers}"
