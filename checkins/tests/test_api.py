"""Check-ins, time-outs and trends in the JSON API, under the Audience rules."""

from __future__ import annotations

from uuid import uuid4

import pytest
from django.test import Client

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving, TimeOut
from circles.audience import Audience
from circles.models import Member
from notifications.models import Notification
from tests.support import API, api_client, call, join, make_user

CANARY = "canary-3d0a check-in note"
REASON = "canary-51b7 about to shout"

# Every check-in endpoint with an id: (method, path, body). The guard test below fails
# when a new route with an id is not listed here.
ENTRY_ENDPOINTS = [
    ("GET", "/checkins/{checkin}", None),
    ("PATCH", "/checkins/{checkin}/audience", {"audience": "only_me"}),
    ("PATCH", "/checkins/{checkin}/craving/audience", {"audience": "only_me"}),
    ("DELETE", "/checkins/{checkin}", None),
    ("GET", "/checkins/timeouts/{timeout}", None),
    ("POST", "/checkins/timeouts/{timeout}/back", None),
    ("POST", "/checkins/timeouts/{timeout}/finish", None),
]


def _checkin(member, audience=Audience.CIRCLE, chosen=(), craving=None, **extra):
    data = CheckInData(
        state="activated", feelings={"anxious": 4}, sensations=[("chest", "tight")], note=CANARY
    )
    return logic.record_checkin(member, data, audience=audience, chosen=chosen, craving=craving, **extra)


def _entries(cast, audience=Audience.CIRCLE) -> dict:
    """A check-in with cravings by alice, and a pause alice called with bob, both carrying canaries."""
    checkin = _checkin(cast.alice, audience, craving=CravingData(level=6, audience=Audience.CIRCLE))
    timeout = logic.call_timeout(cast.alice, cast.bob, 30, reason=REASON, share_reason=True)
    return {"checkin": checkin, "timeout": timeout}


def _fill(path: str, entries: dict) -> str:
    return path.format(**{name: entry.pk for name, entry in entries.items()})


def _assert_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert CANARY not in response.content.decode() and REASON not in response.content.decode()


def _new(cast, **fields) -> dict:
    body = {
        "circle": str(cast.circle.pk),
        "state": "activated",
        "feelings": {"anxious": 4, "hopeful": 2},
        "sensations": [{"region": "chest", "kind": "tight"}, {"region": "jaw", "kind": "buzzing"}],
        "urges": ["pull_away"],
        "connections": {str(cast.carol.pk): 2},
        "note": "After the call",
        "audience": "circle",
    }
    return {**body, **fields}


def _errors(response) -> list:
    assert response.status_code == 422, response.content
    return [error["loc"][2:] for error in response.json()["errors"]]


# Who gets 404


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_an_outsider_gets_404_like_a_missing_id(cast, method, path, body):
    entries = _entries(cast)
    olga = api_client(cast.olga)
    _assert_not_found(call(olga, method, _fill(path, entries), body))
    missing = {"checkin": uuid4(), "timeout": uuid4()}
    _assert_not_found(call(olga, method, path.format(**missing), body))
    assert CheckIn.objects.count() == TimeOut.objects.count() == 1


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_a_member_outside_the_audience_gets_404(cast, method, path, body):
    entries = _entries(cast, Audience.ONLY_ME)  # the pause is between alice and bob only
    _assert_not_found(call(api_client(cast.carol), method, _fill(path, entries), body))


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_a_professional_without_the_flag_gets_404(cast, method, path, body):
    entries = _entries(cast)
    _assert_not_found(call(api_client(cast.pat), method, _fill(path, entries), body))


def test_every_check_in_route_with_an_id_is_in_the_outsider_list(db):
    paths = Client().get(API + "/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix(API).replace("_id}", "}"))
        for path, operations in paths.items()
        if path.startswith(API + "/checkins/") and "{" in path
        for method in operations
    }
    assert routes == {(m, p) for m, p, _body in ENTRY_ENDPOINTS}


def test_lists_and_trends_of_a_circle_you_are_not_in_are_404(cast):
    _entries(cast)
    olga = api_client(cast.olga)
    for path in ("/checkins", "/checkins/timeouts", "/checkins/trends"):
        _assert_not_found(call(olga, "GET", f"{path}?circle={cast.circle.pk}"))


def test_a_professional_is_answered_as_an_outsider_with_or_without_two_step_login(cast):
    user = make_user("newpro")
    join(cast.circle, user, Member.Role.PROFESSIONAL)
    entries = _entries(cast)
    for professional in (user, cast.pat):
        client = api_client(professional)
        _assert_not_found(call(client, "GET", f"/checkins?circle={cast.circle.pk}"))
        _assert_not_found(call(client, "GET", f"/checkins/{entries['checkin'].pk}"))


# Creating a check-in


def test_a_member_checks_in_and_is_its_author(cast):
    response = call(api_client(cast.bob), "POST", "/checkins", _new(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    checkin = CheckIn.objects.get(pk=body["id"])
    assert (checkin.author, checkin.circle_id, checkin.note, checkin.audience) == (
        cast.bob,
        cast.circle.pk,
        "After the call",
        "circle",
    )
    assert {(f["feeling"], f["intensity"]) for f in body["feelings"]} == {("anxious", 4), ("hopeful", 2)}
    assert {(s["region"], s["kind"]) for s in body["sensations"]} == {("chest", "tight"), ("jaw", "buzzing")}
    assert body["urges"] == ["pull_away"]
    assert [(c["member"]["name"], c["score"]) for c in body["connections"]] == [("Carol", 2)]
    assert (body["craving"], body["is_mine"], body["author"]["name"]) == (None, True, "Bob")


def test_the_person_in_recovery_adds_cravings_private_by_default(cast):
    response = call(
        api_client(cast.alice), "POST", "/checkins", _new(cast, craving={"level": 7, "used": True})
    )
    assert response.status_code == 201, response.content
    craving = Craving.objects.get()
    assert (craving.level, craving.used, craving.audience, craving.professional_may_see) == (
        7,
        True,
        "only_me",
        False,
    )
    assert response.json()["craving"] == {
        "level": 7,
        "used": True,
        "urge_to_use": False,
        "audience": "only_me",
        "chosen": [],
    }
    seen_by_bob = call(api_client(cast.bob), "GET", f"/checkins/{craving.checkin_id}").json()
    assert (seen_by_bob["note"], seen_by_bob["craving"]) == ("After the call", None)


def test_cravings_shared_with_a_chosen_member(cast):
    craving = {"level": 3, "audience": "chosen", "chosen": [str(cast.bob.pk)]}
    body = call(api_client(cast.alice), "POST", "/checkins", _new(cast, craving=craving)).json()
    bob = call(api_client(cast.bob), "GET", f"/checkins/{body['id']}").json()
    carol = call(api_client(cast.carol), "GET", f"/checkins/{body['id']}").json()
    assert (bob["craving"]["level"], bob["craving"]["chosen"], carol["craving"]) == (3, None, None)
    assert body["craving"]["chosen"] == [str(cast.bob.pk)]


def test_cravings_are_refused_for_anyone_but_the_person_in_recovery(cast):
    response = call(api_client(cast.bob), "POST", "/checkins", _new(cast, craving={"level": 2}))
    assert _errors(response) == [["craving"]]
    assert "person in recovery" in response.json()["errors"][0]["msg"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"feelings": {"anxious": 9}}, ["feelings", "anxious"]),
        ({"feelings": {"anxious": 0}}, ["feelings", "anxious"]),
        ({"feelings": {"glee": 3}}, ["feelings", "glee"]),
        ({"sensations": [{"region": "elbow", "kind": "tight"}]}, ["sensations", 0, "region"]),
        ({"sensations": [{"region": "chest", "kind": "melting"}]}, ["sensations", 0, "kind"]),
        (
            {"sensations": [{"region": "chest", "kind": "tight"}, {"region": "chest", "kind": "warm"}]},
            ["sensations", 1, "region"],
        ),
        ({"urges": ["fly"]}, ["urges"]),
        ({"state": "calm"}, ["state"]),
        ({"note": "x" * 2001}, ["note"]),
        ({"audience": "chosen"}, ["chosen"]),
        ({"audience": "only_me", "professional_may_see": True}, ["professional_may_see"]),
        ({"craving": {"level": 11}}, ["craving", "level"]),
        ({"craving": {"level": -1}}, ["craving", "level"]),
        ({"craving": {"level": 4, "audience": "chosen"}}, ["craving", "chosen"]),
    ],
)
def test_values_a_page_would_refuse_answer_422(cast, fields, where):
    response = call(api_client(cast.alice), "POST", "/checkins", _new(cast, **fields))
    assert where in _errors(response)
    assert not CheckIn.objects.exists()


def test_connections_only_to_members_of_the_circle_with_a_score_from_1_to_5(cast):
    client = api_client(cast.alice)
    outsider = call(client, "POST", "/checkins", _new(cast, connections={str(cast.olga.pk): 3}))
    assert _errors(outsider) == [["connections", str(cast.olga.pk)]]
    too_close = call(client, "POST", "/checkins", _new(cast, connections={str(cast.bob.pk): 6}))
    assert _errors(too_close) == [["connections", str(cast.bob.pk)]]
    professional = call(client, "POST", "/checkins", _new(cast, connections={str(cast.pat.pk): 3}))
    assert _errors(professional) == [["connections", str(cast.pat.pk)]]
    myself = call(client, "POST", "/checkins", _new(cast, connections={str(cast.alice.pk): 3}))
    assert _errors(myself) == [["connections", str(cast.alice.pk)]]


def test_chosen_members_must_be_in_the_circle(cast):
    body = _new(cast, audience="chosen", chosen=[str(cast.olga.pk)])
    assert {tuple(loc) for loc in _errors(call(api_client(cast.alice), "POST", "/checkins", body))} == {
        ("chosen",)
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"author": "someone"},
        {"circle_id": "x"},
        {"id": str(uuid4())},
        {"craving": {"level": 2, "checkin": "x"}},
    ],
)
def test_unknown_fields_are_refused(cast, extra):
    response = call(api_client(cast.alice), "POST", "/checkins", _new(cast, **extra))
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_every_problem_is_told_at_once(cast):
    body = _new(cast, state="calm", feelings={"anxious": 9}, urges=["fly"], craving={"level": 12})
    assert _errors(call(api_client(cast.alice), "POST", "/checkins", body)) == [
        ["state"],
        ["urges"],
        ["feelings", "anxious"],
        ["craving", "level"],
    ]


# Reading, sharing and deleting


def test_the_list_shows_what_you_may_see_newest_first(cast):
    older = _checkin(cast.alice)
    _checkin(cast.alice, audience=Audience.ONLY_ME)
    newer = _checkin(cast.carol)
    body = call(api_client(cast.bob), "GET", f"/checkins?circle={cast.circle.pk}").json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [str(newer.pk), str(older.pk)]
    assert "craving" not in body["items"][0]


def test_the_list_is_paginated(cast):
    for _ in range(21):
        _checkin(cast.bob)
    client = api_client(cast.bob)
    first = call(client, "GET", f"/checkins?circle={cast.circle.pk}").json()
    second = call(client, "GET", f"/checkins?circle={cast.circle.pk}&page=2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (21, 20, 1)


def test_only_the_author_changes_the_audience(cast):
    checkin = _checkin(cast.alice)
    response = call(
        api_client(cast.bob), "PATCH", f"/checkins/{checkin.pk}/audience", {"audience": "only_me"}
    )
    assert response.status_code == 403
    checkin.refresh_from_db()
    assert checkin.audience == Audience.CIRCLE


def test_the_author_narrows_the_audience(cast):
    checkin = _checkin(cast.alice)
    body = {"audience": "chosen", "chosen": [str(cast.bob.pk)]}
    response = call(api_client(cast.alice), "PATCH", f"/checkins/{checkin.pk}/audience", body)
    assert response.status_code == 200 and response.json()["chosen"] == [str(cast.bob.pk)]
    _assert_not_found(call(api_client(cast.carol), "GET", f"/checkins/{checkin.pk}"))


def test_a_browser_session_must_confirm_its_password_before_sharing_wider(cast, client):
    checkin = _checkin(cast.alice, audience=Audience.ONLY_ME)
    client.force_login(cast.alice.user)
    response = call(client, "PATCH", f"/checkins/{checkin.pk}/audience", {"audience": "circle"})
    checkin.refresh_from_db()
    assert response.status_code == 403 and "confirm your password" in response.json()["detail"]
    assert checkin.audience == Audience.ONLY_ME


def test_a_browser_session_that_just_confirmed_its_password_may_share_wider(cast, login):
    checkin = _checkin(cast.alice, audience=Audience.ONLY_ME)
    response = call(login(cast.alice), "PATCH", f"/checkins/{checkin.pk}/audience", {"audience": "circle"})
    checkin.refresh_from_db()
    assert response.status_code == 200 and checkin.audience == Audience.CIRCLE


def test_only_the_author_deletes_and_the_cravings_go_with_it(cast):
    checkin = _checkin(cast.alice, craving=CravingData(level=5, audience=Audience.CIRCLE))
    assert call(api_client(cast.bob), "DELETE", f"/checkins/{checkin.pk}").status_code == 403
    assert call(api_client(cast.alice), "DELETE", f"/checkins/{checkin.pk}").status_code == 204
    assert not CheckIn.objects.exists() and not Craving.objects.exists()


def test_a_malformed_id_is_refused_without_a_server_error(cast):
    client = api_client(cast.alice)
    assert call(client, "GET", "/checkins/not-an-id").status_code == 422
    assert call(client, "GET", "/checkins?circle=not-an-id").status_code == 422


# Time-outs


def _pause(cast, **fields) -> dict:
    body = {"circle": str(cast.circle.pk), "with_member": str(cast.bob.pk), "minutes": 25}
    return {**body, **fields}


def test_calling_a_pause_tells_the_other_at_once_but_not_why(cast):
    body = _pause(cast, tool="breathing", reason=REASON)
    response = call(api_client(cast.alice), "POST", "/checkins/timeouts", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["reason"], created["tool"], created["author"]["name"]) == (REASON, "breathing", "Alice")
    note = Notification.objects.get(user=cast.bob.user)
    assert note.kind == "timeout_called" and REASON not in note.url
    seen = call(api_client(cast.bob), "GET", f"/checkins/timeouts/{created['id']}").json()
    assert (seen["reason"], seen["is_mine"]) == (None, False)
    assert (
        REASON
        not in call(
            api_client(cast.bob), "GET", f"/checkins/timeouts?circle={cast.circle.pk}"
        ).content.decode()
    )


def test_the_other_sees_why_when_the_caller_shares_it(cast):
    created = call(
        api_client(cast.alice), "POST", "/checkins/timeouts", _pause(cast, reason=REASON, share_reason=True)
    )
    seen = call(api_client(cast.bob), "GET", f"/checkins/timeouts/{created.json()['id']}").json()
    assert seen["reason"] == REASON


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"minutes": 10}, ["minutes"]),
        ({"minutes": 24 * 60 + 1}, ["minutes"]),
        ({"tool": "shouting"}, ["tool"]),
        ({"reason": "x" * 501}, ["reason"]),
        ({"with_member": "olga"}, ["with_member"]),
        ({"with_member": "pat"}, ["with_member"]),  # the professional could not see it
    ],
)
def test_a_pause_a_page_would_refuse_answers_422(cast, fields, where):
    if "with_member" in fields:
        fields = {"with_member": str(getattr(cast, fields["with_member"]).pk)}
    response = call(api_client(cast.alice), "POST", "/checkins/timeouts", _pause(cast, **fields))
    assert where in _errors(response)
    assert not TimeOut.objects.exists()


def test_a_pause_with_yourself_or_the_stepped_away_is_refused(cast):
    from circles import logic as circles_logic

    client = api_client(cast.alice)
    assert _errors(
        call(client, "POST", "/checkins/timeouts", _pause(cast, with_member=str(cast.alice.pk)))
    ) == [["with_member"]]
    circles_logic.set_status(cast.bob, "stepped_away")
    assert _errors(call(client, "POST", "/checkins/timeouts", _pause(cast))) == [["with_member"]]
    assert call(client, "POST", "/checkins/timeouts", _pause(cast, who="x")).status_code == 422


def test_coming_back_and_finishing(cast):
    timeout = logic.call_timeout(cast.alice, cast.bob, 30)
    back = call(api_client(cast.bob), "POST", f"/checkins/timeouts/{timeout.pk}/back")
    assert back.status_code == 200 and back.json()["returned_at"] is not None
    assert back.json()["finished_at"] is None
    done = call(api_client(cast.alice), "POST", f"/checkins/timeouts/{timeout.pk}/finish")
    assert done.status_code == 200 and done.json()["finished_at"] is not None


def test_the_list_of_pauses_shows_only_your_own(cast):
    mine = logic.call_timeout(cast.alice, cast.bob, 30)
    logic.call_timeout(cast.carol, cast.bob, 30)
    body = call(api_client(cast.alice), "GET", f"/checkins/timeouts?circle={cast.circle.pk}").json()
    assert [item["id"] for item in body["items"]] == [str(mine.pk)]


# Trends


def _trends(member, cast, query=""):
    return call(api_client(member), "GET", f"/checkins/trends?circle={cast.circle.pk}{query}")


def test_my_trends_hold_what_the_page_shows(cast):
    _checkin(cast.alice, craving=CravingData(level=6, used=True))
    body = _trends(cast.alice, cast).json()
    assert (body["who"]["name"], len(body["weeks"]), len(body["states"])) == ("Alice", 26, 26)
    assert [s["label"] for s in body["feelings"]] == ["Afraid"]
    assert body["feelings"][0]["points"][-1] == {"week": body["weeks"][-1], "value": 4.0}
    assert body["states"][-1] == {"week": body["weeks"][-1], "settled": 0, "activated": 1, "shut_down": 0}
    assert [s["label"] for s in body["cravings"]] == ["average", "highest"]
    assert body["cravings"][1]["points"][-1]["value"] == 6
    assert body["used_weeks"] == [body["weeks"][-1]]
    assert len(_trends(cast.alice, cast, "&weeks=52").json()["weeks"]) == 52


def test_another_members_trends_hold_only_what_they_shared(cast):
    _checkin(cast.alice, audience=Audience.ONLY_ME)
    _checkin(cast.alice, craving=CravingData(level=6))
    body = _trends(cast.bob, cast, f"&who={cast.alice.pk}").json()
    assert body["states"][-1]["activated"] == 1
    assert (body["cravings"], body["used_weeks"]) == ([], [])
    # The professional reads trends only in the workspace: here, as someone outside the circle.
    _assert_not_found(_trends(cast.pat, cast, f"&who={cast.alice.pk}"))


@pytest.mark.parametrize("query", ["&weeks=13", "&weeks=x", "&who=not-an-id"])
def test_trends_refuse_odd_questions_with_422(cast, query):
    assert _trends(cast.alice, cast, query).status_code == 422


def test_trends_of_someone_outside_the_circle_are_404(cast):
    _assert_not_found(_trends(cast.bob, cast, f"&who={cast.olga.pk}"))
    _assert_not_found(_trends(cast.bob, cast, f"&who={uuid4()}"))
