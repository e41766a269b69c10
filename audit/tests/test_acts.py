"""Each act that matters for an account's safety leaves one row, with ids and no content."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import AccessToken
from accounts.tests.helpers import (
    WRONG_PASSWORD,
    activate_totp,
    fail_until_locked,
    last_link,
    log_in,
    reauthenticate,
)
from appreciations.logic import record_appreciation
from audit.models import Event
from circles import logic as circles_logic
from circles.audience import Audience
from circles.audience.change import AudienceChoice, change_audience
from circles.consent import logic as consent_logic
from circles.history import delete_entry
from tests.support import PASSWORD, consent, make_user, mark_recently_authenticated

ALICE = "alice@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"
NEW_ADDRESS = "alice.new@example.test"


def kinds(**about) -> list[str]:
    """The kinds of the rows matching `about`, oldest first."""
    return list(Event.objects.filter(**about).order_by("id").values_list("kind", flat=True))


def only(kind: str) -> Event:
    (row,) = Event.objects.filter(kind=kind)
    return row


def stored_text() -> str:
    """Every value of every row, as text: what a dump of the table would show."""
    return repr(list(Event.objects.values_list()))


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def signed_in(client, alice):
    assert log_in(client, ALICE).status_code == 302
    return client


# --- logging in ---------------------------------------------------------------------


def test_logging_in_is_recorded_about_the_person(signed_in, alice):
    row = only("login")
    assert (row.actor_id, row.about_id) == (alice.pk, alice.pk)


def test_a_wrong_password_is_recorded_about_the_account_without_the_email(client, alice):
    log_in(client, ALICE, WRONG_PASSWORD, ip="203.0.113.9")
    row = only("login_failed")
    assert (row.actor_id, row.about_id) == (None, alice.pk)
    assert "alice" not in stored_text() and "203.0.113" not in stored_text()


def test_a_wrong_password_for_an_address_nobody_has_names_nobody(client, alice):
    log_in(client, "nobody@example.test", WRONG_PASSWORD)
    row = only("login_failed")
    assert (row.actor_id, row.about_id) == (None, None)
    assert "nobody" not in stored_text()


def test_a_second_address_of_the_account_finds_the_account(client, alice):
    EmailAddress.objects.create(user=alice, email="alice.work@example.test", verified=True)
    log_in(client, "Alice.Work@example.test", WRONG_PASSWORD)
    assert only("login_failed").about_id == alice.pk


def test_a_lockout_is_recorded_about_the_account(client, alice):
    fail_until_locked(client, ALICE)
    assert AccessAttempt.objects.exists()
    assert Event.objects.filter(kind="locked_out", about_id=alice.pk).exists()
    assert kinds(about_id=alice.pk).count("login_failed") == settings.AXES_FAILURE_LIMIT


# --- the account's keys -------------------------------------------------------------


def test_a_password_change_is_recorded(signed_in, alice):
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert signed_in.post(reverse("account_change_password"), data).status_code == 302
    row = only("password_changed")
    assert (row.actor_id, row.about_id) == (alice.pk, alice.pk)
    assert NEW_PASSWORD not in stored_text()


def test_a_password_reset_is_recorded(client, alice):
    client.post(reverse("account_reset_password"), {"email": ALICE})
    form = client.get(last_link(ALICE))["Location"]
    client.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert only("password_changed").about_id == alice.pk


def test_email_addresses_added_made_main_and_removed_are_recorded(signed_in, alice):
    signed_in.post(reverse("account_email"), {"action_add": "", "email": NEW_ADDRESS})
    signed_in.post(last_link(NEW_ADDRESS))
    signed_in.post(reverse("account_email"), {"action_primary": "", "email": NEW_ADDRESS})
    signed_in.post(reverse("account_email"), {"action_remove": "", "email": ALICE})
    assert kinds(about_id=alice.pk)[-3:] == ["email_added", "email_changed", "email_removed"]
    assert "example.test" not in stored_text()


@pytest.mark.usefixtures("still_clock")
def test_two_step_login_on_new_codes_and_off_are_recorded_once_each(signed_in, alice):
    activate_totp(signed_in)
    reauthenticate(signed_in)
    assert signed_in.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert signed_in.post(reverse("mfa_deactivate_totp")).status_code == 302
    two_step = {"two_step_on", "recovery_codes", "two_step_off"}
    assert [kind for kind in kinds(about_id=alice.pk) if kind in two_step] == [
        "two_step_on",
        "recovery_codes",
        "two_step_off",
    ]


def test_making_and_stopping_a_token_are_recorded(signed_in, alice):
    mark_recently_authenticated(signed_in, alice)
    signed_in.post(reverse("accounts:tokens"), {"name": "phone"})
    token = AccessToken.objects.get(user=alice)
    signed_in.post(reverse("accounts:revoke_token", args=[token.pk]))
    signed_in.post(reverse("accounts:revoke_token", args=[token.pk]))  # a second tap: nothing more
    made, stopped = only("token_created"), only("token_revoked")
    assert (made.about_id, made.target_kind, made.target_id) == (
        alice.pk,
        "accounts.accesstoken",
        str(token.pk),
    )
    assert (stopped.actor_id, stopped.target_id) == (alice.pk, str(token.pk))
    assert "phone" not in stored_text() and token.prefix not in stored_text()


def test_a_password_change_records_each_token_it_stops(signed_in, alice):
    first, _raw = AccessToken.issue(alice, "one")
    second, _raw = AccessToken.issue(alice, "two")
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    signed_in.post(reverse("account_change_password"), data)
    stopped = Event.objects.filter(kind="token_revoked", about_id=alice.pk)
    assert sorted(stopped.values_list("target_id", flat=True)) == sorted([str(first.pk), str(second.pk)])


# --- circles ------------------------------------------------------------------------


def test_invitations_and_their_answers_are_recorded(cast):
    invitation, _token = circles_logic.invite(cast.alice, "friend", note="for my cousin")
    newcomer = make_user("dana")
    member = circles_logic.accept_invitation(invitation, newcomer)
    declined, _token = circles_logic.invite(cast.alice, "friend")
    circles_logic.decline_invitation(declined, cast.olga.user)
    withdrawn, _token = circles_logic.invite(cast.alice, "friend")
    circles_logic.revoke_invitation(cast.alice, withdrawn)
    sent = Event.objects.filter(kind="invitation_sent").order_by("id")
    assert [(r.actor_id, r.circle_id, r.target_id) for r in sent] == [
        (cast.alice.user_id, cast.circle.pk, str(i.pk)) for i in (invitation, declined, withdrawn)
    ]
    accepted = only("invitation_accepted")
    assert (accepted.about_id, accepted.target_kind, accepted.target_id) == (
        newcomer.pk,
        "circles.member",
        str(member.pk),
    )
    assert only("invitation_declined").about_id == cast.olga.user_id
    assert only("invitation_withdrawn").target_id == str(withdrawn.pk)
    assert "cousin" not in stored_text()


def test_owners_removals_and_leaving_are_recorded_about_the_member(cast):
    circles_logic.make_owner(cast.alice, cast.bob)
    circles_logic.step_down_as_owner(cast.bob)
    circles_logic.remove_member(cast.alice, cast.carol)
    circles_logic.leave(cast.bob)
    made, down, removed, left = (
        only(k) for k in ("made_owner", "stepped_down", "member_removed", "member_left")
    )
    assert (made.actor_id, made.about_id, made.target_id) == (
        cast.alice.user_id,
        cast.bob.user_id,
        str(cast.bob.pk),
    )
    assert (down.actor_id, down.about_id) == (cast.bob.user_id, cast.bob.user_id)
    assert (removed.actor_id, removed.about_id) == (cast.alice.user_id, cast.carol.user_id)
    assert (left.about_id, left.circle_id) == (cast.bob.user_id, cast.circle.pk)


def test_starting_and_deleting_a_circle_are_recorded(db):
    dana = make_user("dana")
    owner = circles_logic.create_circle(dana, "Ours", "partner")
    circle_id = owner.circle_id
    circles_logic.delete_circle(owner)
    assert kinds(circle_id=circle_id) == ["circle_created", "circle_deleted"]
    assert "Ours" not in stored_text()


def test_consents_signed_changed_and_revoked_are_recorded(cast):
    given = consent(cast.bob, cast.pat)
    changed = consent_logic.change(
        cast.bob, given, consent_logic.choices_of(given, scopes={"moments": "entries"}), PASSWORD
    )
    consent_logic.revoke(cast.bob, changed)
    signed, replaced, revoked = only("consent_signed"), only("consent_changed"), only("consent_revoked")
    assert (signed.about_id, signed.target_kind, signed.target_id) == (
        cast.bob.user_id,
        "circles.consent",
        str(given.pk),
    )
    assert (replaced.target_id, revoked.target_id) == (str(changed.pk), str(changed.pk))
    assert revoked.about_id == cast.bob.user_id


def test_sharing_more_widely_is_recorded_and_narrowing_is_not(cast):
    entry = record_appreciation(cast.alice, "canary thanks", cast.bob, Audience.ONLY_ME)
    choose = lambda audience, chosen=(), pro=False: change_audience(  # noqa: E731
        cast.alice, entry, AudienceChoice(audience, chosen, pro), password_confirmed=True
    )
    choose(Audience.CHOSEN, (cast.bob,))  # wider
    choose(Audience.CHOSEN, (cast.bob, cast.carol))  # wider: someone new
    choose(Audience.CHOSEN, (cast.carol,))  # narrower
    choose(Audience.CIRCLE)  # wider
    choose(Audience.CIRCLE, pro=True)  # wider: the professional may see it
    choose(Audience.ONLY_ME)  # narrower
    rows = Event.objects.filter(kind="audience_widened")
    assert rows.count() == 4
    assert {(r.about_id, r.circle_id, r.target_kind, r.target_id) for r in rows} == {
        (cast.alice.user_id, cast.circle.pk, "appreciations.appreciation", str(entry.pk))
    }
    assert "canary" not in stored_text()


def test_deleting_an_entry_is_recorded(cast):
    entry = record_appreciation(cast.alice, "canary thanks", cast.bob, Audience.CIRCLE)
    delete_entry(cast.alice, entry)
    delete_entry(cast.alice, entry)  # a second tap deletes nothing more
    row = only("entry_deleted")
    assert (row.about_id, row.circle_id, row.target_id) == (cast.alice.user_id, cast.circle.pk, str(entry.pk))


# --- site staff ---------------------------------------------------------------------


@pytest.fixture
def staff(db):
    person = make_user("staff")
    person.is_staff = person.is_superuser = True
    person.save()
    client = Client()
    client.force_login(person)
    client.person = person
    return client


def test_admin_actions_are_recorded_without_what_was_typed(staff):
    response = staff.post(reverse("admin:auth_group_add"), {"name": "canary-group"})
    assert response.status_code == 302
    group = Group.objects.get()
    staff.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "canary-renamed"})
    staff.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    rows = Event.objects.filter(kind__startswith="admin_").order_by("id")
    assert [(r.kind, r.actor_id, r.target_kind, r.target_id) for r in rows] == [
        (kind, staff.person.pk, "auth.group", str(group.pk))
        for kind in ("admin_added", "admin_changed", "admin_deleted")
    ]
    assert "canary" not in stored_text()


def test_deleting_several_lockout_records_at_once_records_each(staff, client, alice):
    fail_until_locked(client, ALICE)
    log_in(Client(), ALICE, WRONG_PASSWORD, ip="198.51.100.5")
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    staff.post(reverse("admin:axes_accessattempt_changelist"), data)
    assert not AccessAttempt.objects.exists()
    rows = Event.objects.filter(kind="admin_deleted")
    assert sorted(rows.values_list("target_id", flat=True)) == sorted(str(pk) for pk in ids)
