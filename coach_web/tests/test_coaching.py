"""The coach and the crisis screen inside the product, through the real HTTP stack."""

from __future__ import annotations

from django.urls import reverse

from appreciations.models import Appreciation
from checkins.models import CheckIn

CRITICISM = "You are so selfish and lazy, you never think of anyone."
CRISIS = "I want to kill myself tonight"


def _check(client, text, **extra):
    return client.post(
        reverse("coach_web:check"), {"field": "text", "text": text, "target": "id_text", **extra}
    )


def test_typing_a_criticism_shows_a_finding_and_a_gentler_rewrite(cast, login):
    page = _check(login(cast.bob), CRITICISM).content.decode()
    assert "A gentle thought" in page and "Use this" in page and "data-coach-accept" in page


def test_a_dismissed_pattern_is_not_shown_again(cast, login):
    client = login(cast.bob)
    first = _check(client, "You are so selfish.").content.decode()
    assert "A gentle thought" in first
    again = _check(client, "You are so selfish.", dismissed="criticism").content.decode()
    assert "A gentle thought" not in again


def test_a_member_can_switch_the_coach_off(cast, login):
    user = cast.bob.user
    user.coach_enabled = False
    user.save()
    client = login(cast.bob)
    assert "A gentle thought" not in _check(client, CRITICISM).content.decode()
    form = client.get(reverse("appreciations:new", args=[cast.circle.pk])).content.decode()
    assert "hx-post" not in form


def test_the_composer_is_wired_into_the_appreciation_form(cast, login):
    form = login(cast.bob).get(reverse("appreciations:new", args=[cast.circle.pk])).content.decode()
    assert reverse("coach_web:check") in form and 'id="coach-id_text"' in form


def test_a_crisis_while_typing_shows_support_instead_of_coaching(cast, login):
    page = _check(login(cast.bob), CRITICISM + " " + CRISIS).content.decode()
    assert "help is here right now" in page and "A gentle thought" not in page


def test_the_coach_never_blocks_sending(cast, login):
    response = login(cast.bob).post(
        reverse("appreciations:new", args=[cast.circle.pk]), {"text": CRITICISM, "audience": "only_me"}
    )
    assert response.status_code == 302 and Appreciation.objects.get().text == CRITICISM


def test_a_crisis_note_saved_shows_the_card_to_its_author_only_and_is_saved_as_written(cast, login, client):
    author = login(cast.alice)
    response = author.post(
        reverse("checkins:new", args=[cast.circle.pk]),
        {"state": "shut_down", "note": CRISIS, "audience": "circle"},
        follow=True,
    )
    page = response.content.decode()
    assert "help is here right now" in page and "988" in page
    assert CheckIn.objects.get().note == CRISIS
    # Shown once: the next page is calm again.
    assert (
        "help is here right now"
        not in author.get(reverse("checkins:home", args=[cast.circle.pk])).content.decode()
    )
    client.force_login(cast.bob.user)
    for url in (
        reverse("circles:home", args=[cast.circle.pk]),
        reverse("checkins:list", args=[cast.circle.pk]),
    ):
        assert "help is here right now" not in client.get(url).content.decode()


def test_the_crisis_screen_answers_api_clients_with_a_header_only(cast):
    from tests.support import api_client, call

    response = call(
        api_client(cast.bob),
        "post",
        "/appreciations",
        {"circle": str(cast.circle.pk), "text": CRISIS, "audience": "only_me"},
    )
    assert response.status_code == 201 and response["Mend-Crisis"] == "crisis"


def test_an_idiom_is_not_a_crisis(cast, login):
    response = login(cast.bob).post(
        reverse("appreciations:new", args=[cast.circle.pk]),
        {"text": "Thank you for the help, this week is killing me", "audience": "only_me"},
        follow=True,
    )
    assert "help is here right now" not in response.content.decode()
