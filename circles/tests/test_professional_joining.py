"""A professional joins only with the owners and the members.

Only an owner may invite a professional (pages and API alike), and a professional sees
nothing of a member until that member has said yes to the professional's joining.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles import logic
from circles.audience import Audience
from circles.models import Invitation, Member, ProfessionalApproval
from ledger.queries import overall_scores
from ledger.tests.factories import new_promise
from repair.logic import possible_parties
from tests.support import api_client, call, give_totp, join, make_user

# Inviting a professional


def test_only_an_owner_may_invite_a_professional_in_the_logic(cast):
    with pytest.raises(logic.CircleRuleError) as refused:
        logic.invite(cast.bob, Member.Role.PROFESSIONAL)
    assert refused.value.status == 403
    assert "owner" in refused.value.message
    assert not Invitation.objects.filter(role=Member.Role.PROFESSIONAL).exists()
    invitation, _token = logic.invite(cast.alice, Member.Role.PROFESSIONAL)
    assert invitation.role == Member.Role.PROFESSIONAL


def test_a_member_who_is_not_an_owner_cannot_invite_a_professional_through_the_api(cast):
    path = f"/circles/{cast.circle.pk}/invitations"
    refused = call(api_client(cast.bob), "POST", path, {"role": "professional"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "circle_rule"
    assert "owner" in refused.json()["detail"]
    assert not Invitation.objects.filter(role=Member.Role.PROFESSIONAL).exists()
    # Other roles stay open to every member, and owners may invite a professional.
    assert call(api_client(cast.bob), "POST", path, {"role": "friend"}).status_code == 201
    assert call(api_client(cast.alice), "POST", path, {"role": "professional"}).status_code == 201


def test_a_member_who_is_not_an_owner_cannot_invite_a_professional_on_the_page(cast, login):
    client = login(cast.bob)
    page = client.get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert 'value="professional"' not in page
    response = client.post(
        reverse("circles:invite", args=[cast.circle.pk]), {"role": "professional"}, follow=True
    )
    assert "Only an owner can invite a professional" in response.content.decode()
    assert not Invitation.objects.filter(role=Member.Role.PROFESSIONAL).exists()


def test_an_owner_is_offered_the_professional_role_on_the_page(cast, login):
    page = login(cast.alice).get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert 'value="professional"' in page


def test_a_professional_invitation_from_someone_no_longer_an_owner_cannot_be_accepted(cast):
    # Made before this rule existed, or by an owner who has since stepped down.
    _invitation, token = Invitation.issue(cast.bob, Member.Role.PROFESSIONAL)
    user = make_user("quinn")
    give_totp(user)
    refused = call(api_client(user), "POST", f"/invitations/{token}/accept")
    assert refused.status_code == 400
    assert "owner" in refused.json()["detail"]
    assert not Member.objects.filter(user=user).exists()


# Nothing of a member until that member says yes


def _flagged(author, text):
    return record_appreciation(author, text, None, Audience.CIRCLE, (), True)


def _seen_by(member):
    return {a.text for a in Appreciation.objects.visible_to(member)}


def test_a_professional_sees_nothing_of_a_member_who_has_not_said_yes(cast):
    _flagged(cast.alice, "from alice")
    _flagged(cast.bob, "from bob")
    assert _seen_by(cast.pat) == set()
    logic.approve_professional(cast.alice, cast.pat)
    assert _seen_by(cast.pat) == {"from alice"}
    logic.withdraw_approval(cast.alice, cast.pat)
    assert _seen_by(cast.pat) == set()


def test_an_approval_is_one_members_own_and_one_professionals_own(cast):
    other_pro = join(cast.circle, make_user("quinn"), Member.Role.PROFESSIONAL, joined_at=cast.pat.joined_at)
    _flagged(cast.alice, "from alice")
    logic.approve_professional(cast.bob, cast.pat)
    logic.approve_professional(cast.alice, other_pro)
    assert _seen_by(cast.pat) == set()
    assert _seen_by(other_pro) == {"from alice"}


def test_approving_again_keeps_one_active_approval_and_the_history(cast):
    logic.approve_professional(cast.alice, cast.pat)
    logic.approve_professional(cast.alice, cast.pat)
    logic.withdraw_approval(cast.alice, cast.pat)
    logic.approve_professional(cast.alice, cast.pat)
    rows = ProfessionalApproval.objects.filter(member=cast.alice, professional=cast.pat)
    assert rows.count() == 2
    assert rows.filter(withdrawn_at__isnull=True).count() == 1


@pytest.mark.parametrize(("who", "whom"), [("pat", "pat"), ("alice", "bob")])
def test_only_a_professional_can_be_approved_and_not_by_themselves(cast, who, whom):
    with pytest.raises(logic.CircleRuleError):
        logic.approve_professional(getattr(cast, who), getattr(cast, whom))
    assert not ProfessionalApproval.objects.exists()


def test_scores_of_a_member_reach_the_professional_only_after_their_yes(cast):
    new_promise(cast.alice, [cast.bob], frequency="daily").set_audience(
        Audience.CIRCLE, (), professional_may_see=True
    )
    assert cast.alice.pk not in overall_scores(cast.pat, timezone.now())
    logic.approve_professional(cast.alice, cast.pat)
    assert cast.alice.pk in overall_scores(cast.pat, timezone.now())


def test_a_rupture_with_the_professional_needs_the_members_yes(cast):
    assert cast.pat not in possible_parties(cast.alice)
    assert cast.alice not in possible_parties(cast.pat)
    logic.approve_professional(cast.alice, cast.pat)
    assert cast.pat in possible_parties(cast.alice)
    assert cast.alice in possible_parties(cast.pat)
    assert cast.bob in possible_parties(cast.alice)


# The page: every member, not only owners


def test_a_member_says_yes_and_changes_their_mind_on_the_members_page(cast, login):
    _flagged(cast.bob, "from bob")
    client = login(cast.bob)
    members = reverse("circles:members", args=[cast.circle.pk])
    page = client.get(members).content.decode()
    assert "joined as the circle’s professional" in page
    assert "They see nothing of yours until you say yes" in page
    approve = reverse("circles:approve_professional", args=[cast.circle.pk, cast.pat.pk])
    assert client.post(approve, {"answer": "yes"}).status_code == 302
    assert _seen_by(cast.pat) == {"from bob"}
    page = client.get(members).content.decode()
    assert "You said yes to Pat" in page
    assert client.post(approve, {"answer": "no"}).status_code == 302
    assert _seen_by(cast.pat) == set()


def test_the_professional_is_not_asked_about_themselves(cast, login):
    page = login(cast.pat).get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert "They see nothing of yours until you say yes" not in page


def test_an_outsider_cannot_approve_a_professional_on_the_page(cast, login):
    approve = reverse("circles:approve_professional", args=[cast.circle.pk, cast.pat.pk])
    assert login(cast.olga).post(approve, {"answer": "yes"}).status_code == 404
    assert not ProfessionalApproval.objects.exists()


# The API


def test_a_member_says_yes_and_withdraws_it_through_the_api(cast):
    _flagged(cast.carol, "from carol")
    carol = api_client(cast.carol)
    listed = call(carol, "GET", f"/circles/{cast.circle.pk}/professionals")
    assert listed.status_code == 200
    assert [(p["member"]["id"], p["approved"]) for p in listed.json()] == [(str(cast.pat.pk), False)]
    path = f"/circles/{cast.circle.pk}/professionals/{cast.pat.pk}/approval"
    said_yes = call(carol, "PUT", path)
    assert said_yes.status_code == 200 and said_yes.json()["approved"] is True
    assert _seen_by(cast.pat) == {"from carol"}
    # What the professional may see is read in the workspace, never through the family's API.
    pat_list = call(api_client(cast.pat), "GET", f"/appreciations?circle={cast.circle.pk}")
    assert pat_list.status_code == 404
    assert call(carol, "DELETE", path).status_code == 204
    assert _seen_by(cast.pat) == set()


def test_approving_someone_who_is_not_a_professional_answers_404_in_the_api(cast):
    path = f"/circles/{cast.circle.pk}/professionals/{cast.bob.pk}/approval"
    assert call(api_client(cast.carol), "PUT", path).status_code == 404


def test_the_question_is_asked_in_spanish_too(cast, login):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    page = login(cast.bob).get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert "Pat se unió como profesional del círculo. No ve nada tuyo hasta que digas que sí." in page


def test_a_professional_of_another_circle_cannot_be_approved_through_the_api(cast):
    theirs = join(cast.olga.circle, make_user("quinn"), Member.Role.PROFESSIONAL)
    path = f"/circles/{cast.circle.pk}/professionals/{theirs.pk}/approval"
    assert call(api_client(cast.carol), "PUT", path).status_code == 404
    assert not ProfessionalApproval.objects.exists()


def test_no_news_of_a_members_steps_reaches_a_professional_after_the_yes_is_taken_back(cast):
    from notifications.models import Notification
    from repair import logic as repair_logic
    from repair.tests.helpers import log

    logic.approve_professional(cast.alice, cast.pat)
    rupture = log(cast.pat, cast.alice)
    logic.withdraw_approval(cast.alice, cast.pat)
    before = Notification.objects.filter(user=cast.pat.user).count()
    repair_logic.pause(cast.alice, rupture)
    assert Notification.objects.filter(user=cast.pat.user).count() == before
