"""Measures through the JSON API: the same rules as the pages."""

from __future__ import annotations

from coach_web.models import SafetyAlert
from measures.models import Assignment, Response
from tests.support import api_client, call, consent

NOT_FOUND = {"detail": "Not found."}


def _phq9(cast, value=1, item9=0, **extra):
    answers = dict.fromkeys(range(1, 9), value) | {9: item9}
    return {"circle": str(cast.circle.pk), "instrument": "phq9", "answers": answers, **extra}


def test_instruments_are_listed_with_bands_and_threshold(cast):
    body = call(api_client(cast.alice), "GET", "/measures/instruments").json()
    phq9 = next(i for i in body if i["id"] == "phq9")
    assert phq9["range"] == [0, 27] and phq9["reliable_change"]["points"] == 6
    assert [b["min"] for b in phq9["bands"]] == [0, 5, 10, 15, 20]
    assert call(api_client(cast.alice), "GET", "/measures/instruments/nope").status_code == 404


def test_a_response_is_private_by_default_and_scored(cast):
    made = call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, value=2))
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["total"], body["band"], body["audience"]) == (16, "moderately_severe", "only_me")
    assert body["answers"]["1"] == 2 and body["crisis_resources"] is False
    other = call(api_client(cast.bob), "GET", f"/measures/responses/{body['id']}")
    assert other.status_code == 404 and other.json() == NOT_FOUND


def test_readers_never_get_the_answers_unless_shared(cast):
    body = call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, audience="circle")).json()
    seen = call(api_client(cast.bob), "GET", f"/measures/responses/{body['id']}").json()
    assert seen["total"] == 8 and seen["answers"] is None and seen["crisis_resources"] is False


def test_item_9_sets_crisis_resources_for_the_author_and_alerts_only_under_consent(cast):
    body = call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, value=0, item9=1)).json()
    assert body["crisis_resources"] is True and not SafetyAlert.objects.exists()
    consent(cast.alice, cast.pat, safety_alerts=True)
    call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, value=0, item9=1))
    assert SafetyAlert.objects.filter(member=cast.alice, professional=cast.pat).count() == 1


def test_a_wrong_answer_value_is_refused(cast):
    bad = call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, value=7))
    assert bad.status_code == 400 and not Response.objects.exists()


def test_the_professional_assigns_under_consent_only(cast):
    pat = api_client(cast.pat)
    ask = {
        "circle": str(cast.circle.pk),
        "member": str(cast.alice.pk),
        "instrument": "phq9",
        "schedule": "weekly",
    }
    refused = call(pat, "POST", "/measures/assignments", ask)
    assert refused.status_code == 404 and refused.json() == NOT_FOUND
    consent(cast.alice, cast.pat)
    made = call(pat, "POST", "/measures/assignments", ask)
    assert made.status_code == 201 and made.json()["schedule"] == "weekly"
    mine = call(api_client(cast.alice), "GET", f"/measures/assignments?circle={cast.circle.pk}").json()
    assert [a["id"] for a in mine] == [made.json()["id"]]
    assert call(api_client(cast.bob), "POST", "/measures/assignments", ask).status_code == 404
    assert (
        call(api_client(cast.bob), "POST", f"/measures/assignments/{made.json()['id']}/end").status_code
        == 404
    )
    ended = call(pat, "POST", f"/measures/assignments/{made.json()['id']}/end")
    assert ended.status_code == 200 and not Assignment.objects.get().active


def test_the_professional_cannot_read_responses_through_the_family_api(cast):
    consent(cast.alice, cast.pat)
    body = call(
        api_client(cast.alice),
        "POST",
        "/measures/responses",
        _phq9(cast, audience="circle", professional_may_see=True),
    ).json()
    assert call(api_client(cast.pat), "GET", f"/measures/responses/{body['id']}").status_code == 404


def test_outsider_gets_404_for_every_route_with_an_id(cast):
    body = call(api_client(cast.alice), "POST", "/measures/responses", _phq9(cast, audience="circle")).json()
    olga = api_client(cast.olga)
    for method, path in (
        ("GET", f"/measures/responses/{body['id']}"),
        ("GET", f"/measures/results/{body['id']}"),
        ("DELETE", f"/measures/responses/{body['id']}"),
        ("PATCH", f"/measures/responses/{body['id']}/audience"),
    ):
        answer = call(olga, method, path, {"audience": "only_me"} if method == "PATCH" else None)
        assert answer.status_code == 404 and answer.json() == NOT_FOUND


def test_the_list_holds_only_what_the_caller_may_see(cast):
    alice = api_client(cast.alice)
    call(alice, "POST", "/measures/responses", _phq9(cast))
    shared = call(alice, "POST", "/measures/responses", _phq9(cast, audience="circle")).json()
    listed = call(api_client(cast.bob), "GET", f"/measures/responses?circle={cast.circle.pk}").json()
    assert [r["id"] for r in listed["items"]] == [shared["id"]]
    mine = call(alice, "GET", f"/measures/responses?circle={cast.circle.pk}&instrument=phq9").json()
    assert mine["count"] == 2
