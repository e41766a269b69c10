"""The reach-out guide's pages through the HTTP stack: the flow, refusals, offers, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger import logic as ledger_logic
from ledger.models import Occurrence
from notifications.models import Kind, Notification
from reachout import logic
from reachout.models import Offer, Plan, SupportPerson
from reachout.tests.helpers import offer_to_alice, sams_plan, step_url, url
from safety.models import SafetyCheck
from tests.support import sent_to_workspace

pytestmark = pytest.mark.django_db


def test_they_reached_out_starts_a_private_plan_and_pauses(cast, login):
    client = login(cast.carol)
    assert client.get(url("start", cast.carol)).status_code == 200
    response = client.post(
        url("start", cast.carol),
        {"returning_member": cast.alice.pk, "how_reached": "text", "what_they_said": "Can we talk tonight?"},
    )
    plan = Plan.objects.get(author=cast.carol)
    assert response.url == step_url(plan, "pause")
    assert plan.audience == "only_me" and plan.what_they_said == "Can we talk tonight?"
    assert plan.step == "pause"
    page = client.get(response.url).content.decode()
    assert "No immediate answer is owed." in page and "data-pacer" in page


def test_bad_input_keeps_what_was_typed(cast, login):
    client = login(cast.carol)
    response = client.post(url("start", cast.carol), {"what_they_said": "words I typed at 2am"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "words I typed at 2am" in page and "Please choose them above" in page
    assert not Plan.objects.exists()


def test_stopping_at_the_pause_and_coming_back_resumes_there(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    client.get(step_url(plan, "pause"))
    response = client.post(step_url(plan, "pause"), {"stop": "1"})
    assert response.url == url("list", cast.carol)
    assert client.get(url("resume", cast.carol, plan.pk)).url == step_url(plan, "pause")
    assert "Continue where you left off" in client.get(url("start", cast.carol)).content.decode()


def test_the_whole_flow_saves_every_step(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    client.post(step_url(plan, "pause"), {"next": "1"})
    client.post(step_url(plan, "ask_yourself"), {"recovery_or_relief": "Relief, I think"})
    response = client.post(
        step_url(plan, "ask_them"), {"help_wanted": "Money", "checklist": ["blames", "pressures"]}
    )
    assert response.url == step_url(plan, "conditions")
    assert "a sign to wait" in client.get(step_url(plan, "ask_them")).content.decode()
    page = client.get(step_url(plan, "conditions")).content.decode()
    assert "only when you are sober and honest" in page  # editable examples
    client.post(
        step_url(plan, "conditions"),
        {"conditions": "Only when sober", "signs_of_change": "goes to a meeting every week"},
    )
    response = client.post(step_url(plan, "decide"), {"decision": "not_yet", "review_on": "2030-01-01"})
    assert response.url == url("plan", cast.carol, plan.pk)
    plan.refresh_from_db()
    assert plan.answers("ask_yourself") == {"recovery_or_relief": "Relief, I think"}
    assert plan.ticked == ["blames", "pressures"]
    assert plan.conditions == "Only when sober" and str(plan.review_on) == "2030-01-01"
    page = client.get(response.url).content.decode()
    assert "Not yet" in page and "Relief, I think" in page and "goes to a meeting every week" in page


def test_yes_with_conditions_needs_conditions_and_keeps_the_note(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    response = client.post(step_url(plan, "decide"), {"decision": "yes_with_conditions", "note": "my note"})
    assert response.status_code == 200
    assert "Please write your conditions first" in response.content.decode()
    assert "my note" in response.content.decode()
    assert not plan.decisions.exists()


def test_changing_the_decision_keeps_the_history(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    logic.save_fields(plan, conditions="Only when sober")
    client.post(step_url(plan, "decide"), {"decision": "not_yet"})
    client.post(step_url(plan, "decide"), {"decision": "not_yet"})
    client.post(step_url(plan, "decide"), {"decision": "yes_with_conditions"})
    assert [d.decision for d in plan.decisions.order_by("at")] == ["not_yet", "yes_with_conditions"]
    assert "Earlier decisions" in client.get(url("plan", cast.carol, plan.pk)).content.decode()


def test_a_new_note_on_the_same_decision_is_kept_in_the_history(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    client.post(step_url(plan, "decide"), {"decision": "not_yet", "note": "Too soon after the lies"})
    response = client.post(step_url(plan, "decide"), {"decision": "not_yet", "note": "Still too soon"})
    assert response.status_code == 302
    rows = [(d.decision, d.note) for d in plan.decisions.order_by("at")]
    assert rows == [("not_yet", "Too soon after the lies"), ("not_yet", "Still too soon")]
    # Saving again with an empty or unchanged note adds nothing; the latest note stands.
    client.post(step_url(plan, "decide"), {"decision": "not_yet", "note": ""})
    client.post(step_url(plan, "decide"), {"decision": "not_yet", "note": "Still too soon"})
    assert plan.decisions.count() == 2
    assert logic.current_decision(plan).note == "Still too soon"
    page = client.get(url("plan", cast.carol, plan.pk)).content.decode()
    assert "Still too soon" in page and "Too soon after the lies" in page


@pytest.mark.parametrize("name", ["plan", "resume", "print", "share", "reply", "plan_offers"])
def test_others_get_404_on_a_private_plan(cast, login, name):
    plan = sams_plan(cast.carol)
    for who in (cast.alice, cast.bob):
        assert login(who).get(url(name, cast.carol, plan.pk)).status_code == 404
    # Issue 15: the professional is sent to their own view of the circle from every family page.
    assert sent_to_workspace(login(cast.pat).get(url(name, cast.carol, plan.pk)), cast.circle.pk)
    assert login(cast.olga).get(url(name, cast.carol, plan.pk)).status_code == 404


def test_someone_shared_with_sees_plan_parts_but_never_the_notes(cast, login):
    plan = sams_plan(cast.carol)
    logic.save_fields(plan, conditions="Only when sober", reply_draft="my secret draft")
    logic.share(plan, "chosen", [cast.alice])
    page = login(cast.alice).get(url("plan", cast.carol, plan.pk)).content.decode()
    assert "Only when sober" in page
    assert "I&#x27;m ready" not in page and "my secret draft" not in page and "Sam" not in page
    assert login(cast.alice).get(step_url(plan, "pause")).status_code == 403


def test_sharing_with_someone_unsafe_is_refused_and_only_the_author_sees_why(cast, login):
    SafetyCheck.objects.create(member=cast.carol, about=cast.alice, blocks_joint_work=True)
    plan = sams_plan(cast.carol)
    client = login(cast.carol)
    response = client.post(
        url("share", cast.carol, plan.pk), {"audience": "chosen", "chosen": [cast.alice.pk]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Safety resources" in page and reverse("crisis") in page
    plan.refresh_from_db()
    assert plan.audience == "only_me"
    response = client.post(url("share", cast.carol, plan.pk), {"audience": "circle"})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.audience == "only_me"
    assert not Notification.objects.filter(user=cast.alice.user).exists()
    # Someone else is fine.
    client.post(url("share", cast.carol, plan.pk), {"audience": "chosen", "chosen": [cast.bob.pk]})
    plan.refresh_from_db()
    assert plan.audience == "chosen"


def test_printable_page_prints_only_the_plan(cast, login):
    plan = sams_plan(cast.carol)
    page = login(cast.carol).get(url("print", cast.carol, plan.pk)).content.decode()
    # On screen the quick exit stays; the print style sheet hides everything but the plan.
    assert 'class="reachout-print"' in page and "Quick exit" in page and "My notes" in page


def test_support_people_are_one_tap_away(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    response = client.post(
        url("support", cast.carol),
        {"name": "Dana", "reach": "+1 555 123 4567", "next": step_url(plan, "pause")},
    )
    assert response.url == step_url(plan, "pause")
    page = client.get(step_url(plan, "pause")).content.decode()
    assert 'href="tel:+15551234567"' in page and 'href="sms:+15551234567"' in page
    bad = client.post(url("support", cast.carol), {"name": "Dana Typed"})
    assert "Dana Typed" in bad.content.decode() and "Please add a phone number" in bad.content.decode()
    person = SupportPerson.objects.get()
    assert login(cast.bob).post(url("support_remove", cast.bob, person.pk)).status_code == 404


def test_reply_draft_uses_the_composer_and_is_saved(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    page = client.get(url("reply", cast.carol, plan.pk)).content.decode()
    assert "coach-panel" in page
    client.post(url("reply", cast.carol, plan.pk), {"reply_draft": "I need time."})
    plan.refresh_from_db()
    assert plan.reply_draft == "I need time."


def test_an_offer_needs_consent(cast, login):
    client = login(cast.carol)
    plan = sams_plan(cast.carol, returning_member=cast.alice)
    response = client.post(
        url("plan_offers", cast.carol, plan.pk),
        {
            "what": "Go to a meeting",
            "frequency": "daily",
            "weekday": 6,
            "times_per_week": 1,
            "due_time": "20:00",
        },
    )
    assert response.status_code == 200 and "Go to a meeting" in response.content.decode()
    assert not Offer.objects.exists()


def test_signs_of_change_become_promises_the_plan_page_follows(cast, login):
    plan = offer_to_alice(cast, login(cast.carol))
    assert Notification.objects.filter(user=cast.alice.user, kind=Kind.OFFER_MADE).count() == 1
    alice = login(cast.alice)
    page = alice.get(url("offers", cast.alice)).content.decode()
    assert "Go to a meeting" in page and "goes to a meeting every week" not in page
    assert "1 offer waits" in alice.get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    offer = Offer.objects.get()
    alice.post(url("offer_answer", cast.alice, offer.pk), {"action": "accept"})
    offer.refresh_from_db()
    assert offer.state == "accepted" and offer.promise.author == cast.alice
    occurrence = Occurrence.objects.filter(promise=offer.promise).order_by("due_at").first()
    ledger_logic.answer(occurrence, "report_kept", cast.alice)
    ledger_logic.answer(occurrence, "confirm", cast.carol)
    page = login(cast.carol).get(url("plan", cast.carol, plan.pk)).content.decode()
    assert "1 of the last 1 time" in page and "kept 1 time" in page and "1 confirmed by you" in page
    # Taking it on twice is refused politely.
    alice = login(cast.alice)
    response = alice.post(url("offer_answer", cast.alice, offer.pk), {"action": "accept"}, follow=True)
    assert "already been answered" in response.content.decode()


def test_only_the_person_offered_sees_or_answers_an_offer(cast, login):
    offer_to_alice(cast, login(cast.carol))
    offer = Offer.objects.get()
    bob = login(cast.bob)
    assert "Go to a meeting" not in bob.get(url("offers", cast.bob)).content.decode()
    assert bob.post(url("offer_answer", cast.bob, offer.pk), {"action": "accept"}).status_code == 404


def test_someone_not_in_the_circle_is_invited_and_then_sees_the_offer(cast, login):
    from circles.logic import accept_invitation
    from circles.models import Invitation
    from tests.support import make_user

    client = login(cast.carol)
    plan = sams_plan(cast.carol)
    client.post(
        url("plan_offers", cast.carol, plan.pk),
        {
            "what": "Call on Sundays",
            "frequency": "weekdays",
            "weekday": 6,
            "times_per_week": 1,
            "due_time": "20:00",
            "consent": "on",
        },
    )
    client.post(url("invite", cast.carol, plan.pk), {"role": "recovery"})
    assert "/i/" in client.get(url("plan_offers", cast.carol, plan.pk)).content.decode()
    sam = accept_invitation(Invitation.objects.get(), make_user("sam"))
    assert [o.what for o in logic.offers_for(sam)] == ["Call on Sundays"]
    logic.accept_offer(Offer.objects.get(), sam)
    plan.refresh_from_db()
    assert plan.returning_member == sam


def test_review_reminder_once_on_the_review_date(cast):
    plan = sams_plan(cast.carol)
    logic.save_fields(plan, review_on=timezone.now().date())
    assert logic.send_review_reminders() == 1
    assert logic.send_review_reminders() == 0
    reminder = Notification.objects.get(kind=Kind.PLAN_REVIEW)
    assert reminder.user == cast.carol.user and str(plan.pk) in reminder.url
    logic.save_fields(plan, review_on=timezone.now().date() + timedelta(days=30))
    assert logic.send_review_reminders() == 0


def test_continue_where_you_left_off_lists_only_undecided_plans(cast, login):
    undecided = logic.start_plan(cast.bob, returning_member=cast.alice)
    decided = logic.start_plan(cast.bob, returning_name="Robin")
    logic.decide(decided, "not_yet")
    page = login(cast.bob).get(reverse("reachout:start", args=[cast.circle.pk])).content.decode()
    assert reverse("reachout:resume", args=[cast.circle.pk, undecided.pk]) in page
    assert reverse("reachout:resume", args=[cast.circle.pk, decided.pk]) not in page
