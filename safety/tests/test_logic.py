"""Recording and reading back one's own safety answers."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safety import logic
from safety.models import SafetyCheck
from safety.rules import NOT_SURE
from safety.tests.helpers import afraid, safe


def test_answers_with_risk_switch_joint_work_off_both_ways(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    assert logic.joint_work_blocked(cast.alice, cast.bob)
    assert logic.joint_work_blocked(cast.bob, cast.alice)
    assert not logic.joint_work_blocked(cast.alice, cast.carol)
    assert not logic.joint_work_blocked(cast.bob, cast.carol)


def test_only_the_member_who_answered_is_at_risk(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    assert logic.at_risk_with(cast.alice, cast.bob)
    assert not logic.at_risk_with(cast.bob, cast.alice)


def test_changing_the_answers_turns_joint_work_back_on(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    logic.record_answers(cast.alice, cast.bob, safe())
    assert not logic.joint_work_blocked(cast.alice, cast.bob)
    assert SafetyCheck.objects.filter(member=cast.alice, about=cast.bob).count() == 1


def test_not_sure_about_fear_switches_joint_work_off(cast):
    logic.record_answers(cast.alice, cast.bob, {**safe(), "afraid": NOT_SURE})
    assert logic.joint_work_blocked(cast.alice, cast.bob)


def test_flagged_by_lists_only_whom_the_member_answered_about(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    logic.record_answers(cast.carol, cast.alice, afraid())
    assert set(logic.flagged_by(cast.alice).values_list("pk", flat=True)) == {cast.bob.pk}
    assert not logic.flagged_by(cast.bob).exists()
    assert logic.at_risk_with_any(cast.alice, [cast.carol, cast.bob])
    assert not logic.at_risk_with_any(cast.alice, [cast.carol])
    assert logic.keeps_apart(cast.alice.user_id, cast.bob) and not logic.keeps_apart(
        cast.bob.user_id, cast.alice
    )


def test_answers_read_back_as_given_and_are_sealed(cast):
    when = timezone.now()
    check = logic.record_answers(cast.alice, cast.bob, afraid(), now=when)
    assert logic.answers_of(logic.my_check(cast.alice, cast.bob)) == afraid()
    assert check.answered_at == when
    raw = SafetyCheck.objects.filter(pk=check.pk).values_list("answers", flat=True).get()
    assert "afraid" not in raw and "yes" not in raw


def test_my_check_is_only_ever_my_own(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    assert logic.my_check(cast.bob, cast.alice) is None
    assert logic.my_checks_by_person(cast.bob) == {}
    assert [c.about for c in logic.my_checks_by_person(cast.alice).values()] == [cast.bob]


def test_no_answers_reads_as_empty(cast):
    assert logic.answers_of(logic.my_check(cast.alice, cast.bob)) == {}


def test_a_member_cannot_answer_about_themselves(cast):
    with pytest.raises(logic.SafetyRefused):
        logic.record_answers(cast.alice, cast.alice, afraid())


def test_a_member_cannot_answer_about_someone_in_another_circle(cast):
    with pytest.raises(logic.SafetyRefused):
        logic.record_answers(cast.alice, cast.olga, afraid())
    assert not SafetyCheck.objects.exists()


def test_a_member_cannot_answer_about_someone_who_left(cast):
    cast.bob.left_at = timezone.now()
    cast.bob.save()
    with pytest.raises(logic.SafetyRefused):
        logic.record_answers(cast.alice, cast.bob, afraid())


def test_unknown_or_missing_questions_are_refused(cast):
    with pytest.raises(logic.SafetyRefused, match="unknown"):
        logic.record_answers(cast.alice, cast.bob, {**safe(), "other": "yes"})
    with pytest.raises(logic.SafetyRefused, match="every question"):
        logic.record_answers(cast.alice, cast.bob, {"afraid": "yes"})
    assert not SafetyCheck.objects.exists()


def test_answering_about_the_professional_is_possible(cast):
    logic.record_answers(cast.alice, cast.pat, afraid())
    assert logic.joint_work_blocked(cast.pat, cast.alice)


def test_others_to_answer_about_is_everyone_else_current(cast):
    assert set(logic.others_to_answer_about(cast.alice)) == {cast.bob, cast.carol, cast.pat}


def _rejoin(member):
    from circles.models import Member

    member.left_at = timezone.now()
    member.save()
    return Member.objects.create(circle=member.circle, user=member.user, role=member.role)


def test_leaving_and_coming_back_does_not_switch_joint_work_back_on(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    bob_again = _rejoin(cast.bob)
    assert logic.joint_work_blocked(bob_again, cast.alice)
    assert logic.joint_work_blocked(cast.alice, bob_again)
    assert bob_again.pk in set(logic.flagged_by(cast.alice).values_list("pk", flat=True))
    assert logic.keeps_apart(cast.alice.user_id, bob_again)
    assert logic.answers_of(logic.my_check(cast.alice, bob_again)) == afraid()


def test_the_member_at_risk_coming_back_keeps_their_answers(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    alice_again = _rejoin(cast.alice)
    assert logic.at_risk_with(alice_again, cast.bob)
    assert logic.joint_work_blocked(cast.bob, alice_again)


def test_answering_again_after_a_return_replaces_the_old_answers(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    bob_again = _rejoin(cast.bob)
    logic.record_answers(cast.alice, bob_again, safe())
    assert not logic.joint_work_blocked(cast.alice, bob_again)
    assert SafetyCheck.objects.count() == 1
