"""The whole way from a family's request to a professional in the circle, through logic."""

from __future__ import annotations

import pytest
from django.core import mail

from audit.models import Event
from audit.models import Kind as Audit
from circles.models import Invitation, Member
from lib.refusal import Refused
from notifications.describe import describe
from notifications.models import Kind as Notice
from notifications.models import Notification
from practices import logic, rules
from practices.models import IntakeRequest, PracticeInvitation, Practitioner
from practices.tests.conftest import ask
from tests.support import make_user


def test_starting_a_practice_needs_two_step_login(db):
    with pytest.raises(logic.circles_logic.TwoStepNeeded):
        logic.start_practice(
            make_user("nell"), kind="solo", name="Nell", intake_email="n@x.test", languages=["en"]
        )


def test_starting_a_practice_makes_its_admin_and_an_audit_row(practices):
    assert practices.dana.is_admin
    row = Event.objects.get(kind=Audit.PRACTICE_CREATED, about_id=practices.dana.user_id)
    assert row.actor_id == practices.dana.user_id


def test_an_admin_adds_a_professional_by_email_without_learning_whether_an_account_exists(
    practices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = logic.invite_practitioner(practices.dana, "Bob@Example.test")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = logic.invite_practitioner(practices.dana, "nobody@example.test")
    assert {known.email, unknown.email} == {"bob@example.test", "nobody@example.test"}
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Harbor" not in message.subject + message.body
    assert mail.outbox[0].body.replace("bob@example.test", "X") == mail.outbox[1].body.replace(
        "nobody@example.test", "X"
    )


def test_the_invited_person_accepts_with_two_step_login_and_is_added(cast, practices):
    from tests.support import give_totp

    invitation = logic.invite_practitioner(practices.dana, "carol@example.test")
    with pytest.raises(logic.circles_logic.TwoStepNeeded):
        logic.accept_practice_invitation(invitation, cast.carol.user)
    give_totp(cast.carol.user)
    place = logic.accept_practice_invitation(invitation, cast.carol.user)
    assert place.practice == practices.harbor and not place.is_admin
    assert Event.objects.filter(kind=Audit.PRACTITIONER_ADDED, about_id=cast.carol.user_id).exists()
    assert PracticeInvitation.objects.get(pk=invitation.pk).status == "accepted"


def test_someone_with_another_email_cannot_accept(cast, practices):
    invitation = logic.invite_practitioner(practices.dana, "carol@example.test")
    with pytest.raises(Refused):
        logic.accept_practice_invitation(invitation, practices.omar.user)


def test_only_an_admin_adds_or_removes(practices):
    with pytest.raises(Refused) as refused:
        logic.invite_practitioner(practices.eli, "x@example.test")
    assert refused.value.status == 403
    with pytest.raises(Refused):
        logic.remove_practitioner(practices.eli, practices.dana)


def test_removing_a_professional_is_recorded_and_the_last_admin_stays(practices):
    logic.remove_practitioner(practices.dana, practices.eli)
    assert Practitioner.objects.get(pk=practices.eli.pk).removed_at is not None
    assert Event.objects.filter(kind=Audit.PRACTITIONER_REMOVED, about_id=practices.eli.user_id).exists()
    with pytest.raises(Refused):
        logic.remove_practitioner(practices.dana, practices.dana)


def test_an_admin_cannot_remove_another_practices_professional(practices):
    with pytest.raises(Refused):
        logic.remove_practitioner(practices.dana, practices.omar)


def test_a_practice_in_another_practice_cannot_reply(practices, asked):
    with pytest.raises(Refused):
        logic.reply(practices.omar, asked, "Hello")


def test_a_request_notifies_the_practice_with_no_content(practices, asked):
    for place in (practices.dana, practices.eli):
        item = Notification.objects.get(user=place.user, kind=Notice.INTAKE_RECEIVED)
        assert item.circle_id is None and item.target_id is None
    assert not Notification.objects.filter(user=practices.omar.user).exists()


def test_a_reply_answers_and_tells_the_requester_in_their_circle(cast, practices, asked):
    logic.reply(practices.eli, asked, "We can talk on Tuesday.")
    asked.refresh_from_db()
    assert asked.status == rules.ANSWERED
    item = Notification.objects.get(user=cast.bob.user, kind=Notice.INTAKE_REPLIED)
    assert item.circle_id == cast.circle.pk and item.target_id == asked.pk
    assert describe(cast.bob.user, [item])[0].sentence == "Harbor answered your request for help"


def test_one_open_request_per_member_and_practice(cast, practices, asked):
    with pytest.raises(Refused):
        ask(cast.bob, practices.harbor)
    ask(cast.bob, practices.elm)


def test_a_practice_not_taking_requests_refuses(cast, practices):
    practices.elm.accepts_requests = False
    practices.elm.save()
    with pytest.raises(Refused):
        ask(cast.alice, practices.elm)


def test_an_owners_request_is_the_yes(cast, practices):
    request = ask(cast.alice, practices.harbor)
    proposal = logic.propose(practices.dana, request, practices.eli)
    assert proposal.status == rules.AGREED
    assert proposal.invitation.invited_by == cast.alice
    assert proposal.invitation.role == Member.Role.PROFESSIONAL
    assert Event.objects.filter(kind=Audit.PROPOSED_TO_CIRCLE, about_id=practices.eli.user_id).exists()
    member = logic.join_circle(practices.eli, proposal)
    assert member.circle == cast.circle and member.is_professional
    assert IntakeRequest.objects.get(pk=request.pk).status == rules.INVITED


def test_anyone_elses_request_waits_for_an_owners_yes(cast, practices, asked):
    proposal = logic.propose(practices.dana, asked, practices.eli)
    assert proposal.status == rules.WAITING and proposal.invitation is None
    assert not Invitation.objects.filter(circle=cast.circle, role=Member.Role.PROFESSIONAL).exists()
    item = Notification.objects.get(user=cast.alice.user, kind=Notice.PROFESSIONAL_PROPOSED)
    assert "Harbor would like a professional" in describe(cast.alice.user, [item])[0].sentence
    with pytest.raises(Refused):
        logic.join_circle(practices.eli, proposal)
    with pytest.raises(Refused) as refused:
        logic.answer_proposal(cast.bob, proposal, True)
    assert refused.value.status == 403
    logic.answer_proposal(cast.alice, proposal, True)
    proposal.refresh_from_db()
    assert proposal.status == rules.AGREED and proposal.invitation.invited_by == cast.alice
    assert Notification.objects.filter(user=practices.eli.user, kind=Notice.PROFESSIONAL_INVITED).exists()
    logic.join_circle(practices.eli, proposal)
    assert Member.objects.current().filter(circle=cast.circle, user=practices.eli.user).exists()


def test_an_owner_can_say_no(cast, practices, asked):
    proposal = logic.propose(practices.dana, asked, practices.eli)
    logic.answer_proposal(cast.alice, proposal, False)
    proposal.refresh_from_db()
    assert proposal.stage == "declined"
    with pytest.raises(Refused):
        logic.answer_proposal(cast.alice, proposal, True)


def test_only_the_named_professional_joins(cast, practices):
    proposal = logic.propose(practices.dana, ask(cast.alice, practices.harbor), practices.eli)
    with pytest.raises(Refused):
        logic.join_circle(practices.dana, proposal)


def test_a_professional_of_another_practice_cannot_be_proposed(practices, asked):
    with pytest.raises(Refused):
        logic.propose(practices.dana, asked, practices.omar)


def test_closing_ends_the_request_and_waiting_proposals(practices, asked):
    proposal = logic.propose(practices.dana, asked, practices.eli)
    logic.close(practices.dana, asked)
    proposal.refresh_from_db()
    assert proposal.status == rules.WITHDRAWN
    with pytest.raises(Refused):
        logic.reply(practices.dana, asked, "Hello again")


def test_only_the_requester_withdraws_their_request(cast, asked):
    with pytest.raises(Refused):
        logic.withdraw_request(cast.alice, asked)
    logic.withdraw_request(cast.bob, asked)
    assert IntakeRequest.objects.get(pk=asked.pk).status == rules.CLOSED


def test_a_professional_of_the_circle_cannot_ask(cast, practices):
    with pytest.raises(Refused):
        ask(cast.pat, practices.harbor)


def test_practitioners_must_keep_two_step_login(practices):
    from accounts.adapters import two_factor_required

    answers = two_factor_required.send(sender=None, user=practices.eli.user)
    assert any(answer for _receiver, answer in answers)


def test_requests_and_replies_are_sealed(practices, asked):
    from django.db import connection

    logic.reply(practices.eli, asked, "Tuesday at noon works")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason, contact, name FROM practices_intakerequest")
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT text FROM practices_intakereply")
        stored += cursor.fetchone()[0]
    assert "money" not in stored and "555-0100" not in stored and "Tuesday" not in stored


def test_the_same_address_is_not_mailed_twice_in_a_row(practices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = logic.invite_practitioner(practices.dana, "x@example.test")
        again = logic.invite_practitioner(practices.dana, "x@example.test")
    assert first == again and len(mail.outbox) == 1


def test_a_practice_cannot_mail_strangers_in_bulk(practices):
    for n in range(logic.INVITATIONS_PER_DAY):
        logic.invite_practitioner(practices.dana, f"p{n}@example.test")
    with pytest.raises(Refused):
        logic.invite_practitioner(practices.dana, "one-more@example.test")


def test_no_news_of_the_requester_reaches_an_owner_who_is_not_safe_with_them(cast, practices, asked):
    from safety import logic as safety_logic

    answers = dict.fromkeys(("afraid", "threatened", "hurt", "forced", "controlled", "say_no"), "no")
    safety_logic.record_answers(cast.alice, cast.bob, answers | {"afraid": "yes"})
    proposal = logic.propose(practices.dana, asked, practices.eli)
    assert not Notification.objects.filter(user=cast.alice.user, kind=Notice.PROFESSIONAL_PROPOSED).exists()
    # She still decides who joins her circle: the question waits for her on the page.
    from practices.queries import proposals_for_owner

    waiting = proposals_for_owner(cast.alice)
    assert waiting == [proposal] and waiting[0].asked_by == ""
    assert proposals_for_owner(cast.alice)[0].request.requester == cast.bob
