"""Repair phrases in the JSON API: only the member's own phrases are ever visible."""

from __future__ import annotations

from uuid import uuid4

import pytest

from phrases import logic
from phrases.models import TEXT_MAX, Favourite, OwnPhrase
from tests.support import api_client, call, join, make_user

CANARY = "canary-51e alice's own words"


def _list(who, circle, **params):
    query = "&".join(f"{k}={v}" for k, v in {"circle": circle.pk, **params}.items())
    return call(api_client(who), "GET", f"/phrases?{query}")


def _assert_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_library_lists_every_phrase_in_the_chosen_language(cast):
    response = _list(cast.bob, cast.circle, lang="es")
    assert response.status_code == 200
    phrases = response.json()
    assert len(phrases) >= 72
    assert phrases[0] == {
        "id": "feeling-01",
        "purpose": "feeling",
        "purpose_name": "Me siento…",
        "text": "Me duele, y quiero entender qué pasó.",
        "own": False,
        "favourite": False,
    }


def test_the_language_defaults_to_the_members_setting(cast):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    assert _list(cast.bob, cast.circle).json()[0]["purpose_name"] == "Me siento…"
    assert _list(cast.carol, cast.circle).json()[0]["purpose_name"] == "I'm feeling…"


def test_search_ignores_case_and_accents(cast):
    found = _list(cast.bob, cast.circle, lang="es", q="TENSION").json()
    assert [p["id"] for p in found] == ["feeling-04"]
    assert _list(cast.bob, cast.circle, q="zebra").json() == []


def test_purposes(cast):
    response = call(api_client(cast.bob), "GET", "/phrases/purposes?lang=es")
    assert [p["key"] for p in response.json()] == ["feeling", "sorry", "yes", "calm", "stop", "appreciate"]


def test_create_read_change_delete_an_own_phrase(cast):
    client = api_client(cast.alice)
    created = call(
        client, "POST", "/phrases/own", {"circle": str(cast.circle.pk), "text": CANARY, "purpose": "calm"}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["text"], body["purpose"], body["favourite"], body["circle"]) == (
        CANARY,
        "calm",
        False,
        str(cast.circle.pk),
    )
    path = f"/phrases/own/{body['id']}"
    assert call(client, "GET", path).json()["text"] == CANARY
    changed = call(client, "PATCH", path, {"purpose": ""})
    assert (changed.json()["text"], changed.json()["purpose"]) == (CANARY, "")
    changed = call(client, "PATCH", path, {"text": "  fresh words  "})
    assert changed.json()["text"] == "fresh words"
    listed = call(client, "GET", f"/phrases/own?circle={cast.circle.pk}").json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert call(client, "DELETE", path).status_code == 204
    assert OwnPhrase.objects.count() == 0


def test_own_phrases_appear_in_the_library_for_their_author_only(cast):
    logic.add_own(cast.alice, CANARY, "sorry")
    mine = _list(cast.alice, cast.circle, q="canary").json()
    assert [(p["text"], p["own"], p["purpose"]) for p in mine] == [(CANARY, True, "sorry")]
    for other in (cast.bob, cast.carol):
        assert CANARY not in _list(other, cast.circle).content.decode()
        assert call(api_client(other), "GET", f"/phrases/own?circle={cast.circle.pk}").json() == []
    # The professional is answered as someone outside the circle.
    _assert_not_found(call(api_client(cast.pat), "GET", f"/phrases/own?circle={cast.circle.pk}"))


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "   "}, 422),
        ({"text": "x" * (TEXT_MAX + 1)}, 422),
        ({"text": "ok", "purpose": "shouting"}, 422),
        ({"text": "ok", "member": "someone"}, 422),
    ],
)
def test_bad_own_phrases_are_refused(cast, body, status):
    response = call(api_client(cast.alice), "POST", "/phrases/own", {"circle": str(cast.circle.pk), **body})
    assert response.status_code == status
    assert OwnPhrase.objects.count() == 0


def test_a_blank_change_is_refused_and_nothing_is_lost(cast):
    own = logic.add_own(cast.alice, "keep me")
    response = call(api_client(cast.alice), "PATCH", f"/phrases/own/{own.pk}", {"text": " "})
    assert response.status_code == 422
    own.refresh_from_db()
    assert own.text == "keep me"


def test_the_limit_answers_400_with_a_message(cast):
    from phrases.models import OWN_MAX

    OwnPhrase.objects.bulk_create(OwnPhrase(member=cast.alice, text=f"p{n}") for n in range(OWN_MAX))
    response = call(
        api_client(cast.alice), "POST", "/phrases/own", {"circle": str(cast.circle.pk), "text": "more"}
    )
    assert response.status_code == 400
    assert str(OWN_MAX) in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PATCH", {"text": "mine now"}), ("DELETE", None)]
)
def test_everyone_else_gets_404_for_an_own_phrase(cast, method, body):
    own = logic.add_own(cast.alice, CANARY)
    for other in (cast.bob, cast.carol, cast.pat, cast.olga):
        _assert_not_found(call(api_client(other), method, f"/phrases/own/{own.pk}", body))
    own.refresh_from_db()
    assert own.text == CANARY


def test_a_missing_own_phrase_is_the_same_404(cast):
    _assert_not_found(call(api_client(cast.alice), "GET", f"/phrases/own/{uuid4()}"))


def test_an_own_phrase_from_a_circle_left_behind_is_404(cast):
    from django.utils import timezone

    own = logic.add_own(cast.bob, CANARY)
    cast.bob.left_at = timezone.now()
    cast.bob.save()
    _assert_not_found(call(api_client(cast.bob), "GET", f"/phrases/own/{own.pk}"))


def test_outsiders_get_404_on_every_circle_endpoint(cast):
    client = api_client(cast.olga)
    circle = cast.circle.pk
    _assert_not_found(call(client, "GET", f"/phrases?circle={circle}"))
    _assert_not_found(call(client, "GET", f"/phrases/own?circle={circle}"))
    _assert_not_found(call(client, "GET", f"/phrases/favourites?circle={circle}"))
    _assert_not_found(call(client, "POST", "/phrases/own", {"circle": str(circle), "text": "hi"}))
    _assert_not_found(
        call(client, "POST", "/phrases/favourites", {"circle": str(circle), "phrase": "calm-01"})
    )
    _assert_not_found(call(client, "DELETE", f"/phrases/favourites/calm-01?circle={circle}"))


def test_favourites_add_list_and_remove(cast):
    client = api_client(cast.bob)
    circle = str(cast.circle.pk)
    own = logic.add_own(cast.bob, "my words")
    for phrase in ("sorry-02", str(own.pk), "sorry-02"):
        response = call(client, "POST", "/phrases/favourites", {"circle": circle, "phrase": phrase})
        assert response.status_code == 201
        assert response.json() == {"phrase": phrase, "favourite": True}
    assert call(client, "GET", f"/phrases/favourites?circle={circle}").json() == ["sorry-02", str(own.pk)]
    listed = _list(cast.bob, cast.circle).json()
    assert [p["id"] for p in listed[:2]] == ["sorry-02", str(own.pk)]
    assert all(p["favourite"] for p in listed[:2])
    assert call(client, "GET", f"/phrases/own/{own.pk}").json()["favourite"] is True
    assert call(client, "DELETE", f"/phrases/favourites/sorry-02?circle={circle}").status_code == 204
    assert call(client, "GET", f"/phrases/favourites?circle={circle}").json() == [str(own.pk)]


@pytest.mark.parametrize("phrase", ["sorry-99", "nothing", "7d0c6a8e-5b7e-4a43-9d0e-3f1f8d1c2b11"])
def test_favouriting_an_unknown_phrase_is_404(cast, phrase):
    response = call(
        api_client(cast.bob), "POST", "/phrases/favourites", {"circle": str(cast.circle.pk), "phrase": phrase}
    )
    _assert_not_found(response)


def test_nobody_can_favourite_someone_elses_own_phrase(cast):
    own = logic.add_own(cast.alice, CANARY)
    response = call(
        api_client(cast.bob),
        "POST",
        "/phrases/favourites",
        {"circle": str(cast.circle.pk), "phrase": str(own.pk)},
    )
    _assert_not_found(response)
    assert Favourite.objects.count() == 0


def test_own_phrases_stay_in_the_membership_they_were_written_in(cast):
    from circles.logic import create_circle

    other = create_circle(cast.alice.user, "Work", "friend")
    logic.add_own(cast.alice, CANARY)
    assert CANARY not in _list(cast.alice, other.circle).content.decode()


def test_a_professional_is_answered_as_an_outsider_with_or_without_two_step_login(cast):
    user = make_user("quinn")
    join(cast.circle, user, "professional")
    for professional in (user, cast.pat):
        _assert_not_found(_list(professional, cast.circle))


# Every phrases route, so a new one cannot slip in without its outsider test above.
ROUTES = {
    ("GET", "/phrases"),
    ("GET", "/phrases/purposes"),
    ("GET", "/phrases/own"),
    ("POST", "/phrases/own"),
    ("GET", "/phrases/own/{phrase_id}"),
    ("PATCH", "/phrases/own/{phrase_id}"),
    ("DELETE", "/phrases/own/{phrase_id}"),
    ("GET", "/phrases/favourites"),
    ("POST", "/phrases/favourites"),
    ("DELETE", "/phrases/favourites/{phrase}"),
}


def test_every_phrases_route_is_listed(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        if path.startswith("/api/v1/phrases")
        for method in operations
    }
    assert routes == ROUTES
