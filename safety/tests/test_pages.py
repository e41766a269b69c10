"""The "Feeling safe" pages through the real HTTP stack: private to the member who answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safety import logic
from safety.models import SafetyCheck
from safety.rules import NO, QUESTIONS, YES
from safety.tests.helpers import afraid
from tests.support import sent_to_workspace


def _home(cast):
    return reverse("safety:home", args=[cast.circle.pk])


def _check(cast, about):
    return reverse("safety:check", args=[cast.circle.pk, about.pk])


def _all(value) -> dict[str, str]:
    return dict.fromkeys(QUESTIONS, value)


def test_the_home_page_lists_everyone_else_not_yet_answered(cast, login):
    page = login(cast.alice).get(_home(cast)).content.decode()
    for name in ("Bob", "Carol", "Pat"):
        assert f"Answer about {name}" in page
    assert "Answer about Alice" not in page
    assert "Not yet" in page
    assert "only you ever see them" in page


def test_the_home_page_shows_when_i_answered_and_links_to_review(cast, login):
    logic.record_answers(cast.alice, cast.bob, afraid())
    page = login(cast.alice).get(_home(cast)).content.decode()
    assert "Answered on" in page
    assert "Review or change your answers about Bob" in page
    assert "joint exercises are off for you" in page


def test_the_form_has_a_gentle_private_intro_and_every_question(cast, login):
    page = login(cast.alice).get(_check(cast, cast.bob)).content.decode()
    assert "How safe do you feel with Bob?" in page
    assert "Only you will ever see your answers" in page and "change them any time" in page
    for key in QUESTIONS:
        assert f'name="{key}"' in page


def test_answering_with_risk_shows_resources_and_that_joint_exercises_are_off(cast, login):
    client = login(cast.alice)
    response = client.post(_check(cast, cast.bob), {**_all(NO), "hurt": YES}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your answers are saved. Only you can see them." in page
    assert "Joint exercises with Bob are off for you" in page
    assert "1-800-799-7233" in page and "988" in page
    assert "changing your answers" in page
    assert logic.joint_work_blocked(cast.alice, cast.bob)


def test_answering_all_no_saves_without_resources(cast, login):
    response = login(cast.alice).post(_check(cast, cast.bob), _all(NO), follow=True)
    page = response.content.decode()
    assert "Your answers are saved." in page
    assert "1-800-799-7233" not in page.split("<main", 1)[1]
    assert not logic.joint_work_blocked(cast.alice, cast.bob)


def test_reviewing_shows_my_answers_checked(cast, login):
    logic.record_answers(cast.alice, cast.bob, afraid())
    page = login(cast.alice).get(_check(cast, cast.bob)).content.decode()
    assert 'name="afraid" value="yes" required id="id_afraid_0" checked' in page
    assert 'name="hurt" value="no" required id="id_hurt_1" checked' in page


def test_changing_answers_turns_joint_work_back_on(cast, login):
    logic.record_answers(cast.alice, cast.bob, afraid())
    login(cast.alice).post(_check(cast, cast.bob), _all(NO))
    assert not logic.joint_work_blocked(cast.alice, cast.bob)
    assert SafetyCheck.objects.count() == 1


def test_a_missing_answer_gets_a_clear_message_and_keeps_the_rest(cast, login):
    answers = {**_all(NO), "afraid": YES}
    del answers["controlled"]
    response = login(cast.alice).post(_check(cast, cast.bob), answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not sure” is a fine answer too" in page
    assert 'name="afraid" value="yes" required id="id_afraid_0" checked' in page
    assert not SafetyCheck.objects.exists()


def test_an_unknown_choice_is_refused_without_saving(cast, login):
    response = login(cast.alice).post(_check(cast, cast.bob), {**_all(NO), "afraid": "maybe"})
    assert response.status_code == 200
    assert not SafetyCheck.objects.exists()


@pytest.mark.parametrize("who", ["alice", "carol", "pat", "olga"])
def test_nobody_can_open_a_page_about_themselves_or_outside_the_circle(cast, login, who):
    target = {"alice": cast.alice, "carol": cast.olga, "pat": cast.pat, "olga": cast.bob}[who]
    client = login(getattr(cast, who))
    url = reverse("safety:check", args=[getattr(cast, who).circle_id, target.pk])
    if who == "pat":  # issue 15: a professional is sent to their own view of the circle
        assert sent_to_workspace(client.get(url), cast.circle.pk)
        assert sent_to_workspace(client.post(url, _all(YES)), cast.circle.pk)
    else:
        assert client.get(url).status_code == 404
        assert client.post(url, _all(YES)).status_code == 404
    assert not SafetyCheck.objects.exists()


def test_an_outsider_gets_404_on_the_circle_pages(cast, login):
    client = login(cast.olga)
    assert client.get(_home(cast)).status_code == 404
    assert client.get(_check(cast, cast.bob)).status_code == 404


def test_signed_out_visitors_are_sent_to_log_in(cast, client):
    assert client.get(_home(cast)).status_code == 302


def test_another_member_never_sees_my_answers_on_their_pages(cast, login):
    logic.record_answers(cast.alice, cast.bob, afraid())
    client = login(cast.bob)
    home = client.get(_home(cast)).content.decode()
    assert "Answer about Alice" in home and "Answered on" not in home and "off for you" not in home
    page = client.get(_check(cast, cast.alice)).content.decode()
    assert " checked" not in page and "off for you" not in page and "last answered" not in page


def test_the_professional_answers_only_for_themselves(cast, login):
    logic.record_answers(cast.alice, cast.pat, afraid())
    client = login(cast.pat)
    page = client.get(_check(cast, cast.alice)).content.decode()
    assert " checked" not in page and "off for you" not in page
