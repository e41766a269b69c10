"""The circle home's "today" through the real HTTP stack: what needs me now, what is worth
celebrating, the reach-out guide where it fits, and nothing anyone may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins import logic as checkin_logic
from circles.audience import Audience
from circles.logic import create_circle
from circles.models import Member
from ledger import logic as ledger_logic
from ledger.models import Occurrence, Promise
from ledger.tests.factories import new_promise, rule
from reachout.tests.helpers import offer_to_alice
from repair import logic as repair_logic
from repair.tests.helpers import log, repair_fully, through_regulate, write_sides
from safety.logic import record_answers
from safety.tests.helpers import afraid
from tests.support import consent, make_user, same


def home(cast, client) -> str:
    """The page's own content, without the site's navigation around it."""
    page = client.get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    return page[page.index("<main") : page.index("</main>")]


def section(page: str, heading: str) -> str:
    """The text of the card whose heading is `heading` ("" when there is none)."""
    start = page.find(f">{heading}</h2>")
    return "" if start < 0 else page[start : page.find("</section>", start)]


def history(promise, outcomes: list[str]) -> None:
    """Answered days up to yesterday, oldest first."""
    today = timezone.now()
    Occurrence.objects.bulk_create(
        Occurrence(
            promise=promise,
            circle_id=promise.circle_id,
            due_at=today - timedelta(days=len(outcomes) - i),
            due_date=(today - timedelta(days=len(outcomes) - i)).date(),
            opens_on=(today - timedelta(days=len(outcomes) - i)).date(),
            outcome=outcome,
            outcome_at=today - timedelta(days=len(outcomes) - i),
        )
        for i, outcome in enumerate(outcomes)
    )


# --- what needs me now ---------------------------------------------------------------------


def test_a_promise_due_today_can_be_reported_kept_from_home(cast, login, at):
    at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # morning: the promise is still "due by", not "was due"
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    alice = login(cast.alice)
    now = section(home(cast, alice), "What needs you now")
    assert "“Call Mum” is due by" in now and "I kept it" in now
    occurrence = promise.occurrences.order_by("due_at").first()
    url = reverse("ledger:answer", args=[cast.circle.pk, occurrence.pk, "report_kept"])
    assert url in now
    back = reverse("circles:home", args=[cast.circle.pk])
    response = alice.post(url, {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Thank you for following through" in response.content.decode()


def test_a_kept_report_waits_for_the_person_it_was_promised_to(cast, login):
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    ledger_logic.answer(promise.occurrences.order_by("due_at").first(), "report_kept", cast.alice)
    now = section(home(cast, login(cast.bob)), "What needs you now")
    assert "Alice says they kept “Call Mum”" in now and "Yes, it happened" in now
    assert "says they kept" not in section(home(cast, login(cast.carol)), "What needs you now")


def test_confirming_from_home_comes_back_home_and_the_item_is_gone(cast, login):
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    occurrence = promise.occurrences.order_by("due_at").first()
    ledger_logic.answer(occurrence, "report_kept", cast.alice)
    bob = login(cast.bob)
    back = reverse("circles:home", args=[cast.circle.pk])
    url = reverse("ledger:answer", args=[cast.circle.pk, occurrence.pk, "confirm"])
    response = bob.post(url, {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    occurrence.refresh_from_db()
    assert occurrence.outcome == "kept_confirmed"
    assert "Alice says they kept" not in home(cast, bob)


def test_the_professional_confirms_only_what_was_promised_to_them(cast, login):
    consent(cast.alice, cast.pat)
    promise = ledger_logic.make_promise(
        cast.alice, "Family dinner", to_circle=True, rule=rule(), audience="circle", professional_may_see=True
    )
    assert Promise.objects.visible_to(cast.pat).filter(pk=promise.pk).exists()
    ledger_logic.answer(promise.occurrences.order_by("due_at").first(), "report_kept", cast.alice)
    assert "Alice says they kept" in home(cast, login(cast.bob))
    # Issue 15: the professional's circle page is their own view, not the family's home.
    page = login(cast.pat).get(reverse("circles:home", args=[cast.circle.pk]))
    assert page.status_code == 302
    assert page["Location"] == reverse("workspace:circle", args=[cast.circle.pk])


def test_a_repair_step_and_a_reflection_wait_for_me(cast, login):
    rupture = log(cast.alice, cast.bob)
    assert "Your repair with Bob: step 1 of 5" in home(cast, login(cast.alice))
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    repair_logic.reflect(cast.alice, rupture, cast.bob, "You felt alone")
    bob = section(home(cast, login(cast.bob)), "What needs you now")
    assert "Alice put your side of a rupture into their own words." in bob
    assert reverse("repair:detail", args=[cast.circle.pk, rupture.pk]) in bob
    # Alice waits for Bob's answer: nothing for her to do in that repair just now.
    assert "Your repair with Bob" not in home(cast, login(cast.alice))


def test_a_pause_reads_for_both_people_in_it(cast, login):
    checkin_logic.call_timeout(cast.alice, cast.bob, 30)
    assert "You are taking a pause from Bob until" in home(cast, login(cast.alice))
    assert "Alice called a pause until" in home(cast, login(cast.bob))
    assert "called a pause" not in home(cast, login(cast.carol))


def test_an_offer_waits_for_an_answer(cast, login):
    offer_to_alice(cast, login(cast.carol))
    now = section(home(cast, login(cast.alice)), "What needs you now")
    assert "1 offer waits for your answer" in now


def test_a_paused_member_is_asked_gently(cast, login):
    new_promise(cast.bob, [cast.alice])
    Member.objects.filter(pk=cast.bob.pk).update(status=Member.Status.PAUSED)
    page = home(cast, login(cast.bob))
    assert "When you’re ready" in page and "Nothing here is urgent while you take a break." in page


def test_nothing_needs_me_reads_calmly(cast, login):
    new_promise(cast.carol, [], what="Water the plants", audience="only_me", starts_on=None)
    Occurrence.objects.filter(promise__author=cast.carol).delete()
    page = home(cast, login(cast.carol))
    assert "Nothing needs you right now." in page


# --- worth celebrating -----------------------------------------------------------------


def test_a_run_of_kept_promises_is_celebrated_for_both_people(cast, login):
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    history(promise, ["kept", "kept", "missed", "kept_confirmed", "kept", "kept", "kept"])
    alice = section(home(cast, login(cast.alice)), "Worth celebrating")
    assert "You kept 6 of your last 7 promises to Bob." in alice
    assert alice.count('class="dot kept"') == 6 and alice.count('class="dot other"') == 1
    bob = section(home(cast, login(cast.bob)), "Worth celebrating")
    assert "Alice kept 6 of their last 7 promises to you." in bob
    # Carol was not promised anything: no run of Alice's is hers to read here.
    assert "promises to" not in section(home(cast, login(cast.carol)), "Worth celebrating")


def test_a_private_promise_makes_no_run_for_the_other_person(cast, login):
    promise = new_promise(cast.alice, [cast.bob], audience="only_me")
    history(promise, ["kept"] * 5)
    assert "Alice kept" not in home(cast, login(cast.bob))


def test_a_finished_repair_and_thanks_are_celebrated(cast, login):
    rupture = log(cast.alice, cast.bob, audience="circle")
    repair_fully(rupture, cast.alice, cast.bob)
    record_appreciation(cast.alice, "Thank you for Sunday", cast.bob, Audience.CIRCLE)
    bob = section(home(cast, login(cast.bob)), "Worth celebrating")
    assert "You and Alice repaired a rupture on" in bob
    assert reverse("repair:detail", args=[cast.circle.pk, rupture.pk]) in bob
    assert "Alice thanked you." in bob and "Thank you for Sunday" in bob
    carol = section(home(cast, login(cast.carol)), "Worth celebrating")
    assert "Alice and Bob repaired a rupture on" in carol
    assert "thanked you" not in carol


# --- safety: nothing reaches her, and his view does not change ---------------------------


def _joint_world(cast):
    promise = new_promise(cast.alice, [cast.bob], what="Call Mum")
    history(promise, ["kept"] * 6)
    ledger_logic.answer(promise.occurrences.filter(outcome="pending").first(), "report_kept", cast.alice)
    record_appreciation(cast.alice, "Thank you for Sunday", cast.bob, Audience.CIRCLE)
    checkin_logic.call_timeout(cast.alice, cast.bob, 30)
    log(cast.alice, cast.bob, audience="circle")


def test_what_the_other_person_does_never_reaches_her_home(cast, login):
    _joint_world(cast)
    record_answers(cast.bob, cast.alice, afraid())
    page = home(cast, login(cast.bob))
    for words in (
        "Alice says they kept",
        "Alice kept",
        "Alice thanked you",
        "Alice called a pause",
        "Thank you for Sunday",
        "Your repair with Alice",
    ):
        assert words not in page, words


def test_the_other_persons_home_is_the_same_whatever_she_answered(cast, login):
    _joint_world(cast)
    client = login(cast.alice)
    before = same(home(cast, client))
    record_answers(cast.bob, cast.alice, afraid())
    after = same(home(cast, client))
    assert before == after
    assert "You kept every one of your last 7 promises to Bob." in after
    assert "You are taking a pause from Bob" in after and "Your repair with Bob" in after


# --- the reach-out guide where it fits ---------------------------------------------------


def test_the_reach_out_guide_is_not_on_the_home_of_the_person_in_recovery_or_the_professional(cast, login):
    start = reverse("reachout:start", args=[cast.circle.pk])
    assert start not in home(cast, login(cast.alice))
    # Issue 15: the professional is sent to their own view of the circle, which has no guide.
    page = login(cast.pat).get(reverse("circles:home", args=[cast.circle.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("workspace:circle", args=[cast.circle.pk])
    assert start not in page.content.decode()


def test_a_loved_one_finds_the_guide_below_today_and_one_who_stepped_away_near_the_top(cast, login):
    start = reverse("reachout:start", args=[cast.circle.pk])
    page = home(cast, login(cast.bob))
    assert start in page and page.index(start) > page.index("People in this circle")
    Member.objects.filter(pk=cast.carol.pk).update(status=Member.Status.STEPPED_AWAY)
    page = home(cast, login(cast.carol))
    assert page.index("now-heading") < page.index(start) < page.index("People in this circle")


# --- newcomers, and the outsider ----------------------------------------------------------


def test_a_newcomer_is_told_what_to_do_first(db, client):
    robin = create_circle(make_user("robin"), "Ortiz", Member.Role.PERSON_IN_RECOVERY)
    client.force_login(robin.user)
    page = client.get(reverse("circles:home", args=[robin.circle_id])).content.decode()
    now = section(page, "What needs you now")
    assert "Welcome. Here is a gentle place to start:" in now
    assert reverse("circles:members", args=[robin.circle_id]) in now
    assert reverse("ledger:new", args=[robin.circle_id]) in now


def test_today_in_spanish(cast, login):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    promise = new_promise(cast.alice, [cast.bob])
    history(promise, ["kept"] * 3)
    page = home(cast, login(cast.bob))
    assert "Lo que te necesita ahora" in page and "Para celebrar" in page
    assert "Alice cumplió cada una de sus últimas 3 promesas contigo." in page


@pytest.mark.parametrize("who", ["olga"])
def test_outsider_gets_404(cast, login, who):
    response = login(getattr(cast, who)).get(reverse("circles:home", args=[cast.circle.pk]))
    assert response.status_code == 404
