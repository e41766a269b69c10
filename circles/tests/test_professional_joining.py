"""A professional joins only with the owners and the members.

Only an owner may invite a professional (pages and API alike), and a professional sees
nothing of a member until that member has signed a consent naming them (circles.consent).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from circles import logic
from circles.audience import Audience
from circles.consent import logic as consent_logic
from circles.models import Invitation, Member
from ledger.queries import overall_scores
from ledger.tests.factories import new_promise
from repair.logic import possible_parties
from tests.support import api_client, call, consent, give_totp, join, make_user

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


def test_a_professional_sees_nothing_of_a_member_who_has_not_consented(cast):
    _flagged(cast.alice, "from alice")
    _flagged(cast.bob, "from bob")
    assert _seen_by(cast.pat) == set()
    given = consent(cast.alice, cast.pat)
    assert _seen_by(cast.pat) == {"from alice"}
    consent_logic.revoke(cast.alice, given)
    assert _seen_by(cast.pat) == set()


def test_a_consent_is_one_members_own_and_names_its_professionals_only(cast):
    other_pro = join(cast.circle, make_user("quinn"), Member.Role.PROFESSIONAL, joined_at=cast.pat.joined_at)
    _flagged(cast.alice, "from alice")
    consent(cast.bob, cast.pat)
    consent(cast.alice, other_pro)
    assert _seen_by(cast.pat) == set()
    assert _seen_by(other_pro) == {"from alice"}


def test_scores_of_a_member_reach_the_professional_only_after_their_consent(cast):
    new_promise(cast.alice, [cast.bob], frequency="daily").set_audience(
        Audience.CIRCLE, (), professional_may_see=True
    )
    assert cast.alice.pk not in overall_scores(cast.pat, timezone.now())
    consent(cast.alice, cast.pat)
    assert cast.alice.pk in overall_scores(cast.pat, timezone.now())


def test_a_rupture_with_the_professional_needs_the_members_consent_to_repair(cast):
    assert cast.pat not in possible_parties(cast.alice)
    assert cast.alice not in possible_parties(cast.pat)
    consent(cast.alice, cast.pat, ["moments"])
    assert cast.pat not in possible_parties(cast.alice)
    consent(cast.alice, cast.pat, ["repair"])
    assert cast.pat in possible_parties(cast.alice)
    assert cast.alice in possible_parties(cast.pat)
    assert cast.bob in possible_parties(cast.alice)


def test_no_news_of_a_members_steps_reaches_a_professional_after_the_consent_is_revoked(cast):
    from notifications.models import Notification
    from repair import logic as repair_logic
    from repair.tests.helpers import log

    given = consent(cast.alice, cast.pat)
    rupture = log(cast.pat, cast.alice)
    consent_logic.revoke(cast.alice, given)
    before = Notification.objects.filter(user=cast.pat.user).count()
    repair_logic.pause(cast.alice, rupture)
    assert Notification.objects.filter(user=cast.pat.user).count() == before


def test_a_professional_cannot_invite_anyone_into_the_family_s_circle(cast):
    """The page does not offer it, and the API refuses it the same way (issue 15)."""
    made = call(api_client(cast.pat), "POST", f"/circles/{cast.circle.pk}/invitations", {"role": "friend"})
    assert made.status_code == 403
    assert made.json()["detail"] == "Only the family invites people to its circle."
    assert not cast.circle.invitations.exists()
