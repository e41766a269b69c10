"""Audience follows intent (issue 14, point 2): entries aimed at people are seen by them by
default, the author reads who will see it before saving, a promise is never hidden from the
people it is made to, and outcomes nobody promised can see are labelled self-reported."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from appreciations.models import Appreciation
from circles.audience import addressed
from circles.audience.change import AudienceChoice
from ledger import logic, queries
from ledger.models import Occurrence, Promise, SmallMoment
from ledger.tests.factories import new_promise, rule
from safety import logic as safety
from safety.tests.helpers import afraid
from tests.support import answers, api_client, call, consent, rolled_back

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "who-sees"}


def _url(name, cast, *args):
    return reverse(f"ledger:{name}", args=[cast.circle.pk, *args])


def _promise_form(cast, **fields):
    return {
        "what": "Call Mum",
        "recipients": [cast.bob.pk],
        "frequency": "daily",
        "due_time": "19:00",
        "starts_on": "2026-03-02",
        "audience": "addressed",
        **fields,
    }


def _checked_audience(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="audience"[^>]*value="(\w+)"[^>]*checked', page)


# --- promises: the default, the sentence, the refusal -----------------------------------------


def test_the_promise_form_starts_with_the_people_promised_and_offers_no_only_me(cast, login, at):
    at(NOW)
    page = login(cast.alice).get(_url("new", cast)).content.decode()
    assert _checked_audience(page) == ["addressed"]
    assert 'value="only_me"' not in page
    assert "The people you promise it to will see it, so they can confirm it." in page
    assert page.index('name="audience"') < page.index('id="who-sees"') < page.index("Save the promise")


def test_the_sentence_follows_the_choice_as_it_changes(cast, login, at):
    at(NOW)
    client = login(cast.alice)
    url = _url("new", cast)
    box = client.get(url, {"recipients": [cast.bob.pk], "audience": "addressed"}, **HTMX)
    assert box.status_code == 200 and "<html" not in box.content.decode()
    assert "Bob will see this." in box.content.decode() and "Bob can confirm it." in box.content.decode()
    assert "HX-Target" in box["Vary"]
    other = client.get(
        url, {"recipients": [cast.bob.pk], "audience": "chosen", "chosen": [cast.carol.pk]}, **HTMX
    )
    text = other.content.decode()
    assert "Carol will see this." in text and "Bob won’t see it, so could never confirm it." in text
    circle = client.get(url, {"to_circle": "on", "audience": "circle"}, **HTMX).content.decode()
    assert (
        "Everyone in the circle will see this." in circle and "Anyone in the circle can confirm it." in circle
    )
    assert not Promise.objects.exists()


def test_a_promise_saved_with_the_default_is_seen_and_confirmable_by_the_person_promised(cast, login, at):
    at(NOW)
    response = login(cast.alice).post(_url("new", cast), _promise_form(cast))
    assert response.status_code == 302
    promise = Promise.objects.get()
    assert (promise.audience, list(promise.chosen.all())) == ("chosen", [cast.bob])
    assert not Promise.objects.visible_to(cast.carol).exists()
    occurrence = promise.occurrences.order_by("due_at").first()
    at(occurrence.due_at - timedelta(minutes=5))
    logic.answer(occurrence, "report_kept", cast.alice)
    logic.answer(occurrence, "confirm", cast.bob)
    assert Occurrence.objects.get(pk=occurrence.pk).outcome == "kept_confirmed"


def test_a_promise_to_the_circle_is_seen_by_the_circle_by_default(cast, login, at):
    at(NOW)
    login(cast.alice).post(_url("new", cast), _promise_form(cast, recipients=[], to_circle="on"))
    assert Promise.objects.get().audience == "circle"


def test_a_promise_hidden_from_the_person_promised_is_refused_with_why(cast, login, at):
    at(NOW)
    form = _promise_form(cast, audience="chosen", chosen=[cast.carol.pk])
    response = login(cast.alice).post(_url("new", cast), form)
    page = response.content.decode()
    assert response.status_code == 200 and not Promise.objects.exists()
    assert "Bob could not see this promise, so could never confirm it." in page
    assert "Bob won’t see it, so could never confirm it." in page  # the sentence says so too
    assert "Call Mum" in page  # what was typed stays


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"audience": "only_me"}, "Bob could not see this promise"),
        (
            {"audience": "chosen", "chosen": [], "recipients": [], "to_circle": True},
            "A promise to the whole circle",
        ),
    ],
)
def test_the_page_refuses_what_no_recipient_could_confirm(cast, login, at, fields, words):
    at(NOW)
    response = login(cast.alice).post(_url("new", cast), _promise_form(cast, **fields))
    assert response.status_code == 200 and not Promise.objects.exists()
    assert words in response.content.decode()


def _api_body(cast, **fields):
    body = {k: v for k, v in _promise_form(cast).items() if k not in ("recipients", "audience")}
    return {"circle": str(cast.circle.pk), "recipients": [str(cast.bob.pk)], **body, **fields}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"audience": "only_me"}, "Bob could not see this promise"),
        ({"audience": "chosen", "chosen": "carol"}, "Bob could not see this promise"),
        ({"audience": "chosen", "chosen": "bob", "recipients": [], "to_circle": True}, "whole circle"),
    ],
)
def test_the_api_refuses_the_same_with_422_and_the_same_words(cast, at, fields, words):
    at(NOW)
    if "chosen" in fields:
        fields = {**fields, "chosen": [str(getattr(cast, fields["chosen"]).pk)]}
    response = call(api_client(cast.alice), "POST", "/ledger/promises", _api_body(cast, **fields))
    assert response.status_code == 422, response.content
    assert any(words in error["msg"] for error in response.json()["errors"]), response.json()
    assert not Promise.objects.exists()


def test_the_api_default_follows_the_people_promised(cast, at):
    at(NOW)
    response = call(api_client(cast.alice), "POST", "/ledger/promises", _api_body(cast))
    assert response.status_code == 201
    assert (response.json()["audience"], response.json()["chosen"]) == ("chosen", [str(cast.bob.pk)])


def test_an_audience_change_that_hides_a_promise_from_its_people_is_refused(cast, at):
    at(NOW)
    promise = new_promise(cast.alice, [cast.bob])
    url = f"/ledger/promises/{promise.pk}/audience"
    response = call(
        api_client(cast.alice), "PATCH", url, {"audience": "chosen", "chosen": [str(cast.carol.pk)]}
    )
    assert response.status_code == 422 and "Bob could not see this promise" in response.json()["detail"]
    promise.refresh_from_db()
    assert promise.audience == "circle"


def test_a_promise_to_the_professional_needs_their_flag_and_the_promisers_yes(cast, at):
    at(NOW)
    choice = addressed.resolve([cast.pat], whole_circle=False, professional_may_see=False)
    assert (choice.audience, choice.chosen, choice.professional_may_see) == ("chosen", (), True)
    with pytest.raises(logic.HiddenFromRecipients) as refused:
        logic.check_seen_by_recipients(cast.alice, [cast.pat], False, choice)
    assert "say yes to their joining" in refused.value.message
    consent(cast.alice, cast.pat)
    logic.check_seen_by_recipients(cast.alice, [cast.pat], False, choice)


# --- the promise's page: who can see it, and self-reported outcomes --------------------------------


def test_the_promise_page_says_who_can_see_it(cast, login, at):
    at(NOW)
    promise = new_promise(cast.alice, [cast.bob], audience="chosen")
    promise.set_audience("chosen", [cast.bob, cast.carol])
    mine = login(cast.alice).get(_url("promise", cast, promise.pk)).content.decode()
    assert "Who can see this:" in mine and "Bob and Carol can see this. Bob can confirm it." in mine
    theirs = login(cast.carol).get(_url("promise", cast, promise.pk)).content.decode()
    assert "Alice chose who can see this, you among them." in theirs
    assert "Bob and Carol" not in theirs  # whom the author chose is theirs alone
    assert "self-reported" not in mine + theirs


def _kept_private(cast, at):
    """A promise to bob from before this rule, only alice sees it; she reports it kept."""
    promise = new_promise(cast.alice, [cast.bob], audience="only_me", frequency="once")
    occurrence = promise.occurrences.get()
    at(occurrence.due_at - timedelta(minutes=5))
    logic.answer(occurrence, "report_kept", cast.alice)
    at(occurrence.due_at + timedelta(days=2))
    return promise


def test_an_outcome_nobody_promised_can_see_is_labelled_self_reported(cast, login, at):
    at(NOW)
    promise = _kept_private(cast, at)
    client = login(cast.alice)
    page = client.get(_url("promise", cast, promise.pk)).content.decode()
    assert "None of the people you promised can see this promise" in page
    assert "Kept · self-reported" in page
    assert "1 of these is self-reported" in page and "(1 self-reported)" in page
    mutual = client.get(_url("relationship", cast, cast.bob.pk)).content.decode()
    assert "Includes self-reported outcomes" in mutual and "1 of these is self-reported" in mutual
    trajectory = call(api_client(cast.alice), "GET", f"/ledger/trajectories/{cast.alice.pk}").json()
    assert trajectory["self_reported"] == 1 and trajectory["explanation"][0]["self_reported"] == 1
    listed = call(api_client(cast.alice), "GET", f"/ledger/trajectories?circle={cast.circle.pk}").json()
    assert listed[0]["self_reported"] == 1


def test_an_outcome_the_person_promised_can_see_is_not_self_reported(cast, login, at):
    at(NOW)
    promise = new_promise(cast.alice, [cast.bob], audience="circle", frequency="once")
    occurrence = promise.occurrences.get()
    at(occurrence.due_at - timedelta(minutes=5))
    logic.answer(occurrence, "report_kept", cast.alice)
    page = login(cast.alice).get(_url("promise", cast, promise.pk)).content.decode()
    assert "self-reported" not in page


AUDIENCES = ["only_me", "chosen_recipient", "chosen_other", "circle"]


@pytest.mark.parametrize(
    ("audience", "to_circle", "pro_flag", "pro_recipient", "approved"),
    list(itertools.product(AUDIENCES, [False, True], [False, True], [False, True], [False, True])),
)
def test_the_database_reading_agrees_with_the_rule(
    cast, at, audience, to_circle, pro_flag, pro_recipient, approved
):
    """`seen_by_someone_promised` (SQL) says the same as `addressed.reaches` over the same choice."""
    at(NOW)
    if approved:
        consent(cast.alice, cast.pat)
    recipients = [] if to_circle else [cast.bob] + ([cast.pat] if pro_recipient else [])
    chosen = {"chosen_recipient": [cast.bob], "chosen_other": [cast.carol]}.get(audience, [])
    stored = "chosen" if audience.startswith("chosen") else audience
    promise = logic.make_promise(
        cast.alice,
        "x",
        recipients=recipients,
        to_circle=to_circle,
        rule=rule(),
        audience=stored,
        chosen=chosen,
        professional_may_see=pro_flag,
    )
    in_sql = queries.confirmable(promise)
    choice = AudienceChoice(promise.audience, tuple(promise.chosen.all()), promise.professional_may_see)
    people = [cast.bob, cast.carol] if to_circle else recipients
    ids = addressed.approved_professionals(cast.alice, "promises")
    assert in_sql == any(addressed.reaches(person, choice, ids) for person in people)


# --- small moments and thanks: the default, and the one-tap buttons after the choice -------------


def test_the_one_tap_buttons_come_after_the_choice_of_who_sees(cast, login):
    page = login(cast.alice).get(_url("moments", cast)).content.decode()
    assert _checked_audience(page) == ["addressed"]
    assert page.index('name="audience"') < page.index('name="kind" value="call_returned"')
    assert page.index('id="who-sees"') < page.index('name="kind" value="call_returned"')


def test_one_tap_about_someone_is_seen_by_them_and_about_yourself_stays_yours(cast, login):
    client = login(cast.alice)
    client.post(_url("moments", cast), {"about": cast.bob.pk, "kind": "calm"})
    client.post(_url("moments", cast), {"about": cast.alice.pk, "kind": "honest"})
    about_bob, about_me = SmallMoment.objects.get(kind="calm"), SmallMoment.objects.get(kind="honest")
    assert (about_bob.audience, list(about_bob.chosen.all())) == ("chosen", [cast.bob])
    assert about_me.audience == "only_me"
    box = client.get(_url("moments", cast), {"about": cast.bob.pk, "audience": "only_me"}, **HTMX)
    assert "Only you will see this." in box.content.decode() and "Bob won’t see it." in box.content.decode()
    page = client.get(_url("moment", cast, about_bob.pk)).content.decode()
    assert "Who can see this: Bob can see this." in page


def test_a_moment_about_the_professional_is_seen_through_their_flag(cast, login):
    login(cast.alice).post(_url("moments", cast), {"about": cast.pat.pk, "kind": "calm"})
    moment = SmallMoment.objects.get()
    assert (moment.audience, list(moment.chosen.all()), moment.professional_may_see) == ("chosen", [], True)


def test_thanking_the_circle_is_seen_by_the_circle_by_default(cast, login):
    client = login(cast.bob)
    url = reverse("appreciations:new", args=[cast.circle.pk])
    client.post(url, {"to_member": "", "text": "Thank you all", "audience": "addressed"})
    client.post(url, {"to_member": cast.alice.pk, "text": "Thank you Alice", "audience": "addressed"})
    to_circle, to_alice = (
        Appreciation.objects.get(to_member=None),
        Appreciation.objects.get(to_member=cast.alice),
    )
    assert to_circle.audience == "circle"
    assert (to_alice.audience, list(to_alice.chosen.all())) == ("chosen", [cast.alice])
    box = client.get(url, {"to_member": cast.alice.pk, "audience": "addressed"}, **HTMX).content.decode()
    assert "Alice will see this." in box
    page = client.get(reverse("appreciations:detail", args=[cast.circle.pk, to_circle.pk])).content.decode()
    assert "Who can see this: Everyone in the circle can see this." in page


def test_the_spanish_sentences_are_translated(cast, login, at):
    at(NOW)
    cast.alice.user.language = "es"
    cast.alice.user.save(update_fields=["language"])
    client = login(cast.alice)
    box = client.get(
        _url("new", cast),
        {"recipients": [cast.bob.pk, cast.carol.pk], "audience": "addressed"},
        HTTP_ACCEPT_LANGUAGE="es",
        **HTMX,
    ).content.decode()
    assert "Bob y Carol" in box and "will see" not in box


# --- safety: nothing here depends on anyone's answers -----------------------------------------------


def test_what_bob_reads_while_writing_to_alice_is_the_same_after_her_answers(cast, login, at):
    at(NOW)

    def bob_writes():
        client = login(cast.bob)
        reads = [
            client.get(_url("new", cast)),
            client.get(_url("new", cast), {"recipients": [cast.alice.pk], "audience": "addressed"}, **HTMX),
            client.get(_url("moments", cast), {"about": cast.alice.pk, "audience": "addressed"}, **HTMX),
            client.get(
                reverse("appreciations:new", args=[cast.circle.pk]),
                {"to_member": cast.alice.pk, "audience": "addressed"},
                **HTMX,
            ),
        ]
        made = client.post(_url("new", cast), _promise_form(cast, recipients=[cast.alice.pk]))
        reads.append(made)
        reads.append(client.get(made["Location"]))
        return [answers(response) for response in reads]

    with rolled_back():
        before = bob_writes()
    at(NOW)
    safety.record_answers(cast.alice, cast.bob, afraid())
    after = bob_writes()
    assert before == after
    assert "Alice will see this." in before[1][2] and "Alice can confirm it." in before[5][2]
    assert not Promise.objects.visible_to(cast.alice).filter(author=cast.bob).exists()
