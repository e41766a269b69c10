"""Every page route that names an object answers an outsider with 404, and a new such
route fails this test until it is added here (SECURITY.md, check 1).

Routes that name an entry (something with an audience) are also asked by a member left
out of its audience and by one who had stepped away when it was written (both 404, like
an outsider), and by a member in its audience, who is not told it does not exist.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import AccessToken
from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from checkins.logic import CheckInData
from circles import logic as circles_logic
from circles.audience import Audience
from circles.models import Invitation, Member
from coach_web.models import SafetyAlert
from ledger import logic as ledger_logic
from ledger.tests.factories import new_promise
from measures import logic as measures_logic
from measures.models import Assignment
from phrases.logic import add_own
from reachout import logic as reachout_logic
from reachout.models import SupportPerson
from repair.tests.helpers import rupture_with_reflection
from tests.support import consent, join, make_user, practice_values

# Route name -> how to build its kwargs from the objects made below.
OBJECT_ROUTES = {
    "circles:revoke": lambda o: {"invitation_id": o["invitation"].pk},
    "circles:remove": lambda o: {"member_id": o["member"].pk},
    "circles:make_owner": lambda o: {"member_id": o["member"].pk},
    "circles:consent_detail": lambda o: {"consent_id": o["consent"].pk},
    "circles:consent_change": lambda o: {"consent_id": o["consent"].pk},
    "circles:consent_revoke": lambda o: {"consent_id": o["consent"].pk},
    "appreciations:detail": lambda o: {"appreciation_id": o["appreciation"].pk},
    "appreciations:audience": lambda o: {"appreciation_id": o["appreciation"].pk},
    "appreciations:delete": lambda o: {"appreciation_id": o["appreciation"].pk},
    "ledger:promise": lambda o: {"promise_id": o["promise"].pk},
    "ledger:change": lambda o: {"promise_id": o["promise"].pk},
    "ledger:audience": lambda o: {"promise_id": o["promise"].pk},
    "ledger:pause": lambda o: {"promise_id": o["promise"].pk},
    "ledger:resume": lambda o: {"promise_id": o["promise"].pk},
    "ledger:end": lambda o: {"promise_id": o["promise"].pk},
    "ledger:talk": lambda o: {"occurrence_id": o["occurrence"].pk},
    "ledger:answer": lambda o: {"occurrence_id": o["occurrence"].pk, "action": "report_kept"},
    "ledger:moment": lambda o: {"moment_id": o["moment"].pk},
    "ledger:relationship": lambda o: {"member_id": o["member"].pk},
    "checkins:detail": lambda o: {"checkin_id": o["checkin"].pk},
    "checkins:audience": lambda o: {"checkin_id": o["checkin"].pk},
    "checkins:craving_audience": lambda o: {"checkin_id": o["checkin"].pk},
    "checkins:timeout": lambda o: {"timeout_id": o["timeout"].pk},
    "checkins:timeout_back": lambda o: {"timeout_id": o["timeout"].pk},
    "notifications:open": lambda o: {"notification_id": o["notification"].pk},
    "safety:check": lambda o: {"member_id": o["member"].pk},
    "phrases:edit": lambda o: {"phrase_id": o["own_phrase"].pk},
    "phrases:delete": lambda o: {"phrase_id": o["own_phrase"].pk},
    "repair:detail": lambda o: {"rupture_id": o["rupture"].pk},
    "repair:step": lambda o: {"rupture_id": o["rupture"].pk, "number": 1},
    "repair:reflect": lambda o: {"rupture_id": o["rupture"].pk, "member_id": o["member"].pk},
    "repair:answer": lambda o: {"rupture_id": o["rupture"].pk, "reflection_id": o["reflection"].pk},
    "repair:end": lambda o: {"rupture_id": o["rupture"].pk},
    "repair:audience": lambda o: {"rupture_id": o["rupture"].pk},
    "repair:delete": lambda o: {"rupture_id": o["rupture"].pk},
    "reachout:plan": lambda o: {"plan_id": o["plan"].pk},
    "reachout:resume": lambda o: {"plan_id": o["plan"].pk},
    "reachout:step": lambda o: {"plan_id": o["plan"].pk, "step": "pause"},
    "reachout:print": lambda o: {"plan_id": o["plan"].pk},
    "reachout:share": lambda o: {"plan_id": o["plan"].pk},
    "reachout:reply": lambda o: {"plan_id": o["plan"].pk},
    "reachout:plan_offers": lambda o: {"plan_id": o["plan"].pk},
    "reachout:invite": lambda o: {"plan_id": o["plan"].pk},
    "reachout:delete": lambda o: {"plan_id": o["plan"].pk},
    "reachout:offer_answer": lambda o: {"offer_id": o["offer"].pk},
    "reachout:offer_withdraw": lambda o: {"offer_id": o["offer"].pk},
    "reachout:support_remove": lambda o: {"person_id": o["support"].pk},
    "accounts:revoke_token": lambda o: {"token_id": o["token"].pk},
    "coach_web:acknowledge_alert": lambda o: {"alert_id": o["alert"].pk},
    "practices:answer_invitation": lambda o: {"practice_invitation_id": o["practice_invitation_id"]},
    "practices:settings": lambda o: {"practice_id": o["practice_id"]},
    "practices:add": lambda o: {"practice_id": o["practice_id"]},
    "practices:remove": lambda o: {"practice_id": o["practice_id"], "practitioner_id": o["practitioner_id"]},
    "practices:withdraw_invitation": lambda o: {
        "practice_id": o["practice_id"],
        "practice_invitation_id": o["practice_invitation_id"],
    },
    "practices:queue": lambda o: {"practice_id": o["practice_id"]},
    "practices:request": lambda o: {"practice_id": o["practice_id"], "intake_id": o["intake_id"]},
    "practices:reply": lambda o: {"practice_id": o["practice_id"], "intake_id": o["intake_id"]},
    "practices:propose": lambda o: {"practice_id": o["practice_id"], "intake_id": o["intake_id"]},
    "practices:close": lambda o: {"practice_id": o["practice_id"], "intake_id": o["intake_id"]},
    "practices:withdraw_proposal": lambda o: {
        "practice_id": o["practice_id"],
        "proposal_id": o["proposal_id"],
    },
    "practices:join": lambda o: {"practice_id": o["practice_id"], "proposal_id": o["proposal_id"]},
    "help:detail": lambda o: {"intake_id": o["intake_id"]},
    "help:withdraw": lambda o: {"intake_id": o["intake_id"]},
    "help:answer": lambda o: {"proposal_id": o["proposal_id"]},
    "measures:result": lambda o: {"response_id": o["response"].pk},
    "measures:audience": lambda o: {"response_id": o["response"].pk},
    "measures:delete": lambda o: {"response_id": o["response"].pk},
    "measures:member_history": lambda o: {"instrument_id": "phq9", "member_id": o["member"].pk},
    "measures:end_assignment": lambda o: {"assignment_id": o["assignment"].pk},
}

# Routes that name no circle: the object's own id is the whole address.
NO_CIRCLE = ("notifications:", "accounts:", "practices:")


def _routes(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            yield from _routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), str(pattern.pattern)


def _object_routes():
    """Every route naming an object by id, whatever the id's type (uuid or integer)."""
    ids = ("<uuid:", "<int:")
    return {
        name
        for name, route in _routes()
        if sum(route.count(kind) for kind in ids) - ("circle_id" in route) - ("<int:number>" in route) > 0
    }


def test_every_page_route_with_an_object_id_is_checked_here():
    assert _object_routes() - set(OBJECT_ROUTES) == set()


@pytest.fixture
def objects(cast):
    from notifications.logic import notify

    occurrence_owner = new_promise(cast.alice, [cast.bob], frequency="once", audience="circle")
    timeout = checkin_logic.call_timeout(cast.alice, cast.bob, 20)
    rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    reachout_logic.share(plan, "circle")
    support = SupportPerson(owner=cast.alice, name="Dana", reach="+15550102030")
    support.save()
    return {
        "plan": plan,
        "offer": reachout_logic.make_offer(plan, "Meeting", frequency="daily"),
        "support": support,
        "own_phrase": add_own(cast.alice, "Can we pause for a moment?"),
        "rupture": rupture,
        "reflection": reflection,
        "invitation": Invitation.issue(cast.alice, "friend")[0],
        "member": cast.bob,
        "appreciation": record_appreciation(cast.alice, "thanks", cast.bob, Audience.CIRCLE),
        "promise": occurrence_owner,
        "occurrence": occurrence_owner.occurrences.first(),
        "moment": ledger_logic.note_moment(cast.bob, cast.alice, "on_time", audience="circle"),
        "checkin": checkin_logic.record_checkin(
            cast.alice, CheckInData(state="settled"), audience=Audience.CIRCLE
        ),
        "timeout": timeout,
        "notification": notify(
            cast.bob.user, "confirm_waiting", "/", now=timezone.now() - timedelta(minutes=1)
        ),
        "token": AccessToken.issue(cast.alice.user, "phone")[0],
        "alert": SafetyAlert.objects.create(circle=cast.circle, member=cast.alice, professional=cast.pat),
        "consent": consent(cast.alice, cast.pat),
        "response": _response(cast.alice, Audience.CIRCLE, []),
        "assignment": Assignment.objects.create(
            circle=cast.circle,
            member=cast.alice,
            assigned_by=cast.pat,
            instrument="phq9",
            next_due=timezone.now(),
        ),
    } | practice_values(cast)


def _response(author, audience, chosen):
    return measures_logic.take(author, "phq9", dict.fromkeys(range(1, 10), 1), audience, chosen)


@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_from_every_object_route(cast, client, objects, name, method):
    kwargs = OBJECT_ROUTES[name](objects)
    if not name.startswith(NO_CIRCLE):
        kwargs["circle_id"] = cast.circle.pk
    client.force_login(cast.olga.user)
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code in (404, 405)
    assert response.status_code == 404 or method == "get"


# Route name -> the entry it names (routes naming members, invitations, phrases,
# notifications, offers or support people have no audience: the outsider test covers them).
ENTRY_ROUTES = {
    "appreciations:detail": "appreciation",
    "appreciations:audience": "appreciation",
    "appreciations:delete": "appreciation",
    "ledger:promise": "promise",
    "ledger:change": "promise",
    "ledger:audience": "promise",
    "ledger:pause": "promise",
    "ledger:resume": "promise",
    "ledger:end": "promise",
    "ledger:talk": "occurrence",
    "ledger:answer": "occurrence",
    "ledger:moment": "moment",
    "checkins:detail": "checkin",
    "checkins:audience": "checkin",
    "checkins:craving_audience": "checkin",
    "checkins:timeout": "timeout",
    "checkins:timeout_back": "timeout",
    "repair:detail": "rupture",
    "repair:step": "rupture",
    "repair:answer": "rupture",
    "repair:end": "rupture",
    "repair:audience": "rupture",
    "repair:delete": "rupture",
    "reachout:plan": "plan",
    "reachout:resume": "plan",
    "reachout:step": "plan",
    "reachout:print": "plan",
    "reachout:share": "plan",
    "reachout:reply": "plan",
    "reachout:plan_offers": "plan",
    "reachout:invite": "plan",
    "reachout:delete": "plan",
    "measures:result": "response",
    "measures:audience": "response",
    "measures:delete": "response",
}


# Routes that even a member who may see the entry cannot use answer 404 to them: a
# plan's working pages are its author's alone, a time-out ends by whoever called it,
# and a reflection is answered by the person it is about (bob), whatever its rupture's audience.
ONLY_THESE_GET_PAST_404 = {
    "repair:answer": {"in audience"},
    # The check-ins here have no cravings: only their audience's members reach the 403.
    "checkins:craving_audience": {"in audience", "in the circle"},
    # A time-out is always shared with the two people in it alone, as the app makes it.
    "checkins:timeout": {"in audience", "author"},
    "checkins:timeout_back": {"in audience", "author"},
    # Inviting needs a plan in a state the objects here are not in, so its author gets 404;
    # readers who are not its author get 403 (they see the plan), the rest 404.
    "reachout:invite": {"in audience", "in the circle"},
}


def test_every_entry_route_is_a_checked_object_route():
    assert set(ENTRY_ROUTES) <= set(OBJECT_ROUTES)


@pytest.fixture
def audiences(cast):
    """The route objects twice: shared with bob alone, and with the whole circle after sam stepped away."""
    sam = join(cast.circle, make_user("sam"), Member.Role.SIBLING, joined_at=cast.bob.joined_at)
    circles_logic.set_status(sam, Member.Status.STEPPED_AWAY)
    # Removed after everything below was shared with the whole circle: sees none of it.
    lee = join(cast.circle, make_user("lee"), Member.Role.FRIEND, joined_at=cast.bob.joined_at)
    shared = {}
    for audience in ("chosen", "circle"):
        chosen = [cast.bob] if audience == "chosen" else []
        promise = new_promise(cast.alice, [cast.bob], frequency="once", audience=audience)
        promise.set_audience(audience, chosen)
        rupture, reflection = rupture_with_reflection(cast.alice, cast.bob)
        rupture.set_audience(audience, [cast.bob])  # bob is in it: always chosen
        plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
        reachout_logic.share(plan, audience, chosen)
        timeout = checkin_logic.call_timeout(cast.alice, cast.bob, 20)
        shared[audience] = {
            "appreciation": record_appreciation(cast.alice, "thanks", cast.bob, audience, chosen),
            "promise": promise,
            "occurrence": promise.occurrences.first(),
            "moment": ledger_logic.note_moment(
                cast.alice, cast.bob, "on_time", audience=audience, chosen=chosen
            ),
            "checkin": checkin_logic.record_checkin(
                cast.alice, CheckInData(state="settled"), audience=audience, chosen=chosen
            ),
            "timeout": timeout,
            "rupture": rupture,
            "reflection": reflection,
            "plan": plan,
            "member": cast.bob,
            "response": _response(cast.alice, audience, chosen),
        }
    circles_logic.remove_member(cast.alice, lee)
    return sam, lee, shared


@pytest.mark.parametrize("name", sorted(ENTRY_ROUTES))
def test_entry_routes_answer_by_audience(cast, client, audiences, name):
    """Out of the audience, removed or stepped away: 404, like an outsider; in it: never 404."""
    sam, removed, shared = audiences
    asks = [
        ("outsider", cast.olga, "chosen"),
        ("removed", removed, "circle"),
        ("out of audience", cast.carol, "chosen"),
        ("stepped away", sam, "circle"),
        ("in audience", cast.bob, "chosen"),
        ("in the circle", cast.carol, "circle"),
        ("author", cast.alice, "chosen"),
    ]
    answers, wrong = {}, []
    for who, member, audience in asks:
        sees = who in ONLY_THESE_GET_PAST_404.get(name, {"in audience", "in the circle", "author"})
        url = reverse(name, kwargs=OBJECT_ROUTES[name](shared[audience]) | {"circle_id": cast.circle.pk})
        client.force_login(member.user)
        status = client.get(url).status_code
        if status == 405:  # a route that only takes a form: ask it the way it is used
            status = client.post(url).status_code
        answers[who] = status
        if (status != 404) != sees:
            wrong.append(who)
    assert wrong == [], f"{wrong}: {answers}"


# The professional's own view of a circle (issue 15): only the circle's professional
# reads it; a family member and an outsider get 404, as for a circle that does not exist.
WORKSPACE_ROUTES = ("workspace:circle", "measures:workspace")


@pytest.mark.parametrize("name", WORKSPACE_ROUTES)
def test_the_professionals_view_answers_everyone_else_404(cast, client, name):
    url = reverse(name, kwargs={"circle_id": cast.circle.pk})
    for who in (cast.olga, cast.alice, cast.bob):
        client.force_login(who.user)
        assert client.get(url).status_code == 404
    client.force_login(cast.pat.user)
    assert client.get(url).status_code == 200
