"""Changing who can see a promise, through its page (the API's PATCH has the same form and rule)."""

from __future__ import annotations

import re
import uuid

from django.urls import reverse

from appreciations.logic import record_appreciation
from circles.audience import Audience
from ledger.models import Promise
from ledger.tests.factories import new_promise
from safety.models import SafetyCheck
from tests.support import answers, sent_to_workspace


def _url(cast, promise_id):
    return reverse("ledger:audience", args=[cast.circle.pk, promise_id])


def _page(cast, promise):
    return reverse("ledger:promise", args=[cast.circle.pk, promise.pk])


def _to_bob_seen_by_bob(cast):
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    promise.set_audience(Audience.CHOSEN, [cast.bob], False)
    return promise


def _older_private(cast):
    """A promise to Bob made private before "the people promised see it" was the rule."""
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    promise.set_audience(Audience.ONLY_ME, (), False)
    return promise


def test_the_promise_page_offers_the_change_to_its_author_only(cast, login):
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    assert _url(cast, promise.pk) in login(cast.alice).get(_page(cast, promise)).content.decode()
    assert _url(cast, promise.pk) not in login(cast.bob).get(_page(cast, promise)).content.decode()


def test_an_older_private_promise_offers_the_way_to_share_it(cast, login):
    promise = _older_private(cast)
    page = login(cast.alice).get(_page(cast, promise)).content.decode()
    notice = re.search(r'<p class="self-reported">.*?</p>', page, re.S).group(0)
    assert "self-reported" in notice and _url(cast, promise.pk) in notice


def test_author_lets_the_person_promised_see_it(cast, login):
    promise = _older_private(cast)
    client = login(cast.alice)
    form = client.get(_url(cast, promise.pk)).content.decode()
    assert "Only you will see this." in form and "Bob won’t see it, so could never confirm it." in form
    checked = re.findall(r'<input[^>]*name="audience"[^>]*value="(\w+)"[^>]*checked', form)
    assert checked == ["only_me"]
    response = client.post(_url(cast, promise.pk), {"audience": "addressed"}, follow=True)
    promise.refresh_from_db()
    assert response.redirect_chain[-1][0] == _page(cast, promise)
    assert "Saved. Who can see this is updated." in response.content.decode()
    assert promise.audience == Audience.CHOSEN and list(promise.chosen.all()) == [cast.bob]
    assert login(cast.bob).get(_page(cast, promise)).status_code == 200


def test_the_form_starts_from_the_people_promised_when_that_is_who_sees_it(cast, login):
    promise = _to_bob_seen_by_bob(cast)
    form = login(cast.alice).get(_url(cast, promise.pk)).content.decode()
    assert re.findall(r'<input[^>]*name="audience"[^>]*value="(\w+)"[^>]*checked', form) == ["addressed"]
    assert "Bob will see this." in form and "Bob can confirm it." in form


def test_author_shares_it_with_the_whole_circle(cast, login):
    promise = _to_bob_seen_by_bob(cast)
    login(cast.alice).post(_url(cast, promise.pk), {"audience": "circle"})
    promise.refresh_from_db()
    assert promise.audience == Audience.CIRCLE
    assert login(cast.carol).get(_page(cast, promise)).status_code == 200


def test_narrowing_away_from_the_person_promised_is_refused_with_the_rules_words(cast, login):
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    response = login(cast.alice).post(
        _url(cast, promise.pk), {"audience": "chosen", "chosen": [cast.carol.pk]}
    )
    page = response.content.decode()
    promise.refresh_from_db()
    assert response.status_code == 200 and promise.audience == Audience.CIRCLE
    assert "Bob could not see this promise, so could never confirm it." in page
    assert "Carol will see this." in page and "Bob won’t see it, so could never confirm it." in page
    only_me = login(cast.alice).post(_url(cast, promise.pk), {"audience": "only_me"})
    assert "Bob could not see this promise" in only_me.content.decode()
    assert Promise.objects.get().audience == Audience.CIRCLE


def test_sharing_asks_for_the_password_again(cast, client):
    promise = _older_private(cast)
    client.force_login(cast.alice.user)  # signed in long ago: no recent password
    assert client.get(_url(cast, promise.pk)).status_code == 200  # looking asks nothing
    response = client.post(_url(cast, promise.pk), {"audience": "addressed"})
    promise.refresh_from_db()
    assert "/accounts/reauthenticate/" in response["Location"] and promise.audience == Audience.ONLY_ME


def test_the_live_box_says_who_would_see_it(cast, login):
    promise = _older_private(cast)
    box = login(cast.alice).get(
        _url(cast, promise.pk),
        {"audience": "chosen", "chosen": [cast.carol.pk]},
        headers={"HX-Request": "true", "HX-Target": "who-sees"},
    )
    text = box.content.decode()
    assert "Carol will see this." in text and "Bob won’t see it" in text and "<form" not in text
    assert Promise.objects.get().audience == Audience.ONLY_ME


def _answer(client, url):
    """What a GET and a POST answer, ids, tokens and nonces set aside."""
    return answers(client.get(url)), answers(client.post(url, {"audience": "circle"}))


def test_nobody_else_learns_anything_from_the_page(cast, login):
    private = _older_private(cast)
    missing = _url(cast, uuid.uuid4())
    # Whoever may not see it: exactly as for a promise that does not exist.
    for who in (cast.bob, cast.carol, cast.pat):
        client = login(who)
        assert _answer(client, _url(cast, private.pk)) == _answer(client, missing)
        if who.is_professional:  # issue 15: sent to their own view, whatever the promise
            assert sent_to_workspace(client.get(_url(cast, private.pk)), cast.circle.pk)
        else:
            assert answers(client.get(_url(cast, private.pk)))[0] == 404
    outsider = login(cast.olga)
    assert _answer(outsider, _url(cast, private.pk)) == _answer(outsider, missing)
    assert Promise.objects.get().audience == Audience.ONLY_ME


def test_someone_who_sees_it_gets_the_answer_of_every_audience_page(cast, login):
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    client = login(cast.carol)
    promise_answer = _answer(client, _url(cast, promise.pk))
    appreciation = reverse("appreciations:audience", args=[cast.circle.pk, _appreciation(cast).pk])
    # The same page; only the menu marks which part of Mend the address is in.
    assert [_main(a) for a in promise_answer] == [_main(a) for a in _answer(client, appreciation)]
    assert (
        promise_answer[0][0] == 403 and "Only the person who wrote this can change it" in promise_answer[0][2]
    )


def test_a_flag_about_the_person_promised_changes_nothing_they_read(cast, login):
    promise = new_promise(cast.alice, [cast.bob], audience="circle")
    before = _answer(login(cast.bob), _url(cast, promise.pk))
    SafetyCheck.objects.create(member=cast.alice, about=cast.bob, answers="{}", blocks_joint_work=True)
    assert _answer(login(cast.bob), _url(cast, promise.pk)) == before
    assert before[0][0] == before[1][0] == 403


def _main(answer):
    status, headers, body = answer
    return status, headers, re.search(r"<main.*</main>", body, re.S).group(0)


def _appreciation(cast):
    return record_appreciation(cast.alice, "thanks", None, Audience.CIRCLE)
