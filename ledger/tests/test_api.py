"""The trust ledger in the JSON API, under the Audience rules and the ledger's own rules."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from django.test import Client

from circles import logic as circles_logic
from circles.audience import Audience
from circles.models import Member
from ledger import logic
from ledger.models import Occurrence, OccurrenceChange, Promise, SmallMoment
from ledger.tests.factories import new_promise, rule
from tests.support import API, api_client, call, join, make_user

CANARY = "canary-51e9 private promise"
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # the promises below fall due at 19:00 that day
EVENING = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
SCHEDULE = {"frequency": "daily", "due_time": "21:00", "starts_on": "2026-03-02"}

# Every ledger endpoint with an id: (method, path, body). The guard test below fails
# when a new route with an id is not listed here.
ENTRY_ENDPOINTS = [
    ("GET", "/ledger/promises/{promise}", None),
    ("PATCH", "/ledger/promises/{promise}/schedule", SCHEDULE),
    ("POST", "/ledger/promises/{promise}/pause", {"reason": "holiday"}),
    ("POST", "/ledger/promises/{promise}/resume", None),
    ("POST", "/ledger/promises/{promise}/end", None),
    ("PATCH", "/ledger/promises/{promise}/audience", {"audience": "only_me"}),
    ("GET", "/ledger/promises/{promise}/occurrences", None),
    ("GET", "/ledger/occurrences/{occurrence}", None),
    ("POST", "/ledger/occurrences/{occurrence}/report", None),
    ("POST", "/ledger/occurrences/{occurrence}/confirm", None),
    ("POST", "/ledger/occurrences/{occurrence}/dispute", {"note": "I remember it differently"}),
    ("POST", "/ledger/occurrences/{occurrence}/renegotiate", {"note": "Working late"}),
    ("POST", "/ledger/occurrences/{occurrence}/own", {}),
    ("GET", "/ledger/moments/{moment}", None),
    ("PATCH", "/ledger/moments/{moment}/audience", {"audience": "only_me"}),
    ("DELETE", "/ledger/moments/{moment}", None),
]
ID_ENDPOINTS = [*ENTRY_ENDPOINTS, ("GET", "/ledger/trajectories/{member}", None)]


@pytest.fixture
def at(at):
    """The shared clock, starting in the morning."""
    at(MORNING)
    return at


def _assert_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def _refused(response, words: str):
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]


def _moment(author, about, audience=Audience.CIRCLE, note="Called back within the hour", **extra):
    return logic.note_moment(author, about, "call_returned", note=note, audience=audience, **extra)


def _entries(author, audience=Audience.CIRCLE, chosen=()) -> dict:
    """A promise to everyone else, its occurrence and a small moment, all carrying the canary."""
    promise = logic.make_promise(
        author,
        CANARY,
        recipients=list(logic.promisable(author)),
        rule=rule("once"),
        audience=audience,
        chosen=chosen,
    )
    moment = _moment(author, author, audience, note=CANARY, chosen=chosen)
    return {"promise": promise, "occurrence": promise.occurrences.get(), "moment": moment}


def _fill(path: str, entries: dict, member: Member) -> str:
    ids = {name: entry.pk for name, entry in entries.items()}
    return path.format(member=member.pk, **ids)


def _new_promise(cast, **fields) -> dict:
    body = {"circle": str(cast.circle.pk), "what": "Call Mum", "recipients": [str(cast.bob.pk)]}
    return {**body, **SCHEDULE, "audience": "circle", **fields}


def _post_empty(client: Client, path: str):
    """POST with no body at all, as `curl -X POST` sends (the test client's default is a form)."""
    return client.post(API + path, "", content_type="application/json")


def _report(occurrence, who):
    return call(api_client(who), "POST", f"/ledger/occurrences/{occurrence.pk}/report")


# Who gets 404


@pytest.mark.parametrize(("method", "path", "body"), ID_ENDPOINTS)
def test_an_outsider_gets_404_like_a_missing_id(cast, at, method, path, body):
    entries = _entries(cast.alice)
    olga = api_client(cast.olga)
    response = call(olga, method, _fill(path, entries, cast.alice), body)
    _assert_not_found(response)
    assert CANARY not in response.content.decode()
    missing = {name: uuid4() for name in ("promise", "occurrence", "moment", "member")}
    _assert_not_found(call(olga, method, path.format(**missing), body))


@pytest.mark.parametrize(("method", "path", "body"), ID_ENDPOINTS)
def test_a_removed_member_gets_404_even_for_their_own_entries(cast, at, method, path, body):
    shared, own = _entries(cast.alice), _entries(cast.bob)
    bob = api_client(cast.bob)
    circles_logic.remove_member(cast.alice, cast.bob)
    for entries in (shared, own):
        _assert_not_found(call(bob, method, _fill(path, entries, cast.bob), body))


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_a_member_outside_the_audience_gets_404(cast, at, method, path, body):
    entries = _entries(cast.alice, Audience.CHOSEN, chosen=[cast.bob])
    response = call(api_client(cast.carol), method, _fill(path, entries, cast.alice), body)
    _assert_not_found(response)
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize(("method", "path", "body"), ENTRY_ENDPOINTS)
def test_someone_promised_but_outside_the_audience_gets_404(cast, at, method, path, body):
    entries = _entries(cast.alice, Audience.ONLY_ME)
    _assert_not_found(call(api_client(cast.bob), method, _fill(path, entries, cast.alice), body))


@pytest.mark.parametrize("path", ["/ledger/promises/nope", "/ledger/occurrences/1/report"])
def test_a_malformed_id_answers_422(cast, path):
    method = "GET" if path.endswith("nope") else "POST"
    assert call(api_client(cast.alice), method, path).status_code == 422


def test_every_ledger_route_with_an_id_is_in_the_outsider_list(db):
    paths = Client().get(API + "/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix(API).replace("_id}", "}"))
        for path, operations in paths.items()
        if path.startswith(API + "/ledger/") and "{" in path
        for method in operations
    }
    assert routes == {(m, p) for m, p, _body in ID_ENDPOINTS}


# Promises


def test_a_member_makes_a_promise_and_is_its_author(cast, at):
    response = call(api_client(cast.alice), "POST", "/ledger/promises", _new_promise(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    promise = Promise.objects.get(pk=body["id"])
    assert (promise.author, promise.circle_id, promise.what) == (
        cast.alice,
        cast.circle.pk,
        "Call Mum",
    )
    assert [r["id"] for r in body["recipients"]] == [str(cast.bob.pk)]
    assert (body["my_role"], body["state"], body["schedule"]["frequency"]) == ("promiser", "active", "daily")
    assert body["when"] == "Every day by 21:00"


def test_a_new_promise_is_seen_by_the_people_promised_by_default(cast, at):
    body = _new_promise(cast)
    del body["audience"]
    response = call(api_client(cast.alice), "POST", "/ledger/promises", body)
    assert (response.json()["audience"], response.json()["chosen"]) == ("chosen", [str(cast.bob.pk)])
    assert call(api_client(cast.bob), "GET", f"/ledger/promises/{response.json()['id']}").status_code == 200


@pytest.mark.parametrize(
    "field", ["author", "state", "outcome", "id", "created_at", "ended_at", "time_zone", "effective_from"]
)
def test_a_client_cannot_set_author_state_or_outcome(cast, at, field):
    body = _new_promise(cast, **{field: str(cast.bob.pk)})
    response = call(api_client(cast.alice), "POST", "/ledger/promises", body)
    assert response.status_code == 422
    assert not Promise.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"what": "   "},
        {"what": "x" * 201},
        {"recipients": []},
        {"recipients": [str(uuid4())]},
        {"frequency": "weekdays"},
        {"frequency": "per_week"},
        {"frequency": "hourly"},
        {"starts_on": "2026-03-01"},
        {"ends_on": "2026-03-01"},
        {"due_time": "25:00"},
        {"weekdays": [9], "frequency": "weekdays"},
        {"audience": "chosen"},
    ],
)
def test_invalid_promises_answer_422(cast, at, fields):
    response = call(api_client(cast.alice), "POST", "/ledger/promises", _new_promise(cast, **fields))
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Promise.objects.exists()


@pytest.mark.parametrize("who", ["olga", "alice"])
def test_a_promise_is_made_only_to_others_in_the_circle(cast, at, who):
    body = _new_promise(cast, recipients=[str(getattr(cast, who).pk)])
    assert call(api_client(cast.alice), "POST", "/ledger/promises", body).status_code == 422


def test_an_outsider_cannot_promise_into_the_circle(cast, at):
    _assert_not_found(call(api_client(cast.olga), "POST", "/ledger/promises", _new_promise(cast)))
    assert not Promise.objects.exists()


def test_the_list_holds_only_what_the_member_may_see(cast, at):
    new_promise(cast.alice, [cast.bob], what="shared")
    new_promise(cast.alice, [cast.bob], what=CANARY, audience="only_me")
    response = call(api_client(cast.bob), "GET", f"/ledger/promises?circle={cast.circle.pk}")
    assert [c["what"] for c in response.json()["items"]] == ["shared"]
    assert CANARY not in response.content.decode()


def test_the_list_is_paginated_and_needs_a_circle(cast, at):
    for n in range(21):
        new_promise(cast.alice, [cast.bob], what=f"promise {n}")
    bob = api_client(cast.bob)
    first = call(bob, "GET", f"/ledger/promises?circle={cast.circle.pk}").json()
    second = call(bob, "GET", f"/ledger/promises?circle={cast.circle.pk}&page=2").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (21, 20, 1)
    assert call(bob, "GET", "/ledger/promises").status_code == 422


def test_one_promise_shows_its_recent_record(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    body = call(api_client(cast.bob), "GET", f"/ledger/promises/{occurrence.promise_id}").json()
    assert body["recent"] == [{"due_date": "2026-03-02", "outcome": "kept"}]
    assert (body["record"], body["my_role"], body["chosen"]) == ("1 of the last 1 time", "recipient", None)


def test_the_promiser_changes_the_schedule_for_the_future(cast, at):
    promise = new_promise(cast.alice, [cast.bob])
    body = {"frequency": "weekdays", "weekdays": [6], "due_time": "19:00", "starts_on": "2026-03-03"}
    response = call(api_client(cast.alice), "PATCH", f"/ledger/promises/{promise.pk}/schedule", body)
    assert response.status_code == 200
    assert response.json()["schedule"]["weekdays"] == [6]
    assert promise.schedules.count() == 2


def test_a_schedule_change_is_checked_like_the_page(cast, at):
    promise = new_promise(cast.alice, [cast.bob])
    body = {**SCHEDULE, "frequency": "weekdays"}
    response = call(api_client(cast.alice), "PATCH", f"/ledger/promises/{promise.pk}/schedule", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "weekdays"


def test_the_promiser_pauses_resumes_and_ends(cast, at):
    promise = new_promise(cast.alice, [cast.bob])
    alice, url = api_client(cast.alice), f"/ledger/promises/{promise.pk}"
    paused = call(alice, "POST", f"{url}/pause", {"reason": "hospital"}).json()
    assert (paused["state"], paused["pause"]["reason"]) == ("paused", "hospital")
    _refused(call(alice, "POST", f"{url}/pause", {"reason": "hospital"}), "going on")
    assert call(alice, "POST", f"{url}/resume").json()["state"] == "active"
    _refused(call(alice, "POST", f"{url}/resume"), "not paused")
    assert call(alice, "POST", f"{url}/end").json()["state"] == "ended"
    _refused(call(alice, "POST", f"{url}/end"), "already ended")
    _refused(call(alice, "PATCH", f"{url}/schedule", SCHEDULE), "has ended")


def test_a_pause_needs_a_known_reason(cast, at):
    promise = new_promise(cast.alice, [cast.bob])
    url = f"/ledger/promises/{promise.pk}/pause"
    assert call(api_client(cast.alice), "POST", url, {"reason": "bored"}).status_code == 422
    assert call(api_client(cast.alice), "POST", url, {}).status_code == 422


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("POST", "pause", {"reason": "holiday"}),
        ("POST", "resume", None),
        ("POST", "end", None),
        ("PATCH", "schedule", SCHEDULE),
        ("PATCH", "audience", {"audience": "only_me"}),
    ],
)
def test_only_the_promiser_manages_a_promise(cast, at, method, action, body):
    promise = new_promise(cast.alice, [cast.bob])
    if action == "resume":
        logic.pause(promise, "holiday")
    response = call(api_client(cast.bob), method, f"/ledger/promises/{promise.pk}/{action}", body)
    assert response.status_code == 403
    assert "Only the person who made it" in response.json()["detail"]
    promise.refresh_from_db()
    assert (promise.state, promise.audience) == (
        "paused" if action == "resume" else "active",
        "circle",
    )


def test_the_promiser_shares_a_promise_with_chosen_members(cast, at):
    promise = new_promise(cast.alice, [cast.bob], audience="only_me")
    body = {"audience": "chosen", "chosen": [str(cast.bob.pk)]}
    response = call(api_client(cast.alice), "PATCH", f"/ledger/promises/{promise.pk}/audience", body)
    assert response.json()["chosen"] == [str(cast.bob.pk)]
    assert call(api_client(cast.bob), "GET", f"/ledger/promises/{promise.pk}").status_code == 200
    _assert_not_found(call(api_client(cast.carol), "GET", f"/ledger/promises/{promise.pk}"))


def test_a_browser_session_must_confirm_its_password_before_sharing_a_promise(cast, at, client):
    promise = new_promise(cast.bob, [cast.alice], audience="only_me")
    client.force_login(cast.bob.user)
    url = f"/ledger/promises/{promise.pk}/audience"
    response = call(client, "patch", url, {"audience": "circle"})
    assert response.status_code == 403 and "confirm your password" in response.json()["detail"]
    # Narrowing needs no password; hiding it from the person promised is refused on its own rule.
    narrowed = call(client, "patch", url, {"audience": "only_me"})
    assert narrowed.status_code == 422 and narrowed.json()["code"] == "hidden_from_recipients"


def test_an_audience_change_cannot_move_the_promise(cast, at):
    promise = new_promise(cast.alice, [cast.bob])
    body = {"audience": "circle", "author": str(cast.bob.pk), "circle": str(cast.olga.circle_id)}
    response = call(api_client(cast.alice), "PATCH", f"/ledger/promises/{promise.pk}/audience", body)
    assert response.status_code == 422
    promise.refresh_from_db()
    assert (promise.author_id, promise.circle_id) == (cast.alice.pk, cast.circle.pk)


# Occurrences


def test_report_then_confirm(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    reported = _report(occurrence, cast.alice)
    assert reported.status_code == 200
    assert (reported.json()["outcome"], reported.json()["actions"]) == ("kept", [])
    seen_by_bob = call(api_client(cast.bob), "GET", f"/ledger/occurrences/{occurrence.pk}").json()
    assert seen_by_bob["actions"] == ["confirm", "dispute"]
    confirmed = call(api_client(cast.bob), "POST", f"/ledger/occurrences/{occurrence.pk}/confirm").json()
    assert confirmed["outcome"] == "kept_confirmed"
    changes = [(c["by"], c["before"], c["after"]) for c in confirmed["changes"]]
    assert changes == [
        (str(cast.alice.pk), "pending", "kept"),
        (str(cast.bob.pk), "kept", "kept_confirmed"),
    ]


def test_someone_who_was_not_promised_cannot_confirm(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _report(occurrence, cast.alice)
    response = call(api_client(cast.carol), "POST", f"/ledger/occurrences/{occurrence.pk}/confirm")
    _refused(response, "Only the person it was promised to")
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "kept"


def test_the_promiser_cannot_confirm_their_own_promise(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _report(occurrence, cast.alice)
    response = call(api_client(cast.alice), "POST", f"/ledger/occurrences/{occurrence.pk}/confirm")
    _refused(response, "Only the person it was promised to")


def test_a_recipient_cannot_report_for_the_promiser(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _refused(_report(occurrence, cast.bob), "Only the person who made the promise")


def test_nothing_to_confirm_before_it_is_reported(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    response = call(api_client(cast.bob), "POST", f"/ledger/occurrences/{occurrence.pk}/confirm")
    _refused(response, "already been answered")


def test_a_dispute_keeps_its_note(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _report(occurrence, cast.alice)
    body = {"note": "I remember it differently"}
    response = call(api_client(cast.bob), "POST", f"/ledger/occurrences/{occurrence.pk}/dispute", body)
    assert response.json()["outcome"] == "disputed"
    assert response.json()["changes"][-1]["note"] == "I remember it differently"


def test_a_dispute_needs_no_note_at_all(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _report(occurrence, cast.alice)
    response = _post_empty(api_client(cast.bob), f"/ledger/occurrences/{occurrence.pk}/dispute")
    assert response.status_code == 200 and response.json()["outcome"] == "disputed"


@pytest.mark.parametrize("body", [None, {}, {"note": ""}, {"note": "   "}, {"note": "x" * 501}])
def test_renegotiating_needs_a_note(cast, at, body):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    url, alice = f"/ledger/occurrences/{occurrence.pk}/renegotiate", api_client(cast.alice)
    response = _post_empty(alice, url) if body is None else call(alice, "POST", url, body)
    assert response.status_code == 422
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "pending"


def test_renegotiating_in_advance_tells_why(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    url = f"/ledger/occurrences/{occurrence.pk}/renegotiate"
    response = call(api_client(cast.alice), "POST", url, {"note": "Working late, I’ll call tomorrow"})
    assert response.json()["outcome"] == "renegotiated"
    assert response.json()["changes"][0]["note"] == "Working late, I’ll call tomorrow"


def test_renegotiating_after_the_time_is_refused_with_a_message(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    at(EVENING)
    url = f"/ledger/occurrences/{occurrence.pk}/renegotiate"
    _refused(call(api_client(cast.alice), "POST", url, {"note": "too late"}), "past the time")


def test_owning_a_miss_with_or_without_a_note(cast, at):
    first = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    second = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    alice = api_client(cast.alice)
    _refused(_post_empty(alice, f"/ledger/occurrences/{first.pk}/own"), "isn’t due yet")
    at(EVENING)
    assert _post_empty(alice, f"/ledger/occurrences/{first.pk}/own").json()["outcome"] == "missed_owned"
    owned = call(alice, "POST", f"/ledger/occurrences/{second.pk}/own", {"note": "I forgot"}).json()
    assert owned["changes"][0]["note"] == "I forgot"


def test_an_answer_body_cannot_carry_an_outcome(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    _report(occurrence, cast.alice)
    body = {"note": "", "outcome": "kept_confirmed"}
    response = call(api_client(cast.bob), "POST", f"/ledger/occurrences/{occurrence.pk}/dispute", body)
    assert response.status_code == 422
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "kept"


def test_occurrences_are_listed_newest_first_with_their_history(cast, at):
    promise = new_promise(cast.alice, [cast.bob])  # today and tomorrow
    older = promise.occurrences.order_by("due_at").first()
    logic.answer(older, "report_kept", cast.alice)
    response = call(api_client(cast.bob), "GET", f"/ledger/promises/{promise.pk}/occurrences")
    items = response.json()["items"]
    assert response.json()["count"] == 2
    assert [i["due_date"] for i in items] == ["2026-03-03", "2026-03-02"]
    assert [c["after"] for c in items[1]["changes"]] == ["kept"] and items[0]["changes"] == []


def test_a_missed_occurrence_records_no_member(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    at(datetime(2026, 3, 4, 8, 0, tzinfo=UTC))
    logic.mark_missed()
    body = call(api_client(cast.alice), "GET", f"/ledger/occurrences/{occurrence.pk}").json()
    assert (body["outcome"], body["changes"][0]["by"]) == ("missed", None)
    assert body["actions"] == ["own"]
    assert OccurrenceChange.objects.count() == 1


# Small moments


def _new_moment(cast, **fields) -> dict:
    return {"circle": str(cast.circle.pk), "about": str(cast.alice.pk), "kind": "calm", **fields}


def test_a_member_notes_a_small_moment(cast):
    body = _new_moment(cast, note="Stayed calm at dinner", audience="circle")
    response = call(api_client(cast.bob), "POST", "/ledger/moments", body)
    assert response.status_code == 201
    moment = SmallMoment.objects.get(pk=response.json()["id"])
    assert (moment.author, moment.about, moment.note) == (cast.bob, cast.alice, "Stayed calm at dinner")
    assert response.json()["label"] == "Stayed calm during stress"


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "custom"},
        {"kind": "yelling"},
        {"about": "olga"},
        {"note": "x" * 501},
        {"author": "carol"},
        {"created_at": "2020-01-01T00:00:00Z"},
        {"audience": "only_me", "professional_may_see": True},
    ],
)
def test_invalid_small_moments_answer_422(cast, fields):
    names = {"olga": str(cast.olga.pk), "carol": str(cast.carol.pk)}
    fields = {key: names.get(value, value) for key, value in fields.items()}
    response = call(api_client(cast.bob), "POST", "/ledger/moments", _new_moment(cast, **fields))
    assert response.status_code == 422
    assert not SmallMoment.objects.exists()


def test_a_custom_small_moment_in_your_own_words(cast):
    body = _new_moment(cast, kind="custom", custom_kind="Asked for help")
    assert call(api_client(cast.bob), "POST", "/ledger/moments", body).json()["label"] == "Asked for help"


def test_small_moments_list_what_the_member_may_see(cast):
    _moment(cast.alice, cast.bob, note="shared")
    _moment(cast.alice, cast.bob, Audience.ONLY_ME, note=CANARY)
    response = call(api_client(cast.bob), "GET", f"/ledger/moments?circle={cast.circle.pk}")
    assert [m["note"] for m in response.json()["items"]] == ["shared"]
    assert CANARY not in response.content.decode()


def test_only_the_author_changes_who_sees_a_moment_or_deletes_it(cast):
    moment = _moment(cast.alice, cast.bob)
    bob = api_client(cast.bob)
    assert (
        call(bob, "PATCH", f"/ledger/moments/{moment.pk}/audience", {"audience": "only_me"}).status_code
        == 403
    )
    assert call(bob, "DELETE", f"/ledger/moments/{moment.pk}").status_code == 403
    alice = api_client(cast.alice)
    assert (
        call(alice, "PATCH", f"/ledger/moments/{moment.pk}/audience", {"audience": "only_me"}).status_code
        == 200
    )
    _assert_not_found(call(bob, "GET", f"/ledger/moments/{moment.pk}"))
    assert call(alice, "DELETE", f"/ledger/moments/{moment.pk}").status_code == 204
    assert not SmallMoment.objects.exists()


# Trajectories


def _kept_and_confirmed(cast, at):
    occurrence = new_promise(cast.alice, [cast.bob], frequency="once").occurrences.get()
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.answer(occurrence, "confirm", cast.bob)


def _private_misses(cast, at, n=3):
    for _ in range(n):
        occurrence = new_promise(cast.alice, [cast.bob], frequency="once", what=CANARY, audience="only_me")
        at(EVENING)
        logic.answer(occurrence.occurrences.get(), "own_miss", cast.alice)
        at(MORNING)


def _trajectory(who, member, **params):
    query = "&".join(f"{k}={v.pk}" for k, v in params.items())
    return call(api_client(who), "GET", f"/ledger/trajectories/{member.pk}?{query}")


def test_a_trajectory_has_a_score_an_explanation_and_twelve_months(cast, at):
    _kept_and_confirmed(cast, at)
    body = _trajectory(cast.bob, cast.alice, toward=cast.bob).json()
    assert 50 < body["score"] <= 100
    assert [(line["outcome"], line["count"]) for line in body["explanation"]] == [("kept_confirmed", 1)]
    assert 0 < body["explanation"][0]["share"] < 1 and 0 < body["prior_share"] < 1
    assert len(body["series"]) == 12 and body["series"][-1]["score"] == body["score"]
    assert body["toward"]["id"] == str(cast.bob.pk)


def test_a_private_promise_does_not_change_what_others_see(cast, at):
    _kept_and_confirmed(cast, at)
    before = _trajectory(cast.bob, cast.alice).json()
    listed_before = call(api_client(cast.bob), "GET", f"/ledger/trajectories?circle={cast.circle.pk}").json()
    _private_misses(cast, at)
    after = _trajectory(cast.bob, cast.alice)
    assert after.json() == before
    assert CANARY not in after.content.decode()
    listed = call(api_client(cast.bob), "GET", f"/ledger/trajectories?circle={cast.circle.pk}").json()
    assert (
        listed
        == listed_before
        == [{"member": after.json()["member"], "score": before["score"], "self_reported": 0}]
    )
    own_view = _trajectory(cast.alice, cast.alice).json()
    assert own_view["score"] < before["score"]
    assert "missed_owned" in {line["outcome"] for line in own_view["explanation"]}


def test_trajectories_list_only_members_with_a_visible_history(cast, at):
    _kept_and_confirmed(cast, at)
    new_promise(cast.carol, [cast.bob], audience="only_me")
    listed = call(api_client(cast.bob), "GET", f"/ledger/trajectories?circle={cast.circle.pk}").json()
    assert [row["member"]["id"] for row in listed] == [str(cast.alice.pk)]


def test_a_member_without_visible_history_has_no_score_yet(cast, at):
    body = _trajectory(cast.bob, cast.carol).json()
    assert (body["score"], body["explanation"], body["prior_share"]) == (None, [], 1.0)
    assert [point["score"] for point in body["series"]] == [None] * 12


def test_a_trajectory_toward_someone_elsewhere_is_404(cast, at):
    _assert_not_found(_trajectory(cast.bob, cast.alice, toward=cast.olga))
    _assert_not_found(_trajectory(cast.olga, cast.olga, toward=cast.alice))


def test_the_professional_reads_no_scores_through_the_family_api(cast, at):
    _kept_and_confirmed(cast, at)
    # Scores are read only in the workspace: the family's API answers as to an outsider.
    _assert_not_found(_trajectory(cast.pat, cast.alice))
    user = make_user("quinn")
    join(cast.circle, user, Member.Role.PROFESSIONAL)
    _assert_not_found(_trajectory(user, cast.alice))
