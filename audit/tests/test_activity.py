""" "Account activity": a person reads the rows about them, in plain words, on a page in
their settings and through the API; never anyone else's rows."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import Event, Kind
from audit.trail import record
from audit.wording import SENTENCES
from circles import logic as circles_logic
from tests.support import call, make_user

PAGE = "audit:activity"


def test_every_kind_has_plain_words():
    assert set(SENTENCES) == set(Kind)


def test_the_page_lists_my_rows_in_plain_words(cast, login):
    alice = cast.alice.user
    record(Kind.LOGIN_FAILED, about=alice)
    record(Kind.PASSWORD_CHANGED, actor=alice, about=alice)
    page = login(cast.alice).get(reverse(PAGE)).content.decode()
    assert "Someone tried to log in to your account with a wrong password." in page
    assert "Your password was changed." in page
    assert "You" in page


def test_the_page_says_who_did_it_when_it_was_someone_else(cast, login):
    circles_logic.make_owner(cast.alice, cast.bob)
    page = login(cast.bob).get(reverse(PAGE)).content.decode()
    assert "You were made an owner of a circle." in page
    assert "Alice" in page


def test_the_page_is_in_spanish_for_a_spanish_speaker(cast, login):
    alice = cast.alice.user
    alice.language = "es"
    alice.save()
    record(Kind.LOGIN_FAILED, about=alice)
    page = login(cast.alice).get(reverse(PAGE)).content.decode()
    assert "Actividad de tu cuenta" in page
    assert "Alguien intentó entrar en tu cuenta con una contraseña equivocada." in page


def test_nobody_reads_anyone_elses_rows(cast, login):
    record(Kind.PASSWORD_CHANGED, actor=cast.bob.user, about=cast.bob.user)
    circles_logic.remove_member(cast.alice, cast.carol)  # alice did it; it is about carol
    page = login(cast.alice).get(reverse(PAGE)).content.decode()
    assert "Your password was changed." not in page
    assert "You were removed from a circle." not in page


def test_the_page_comes_in_pages_newest_first(cast, login):
    alice = cast.alice.user
    for days in range(60):
        Event(
            kind=Kind.LOGIN, actor_id=alice.pk, about_id=alice.pk, at=timezone.now() - timedelta(days=days)
        ).save()
    client = login(cast.alice)
    first = client.get(reverse(PAGE))
    assert first.context["page"].paginator.count == Event.objects.about(alice).count()
    assert len(first.context["page"].object_list) == 30
    assert "?page=2" in first.content.decode()
    assert client.get(reverse(PAGE), {"page": "9999"}).status_code == 200


def test_the_page_needs_a_login(client, db):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_settings_page_links_to_it(cast, login):
    assert reverse(PAGE) in login(cast.alice).get(reverse("accounts:profile")).content.decode()


# --- the API ------------------------------------------------------------------------


def test_the_api_lists_my_rows_with_ids_and_words(cast, api):
    alice = cast.alice.user
    circles_logic.make_owner(cast.alice, cast.bob)
    record(Kind.LOGIN_FAILED, about=alice)
    response = call(api(cast.bob), "get", "/account/activity")
    assert response.status_code == 200
    body = response.json()
    kinds = [item["kind"] for item in body["items"]]
    assert "made_owner" in kinds and "login_failed" not in kinds
    made = next(item for item in body["items"] if item["kind"] == "made_owner")
    assert made["by"] == "someone_else" and made["by_name"] == "Alice"
    assert made["circle_id"] == str(cast.circle.pk)
    assert made["target"] == {"kind": "circles.member", "id": str(cast.bob.pk)}
    assert made["text"] == "You were made an owner of a circle."
    assert body["count"] == len(body["items"])


def test_the_api_answers_in_spanish_when_asked(cast, api):
    record(Kind.LOGIN_FAILED, about=cast.alice.user)
    body = api(cast.alice).get("/api/v1/account/activity", headers={"accept-language": "es"}).json()
    assert "Alguien intentó entrar en tu cuenta con una contraseña equivocada." in [
        item["text"] for item in body["items"]
    ]


def test_the_api_needs_a_login(client, db):
    assert client.get("/api/v1/account/activity").status_code == 401


def test_the_api_is_paginated(db, api):
    dana = make_user("dana")
    for _ in range(25):
        record(Kind.LOGIN, actor=dana, about=dana)
    body = api(dana).get("/api/v1/account/activity").json()
    assert body["count"] == Event.objects.about(dana).count() == 26  # with the token just made
    assert len(body["items"]) == 20
