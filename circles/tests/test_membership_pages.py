"""Circles, invitations and memberships through the real pages."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from circles.models import Invitation, Member, StepAway
from tests.support import make_user


def _invite(client, circle, role="partner", note=""):
    client.post(reverse("circles:invite", args=[circle.pk]), {"role": role, "note": note})
    page = client.get(reverse("circles:members", args=[circle.pk])).content.decode()
    return re.search(r"/i/([\w-]+)/", page).group(1)


def test_creating_a_circle_makes_me_its_owner(db, client):
    user = make_user("dana")
    client.force_login(user)
    response = client.post(reverse("circles:list"), {"name": "Dana and Lee", "role": "partner"})
    member = Member.objects.get(user=user)
    assert response.status_code == 302 and member.is_owner and member.circle.name == "Dana and Lee"


def test_creating_a_circle_without_a_name_keeps_what_was_typed(db, client):
    client.force_login(make_user("dana"))
    response = client.post(reverse("circles:list"), {"name": "", "role": "partner"})
    assert response.status_code == 200
    assert "Some answers need another look" in response.content.decode()


def test_invitation_link_is_shown_once_and_stores_only_a_digest(cast, login):
    client = login(cast.alice)
    token = _invite(client, cast.circle, note="for Sam")
    assert not Invitation.objects.filter(digest=token).exists()
    again = client.get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert token not in again


def test_invitee_accepts_and_joins_with_the_chosen_role(cast, login, client):
    token = _invite(login(cast.alice), cast.circle, role="sibling")
    newcomer = make_user("sam")
    client.force_login(newcomer)
    assert "Join the circle" in client.get(reverse("invitation", args=[token])).content.decode()
    response = client.post(reverse("answer_invitation", args=[token]), {"answer": "accept"})
    assert response.status_code == 302
    assert Member.objects.get(user=newcomer, circle=cast.circle).role == "sibling"


def test_invitation_works_only_once(cast, login, client):
    token = _invite(login(cast.alice), cast.circle)
    client.force_login(make_user("first"))
    client.post(reverse("answer_invitation", args=[token]), {"answer": "accept"})
    client.force_login(make_user("second"))
    page = client.get(reverse("invitation", args=[token])).content.decode()
    assert "already been used" in page
    client.post(reverse("answer_invitation", args=[token]), {"answer": "accept"})
    assert Member.objects.filter(circle=cast.circle, user__email="second@example.test").count() == 0


def test_expired_invitation_cannot_be_accepted(cast, login, client, time_machine):
    token = _invite(login(cast.alice), cast.circle)
    time_machine.move_to(timezone.now() + timedelta(days=8))
    client.force_login(make_user("late"))
    assert "expired" in client.get(reverse("invitation", args=[token])).content.decode()
    client.post(reverse("answer_invitation", args=[token]), {"answer": "accept"})
    assert not Member.objects.filter(user__email="late@example.test").exists()


def test_invitee_can_decline(cast, login, client):
    token = _invite(login(cast.alice), cast.circle)
    client.force_login(make_user("nope"))
    client.post(reverse("answer_invitation", args=[token]), {"answer": "decline"})
    assert Invitation.objects.get().status == Invitation.Status.DECLINED


def test_inviter_can_withdraw_an_unused_invitation(cast, login, client):
    alice = login(cast.alice)
    token = _invite(alice, cast.circle)
    invitation = Invitation.objects.get()
    alice.post(reverse("circles:revoke", args=[cast.circle.pk, invitation.pk]))
    client.force_login(make_user("late"))
    assert "withdrawn" in client.get(reverse("invitation", args=[token])).content.decode()


def test_unknown_invitation_link_is_404(db, client):
    assert client.get(reverse("invitation", args=["no-such-token"])).status_code == 404


def test_professional_invitation_needs_two_step_login(cast, login, client):
    token = _invite(login(cast.alice), cast.circle, role="professional")
    client.force_login(make_user("therapist"))
    response = client.post(reverse("answer_invitation", args=[token]), {"answer": "accept"})
    assert response.status_code == 302 and "2fa" in response["Location"]
    assert not Member.objects.filter(user__email="therapist@example.test").exists()


def test_member_can_leave_and_loses_access(cast, login):
    client = login(cast.carol)
    client.post(reverse("circles:leave", args=[cast.circle.pk]))
    assert client.get(reverse("circles:home", args=[cast.circle.pk])).status_code == 404


def test_only_owner_cannot_leave(cast, login):
    client = login(cast.alice)
    response = client.post(reverse("circles:leave", args=[cast.circle.pk]), follow=True)
    assert "only owner" in response.content.decode()
    cast.alice.refresh_from_db()
    assert cast.alice.left_at is None


def test_owner_can_leave_after_making_someone_else_owner(cast, login):
    client = login(cast.alice)
    client.post(reverse("circles:make_owner", args=[cast.circle.pk, cast.bob.pk]))
    client.post(reverse("circles:leave", args=[cast.circle.pk]))
    assert Member.objects.current().filter(circle=cast.circle, is_owner=True).get() == cast.bob


def test_owner_removes_a_member_who_then_gets_404(cast, login, client):
    login(cast.alice).post(reverse("circles:remove", args=[cast.circle.pk, cast.carol.pk]))
    client.force_login(cast.carol.user)
    assert client.get(reverse("circles:home", args=[cast.circle.pk])).status_code == 404


def test_non_owner_cannot_remove_anyone(cast, login):
    login(cast.bob).post(reverse("circles:remove", args=[cast.circle.pk, cast.carol.pk]))
    cast.carol.refresh_from_db()
    assert cast.carol.left_at is None


def test_last_owner_cannot_step_down(cast, login):
    login(cast.alice).post(reverse("circles:step_down", args=[cast.circle.pk]))
    cast.alice.refresh_from_db()
    assert cast.alice.is_owner


def test_member_sets_status_and_stepping_away_is_recorded(cast, login):
    client = login(cast.bob)
    client.post(reverse("circles:set_status", args=[cast.circle.pk]), {"status": "stepped_away"})
    cast.bob.refresh_from_db()
    assert cast.bob.status == "stepped_away"
    assert StepAway.objects.filter(member=cast.bob, ended_at__isnull=True).exists()
    client.post(reverse("circles:set_status", args=[cast.circle.pk]), {"status": "active"})
    assert not StepAway.objects.filter(member=cast.bob, ended_at__isnull=True).exists()


def test_person_in_two_circles_can_switch_between_them(cast, login):
    from circles.logic import create_circle

    second = create_circle(cast.bob.user, "Bob's friends", "friend")
    client = login(cast.bob)
    page = client.get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert reverse("circles:home", args=[second.circle_id]) in page
    assert client.get(reverse("circles:home", args=[second.circle_id])).status_code == 200
    assert client.get(reverse("home"))["Location"] == reverse("circles:home", args=[second.circle_id])


def test_owner_alone_can_delete_the_circle(db, client):
    from circles.logic import create_circle

    owner = create_circle(make_user("solo"), "Solo", "friend")
    client.force_login(owner.user)
    client.post(reverse("circles:delete", args=[owner.circle_id]))
    assert not Member.objects.filter(pk=owner.pk).exists()
