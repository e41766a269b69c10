"""Logging ruptures and repairing them, through `repair.logic` with a database."""

from __future__ import annotations

import pytest

from circles.audience import Audience
from ledger.models import Promise
from notifications.models import Kind, Notification
from repair import logic
from repair.models import Reflection, RepairStep, Rupture
from repair.rules.steps import NOT_QUITE, YES, Action
from repair.tests.helpers import (
    finish,
    log,
    repair_fully,
    through_regulate,
    understand_each_other,
    write_sides,
)
from safety.models import SafetyCheck
from tests.support import consent


def unsafe(member, about):
    SafetyCheck.objects.create(member=member, about=about, blocks_joint_work=True, answers="{}")


def test_logging_invites_the_others_and_they_always_see_it(cast):
    rupture = log(cast.alice, cast.bob)
    assert set(rupture.parties.all()) == {cast.alice, cast.bob}
    assert rupture.audience == Audience.CHOSEN
    assert Rupture.objects.visible_to(cast.bob).filter(pk=rupture.pk).exists()
    assert not Rupture.objects.visible_to(cast.carol).filter(pk=rupture.pk).exists()
    assert not Rupture.objects.visible_to(cast.pat).filter(pk=rupture.pk).exists()
    assert Notification.objects.filter(user=cast.bob.user, kind=Kind.REPAIR_INVITED).count() == 1


def test_the_author_can_widen_the_audience_but_not_drop_the_others(cast):
    rupture = log(cast.alice, cast.bob, audience="chosen", chosen=[cast.carol])
    assert set(rupture.chosen.all()) == {cast.bob, cast.carol}


def test_a_rupture_needs_someone_else(cast):
    with pytest.raises(logic.RepairRefused):
        log(cast.alice)


def test_a_rupture_cannot_include_someone_from_another_circle(cast):
    with pytest.raises(logic.RepairRefused):
        log(cast.alice, cast.olga)


def test_a_professional_rupture_is_between_two_people(cast):
    with pytest.raises(logic.RepairRefused):
        log(cast.pat, cast.alice, cast.bob)


def test_a_full_repair_creates_promises_and_marks_it_repaired(cast):
    rupture = log(cast.alice, cast.bob)
    repair_fully(rupture, cast.alice, cast.bob)
    rupture.refresh_from_db()
    assert rupture.status == Rupture.Status.REPAIRED and rupture.repaired_at is not None
    promises = Promise.objects.filter(author=cast.alice)
    assert promises.count() == 1
    assert set(promises.get().recipients.all()) == {cast.bob}
    assert Promise.objects.visible_to(cast.bob).filter(author=cast.alice).exists()
    assert RepairStep.objects.get(rupture=rupture, author=cast.alice, kind="rebuild").promises.count() == 1


def test_step_four_before_step_three_is_refused_with_a_clear_message(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice)
    with pytest.raises(logic.RepairRefused, match=r"Step 4 .* opens once you have finished step 3"):
        logic.take_step(cast.alice, rupture, Action.VULNERABLE, text="x", choices=["sad"])


def test_not_quite_asks_what_was_missed_and_then_loops(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.alice, cast.bob)
    first = logic.reflect(cast.alice, rupture, cast.bob, "You felt forgotten")
    with pytest.raises(logic.RepairRefused):
        logic.answer_reflection(cast.bob, first, NOT_QUITE, "")
    logic.answer_reflection(cast.bob, first, NOT_QUITE, "More that it happened again")
    second = logic.reflect(cast.alice, rupture, cast.bob, "It was that it happened again")
    with pytest.raises(logic.RepairRefused):
        logic.answer_reflection(cast.bob, first, YES)
    logic.answer_reflection(cast.bob, second, YES)
    assert Reflection.objects.get(pk=second.pk).answer == YES


def test_the_others_side_is_sealed_until_mine_is_written(cast):
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    write_sides(rupture, cast.bob)
    assert [r.kind for r in logic.readable_steps(cast.alice, rupture) if r.author == cast.bob] == [
        "recognise",
        "regulate",
    ]
    write_sides(rupture, cast.alice)
    assert "side" in [r.kind for r in logic.readable_steps(cast.alice, rupture) if r.author == cast.bob]


def test_pause_resume_and_not_now(cast):
    rupture = log(cast.alice, cast.bob)
    logic.pause(cast.bob, rupture)
    with pytest.raises(logic.RepairRefused, match="paused"):
        logic.take_step(cast.alice, rupture, Action.RECOGNISE, text="x")
    logic.resume(cast.alice, rupture)
    logic.not_now(cast.bob, rupture)
    rupture.refresh_from_db()
    assert rupture.status == Rupture.Status.NOT_NOW and rupture.ended_at is not None
    logic.resume(cast.alice, rupture)
    assert Rupture.objects.get(pk=rupture.pk).status == Rupture.Status.OPEN


def test_someone_outside_cannot_take_a_step(cast):
    rupture = log(cast.alice, cast.bob, audience="circle")
    with pytest.raises(logic.RepairRefused):
        logic.take_step(cast.carol, rupture, Action.RECOGNISE, text="x")


def test_pausing_at_regulate_then_settling(cast):
    rupture = log(cast.alice, cast.bob)
    logic.take_step(cast.alice, rupture, Action.RECOGNISE, text="x")
    logic.take_step(cast.alice, rupture, Action.PAUSING)
    assert logic.progress(rupture)[0].pausing
    logic.take_step(cast.alice, rupture, Action.SETTLED)
    assert RepairStep.objects.filter(rupture=rupture, author=cast.alice, kind="regulate").count() == 1


# --- safety gating ---------------------------------------------------------------------------


def test_only_the_member_at_risk_is_refused_logging_and_is_shown_resources(cast):
    unsafe(cast.bob, cast.alice)
    with pytest.raises(logic.RepairUnavailable) as at_risk:
        log(cast.bob, cast.alice)
    assert at_risk.value.at_risk and "1-800-799-7233" in at_risk.value.message
    # The other way round it is made as always (refusing would tell her), and never reaches him.
    rupture = log(cast.alice, cast.bob)
    assert Rupture.objects.visible_to(cast.alice).filter(pk=rupture.pk).exists()
    assert not Rupture.objects.visible_to(cast.bob).exists()
    assert not Notification.objects.filter(user=cast.bob.user).exists()


def test_continuing_a_repair_is_refused_only_to_the_member_at_risk(cast):
    rupture = log(cast.alice, cast.bob)
    unsafe(cast.bob, cast.alice)
    with pytest.raises(logic.RepairUnavailable):
        logic.take_step(cast.bob, rupture, Action.RECOGNISE, text="x")
    with pytest.raises(logic.RepairUnavailable):
        logic.resume(cast.bob, rupture)
    step = logic.take_step(cast.alice, rupture, Action.RECOGNISE, text="x")
    assert not RepairStep.objects.visible_to(cast.bob).filter(pk=step.pk).exists()


def test_the_flagged_person_keeps_seeing_the_rupture_and_the_member_at_risk_stops(cast):
    """A rupture alice started with bob, from before his answers: her view never changes;
    he no longer sees it (it is not his), nor anything she writes in a repair."""
    rupture = log(cast.alice, cast.bob)
    through_regulate(rupture, cast.alice, cast.bob)
    unsafe(cast.bob, cast.alice)
    assert Rupture.objects.visible_to(cast.alice).filter(pk=rupture.pk).exists()
    assert RepairStep.objects.visible_to(cast.alice).count() == 4
    assert not Rupture.objects.visible_to(cast.bob).exists()
    assert not RepairStep.objects.visible_to(cast.bob).filter(author=cast.alice).exists()


def test_his_own_rupture_with_her_stays_his_but_her_steps_in_it_do_not_reach_him(cast):
    rupture = log(cast.bob, cast.alice)
    through_regulate(rupture, cast.alice, cast.bob)
    unsafe(cast.bob, cast.alice)
    assert Rupture.objects.visible_to(cast.bob).filter(pk=rupture.pk).exists()
    assert list(RepairStep.objects.visible_to(cast.bob).values_list("author", flat=True)) == [cast.bob.pk] * 2


# --- professionals ---------------------------------------------------------------------------


def test_a_professional_can_log_and_repair_with_a_member(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    rupture = log(cast.pat, cast.alice)
    assert Rupture.objects.visible_to(cast.alice).filter(pk=rupture.pk).exists()
    repair_fully(rupture, cast.pat, cast.alice)
    assert Rupture.objects.get(pk=rupture.pk).status == Rupture.Status.REPAIRED


def test_a_member_logging_with_the_professional_shares_it_with_them(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    rupture = log(cast.alice, cast.pat)
    assert rupture.professional_may_see
    assert Rupture.objects.visible_to(cast.pat).filter(pk=rupture.pk).exists()
    through_regulate(rupture, cast.alice, cast.pat)
    write_sides(rupture, cast.alice, cast.pat)
    understand_each_other(rupture, cast.alice, cast.pat)
    finish(rupture, cast.pat, promise=None)
    assert len(logic.readable_steps(cast.pat, rupture)) == len(logic.readable_steps(cast.alice, rupture))


def test_a_professional_sees_a_rupture_only_when_given_it(cast):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    hidden = log(cast.alice, cast.bob, audience="circle")
    shared = log(cast.alice, cast.bob, audience="circle", pro=True)
    seen = set(Rupture.objects.visible_to(cast.pat).values_list("pk", flat=True))
    assert seen == {shared.pk}
    assert hidden.pk not in seen


def test_news_of_a_step_never_reaches_the_member_at_risk_and_hers_reach_him_as_always(cast):
    rupture = log(cast.alice, cast.bob)
    unsafe(cast.bob, cast.alice)
    before = Notification.objects.filter(user=cast.bob.user).count()
    logic.pause(cast.alice, rupture)
    assert Notification.objects.filter(user=cast.bob.user).count() == before
    # His stepping back reaches her as it always would: a missing note would tell her.
    logic.resume(cast.alice, rupture)
    logic.pause(cast.bob, rupture)
    assert Notification.objects.filter(user=cast.alice.user, kind=Kind.REPAIR_STEP).count() == 1


def test_the_others_hear_when_the_repair_moves_on(cast):
    rupture = log(cast.alice, cast.bob)
    logic.pause(cast.alice, rupture)
    assert Notification.objects.filter(user=cast.bob.user, kind=Kind.REPAIR_STEP).count() == 1
