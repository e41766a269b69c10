"""Safety alerts under consent (issue 15, point 7), through the real HTTP stack.

A crisis-tier result on text a member wrote reaches the professionals their consent in
force names for safety alerts, as "Alice may need a check-in from you": an alert, a
notification and the neutral email. Nothing else, and nothing at all without that consent.
The crisis texts go through the real screen (rules only in tests, tests/settings.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import coach
from audit.models import Event
from checkins.models import CheckIn
from circles.models import Consent, Member
from coach_web import alerts, screen
from coach_web.models import SafetyAlert
from notifications.logic import deliver_due_emails
from notifications.models import Notification
from tests.support import api_client, call, give_totp, join, make_user, mark_recently_authenticated

CANARY = "I want to kill myself tonight, canary 5d1e"
CALM = "A calm evening together, canary 5d1e"


def consent(member, *recipients, safety_alerts=True, **changes) -> Consent:
    now = timezone.now()
    fields = {
        "member": member,
        "recipient_names": ", ".join(r.name for r in recipients),
        "purposes": ["treatment"],
        "data_from": now - timedelta(days=1),
        "expires_at": now + timedelta(days=90),
        "safety_alerts": safety_alerts,
        "text_version": "1",
        "language": "en",
        "text_sha256": "0" * 64,
        "reauthenticated_at": now,
        **changes,
    }
    row = Consent.objects.create(**fields)
    row.recipients.set(recipients)
    return row


@pytest.fixture
def pete(cast):
    """A second professional in the Rivera circle."""
    user = make_user("pete")
    give_totp(user)
    return join(cast.circle, user, Member.Role.PROFESSIONAL, joined_at=cast.bob.joined_at)


def _as(who) -> Client:
    client = Client()
    client.force_login(who.user)
    mark_recently_authenticated(client, who.user)
    return client


def write(cast, commit, text=CANARY, who=None):
    """`who` (alice) saves a check-in note through the page; on-commit work runs."""
    who = who or cast.alice
    with commit(execute=True):
        response = _as(who).post(
            reverse("checkins:new", args=[cast.circle.pk]),
            {"state": "shut_down", "note": text, "audience": "only_me"},
        )
    assert response.status_code == 302
    return response


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_crisis_of_a_consenting_member_alerts_each_professional_named(cast, pete, commit):
    consent(cast.alice, cast.pat, pete)
    write(cast, commit)
    alerts_ = SafetyAlert.objects.all()
    assert sorted(a.professional_id for a in alerts_) == sorted([cast.pat.pk, pete.pk])
    for alert in alerts_:
        assert alert.member == cast.alice and alert.circle == cast.circle and alert.count == 1
        assert alert.acknowledged_at is None
    notices = Notification.objects.filter(kind="safety_alert")
    assert sorted(n.user_id for n in notices) == sorted([cast.pat.user_id, pete.user_id])
    assert {n.actor_id for n in notices} == {cast.alice.pk}
    assert Event.objects.filter(kind="safety_alert_sent", about_id=cast.alice.user_id).count() == 2


@pytest.mark.parametrize("tier", ["notice", "concern"])
def test_a_gentler_result_alerts_nobody(cast, commit, monkeypatch, tier):
    consent(cast.alice, cast.pat)
    monkeypatch.setattr(screen, "assess", lambda texts, lang: coach.Crisis(category="self_harm", tier=tier))
    write(cast, commit)
    assert not SafetyAlert.objects.exists() and not Notification.objects.exists()


def test_a_calm_text_alerts_nobody(cast, commit):
    consent(cast.alice, cast.pat)
    write(cast, commit, text=CALM)
    assert not SafetyAlert.objects.exists()


CASES = {
    "no consent": lambda cast, other: None,
    "alerts not chosen": lambda cast, other: consent(cast.alice, cast.pat, safety_alerts=False),
    "revoked": lambda cast, other: consent(
        cast.alice, cast.pat, status=Consent.Status.REVOKED, ended_at=timezone.now()
    ),
    "superseded": lambda cast, other: consent(
        cast.alice, cast.pat, status=Consent.Status.SUPERSEDED, ended_at=timezone.now()
    ),
    "expired": lambda cast, other: consent(
        cast.alice, cast.pat, expires_at=timezone.now() - timedelta(hours=1)
    ),
    "data from later": lambda cast, other: consent(
        cast.alice, cast.pat, data_from=timezone.now() + timedelta(days=1)
    ),
    "data until earlier": lambda cast, other: consent(
        cast.alice, cast.pat, data_to=timezone.now() - timedelta(days=1)
    ),
    "another professional": lambda cast, other: consent(cast.alice, other),
    "another member's consent": lambda cast, other: consent(cast.bob, cast.pat),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_without_a_consent_in_force_for_alerts_nothing_reaches_the_professional(cast, pete, commit, case):
    CASES[case](cast, pete)
    write(cast, commit)
    assert not SafetyAlert.objects.filter(professional=cast.pat).exists()
    assert not Notification.objects.filter(user=cast.pat.user).exists()
    assert alerts.unacknowledged_for(cast.pat) == {}
    if case != "another professional":
        assert (
            not SafetyAlert.objects.exists() and not Event.objects.filter(kind="safety_alert_sent").exists()
        )


def test_a_professional_who_left_is_not_told(cast, commit):
    consent(cast.alice, cast.pat)
    Member.objects.filter(pk=cast.pat.pk).update(left_at=timezone.now())
    write(cast, commit)
    assert not SafetyAlert.objects.exists()


def test_the_author_is_always_the_one_whose_text_it_was(cast, commit):
    """Bob's crisis text never alerts about alice, whatever alice consented to."""
    consent(cast.alice, cast.pat)
    write(cast, commit, who=cast.bob)
    assert not SafetyAlert.objects.exists()


def test_several_results_gather_into_one_alert_until_acknowledged(cast, commit):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    write(cast, commit)
    (alert,) = SafetyAlert.objects.all()
    assert alert.count == 2 and alert.last_at >= alert.created_at
    (notice,) = Notification.objects.filter(kind="safety_alert")
    assert notice.count == 2 and notice.target_id == alert.pk
    alerts.acknowledge(cast.pat, alert.pk)
    write(cast, commit)
    assert SafetyAlert.objects.count() == 2
    fresh = SafetyAlert.objects.get(acknowledged_at__isnull=True)
    assert fresh.count == 1 and fresh.pk != alert.pk


def test_the_text_is_never_in_the_alert_the_notification_the_email_or_the_trail(cast, commit, login):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    write(cast, commit)
    assert deliver_due_emails(now=timezone.now() + timedelta(hours=24)) == 1
    stored = repr(
        [
            list(SafetyAlert.objects.values_list()),
            list(Notification.objects.values_list()),
            list(Event.objects.values_list()),
        ]
    )
    (email,) = mail.outbox
    pat = login(cast.pat)
    page = pat.get(reverse("coach_web:alerts", args=[cast.circle.pk])).content.decode()
    listed = pat.get(reverse("notifications:list")).content.decode()
    api = call(api_client(cast.pat), "get", "/workspace/alerts").content.decode()
    everything = " ".join([stored, email.subject, email.body, page, listed, api])
    for secret in ("canary", "5d1e", "kill", "self_harm", "suicide", str(CheckIn.objects.first().pk)):
        assert secret not in everything
    assert "Alice may need a check-in from you" in page and "Alice may need a check-in from you" in listed
    assert "Alice" not in email.subject + email.body and "Rivera" not in email.body


def test_the_members_save_stands_when_the_alert_cannot_be_written(cast, commit, monkeypatch, caplog):
    consent(cast.alice, cast.pat)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(alerts, "record_crisis", broken)
    with caplog.at_level("ERROR"):
        write(cast, commit)
    assert CheckIn.objects.get().note == CANARY
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "could not be written" in logged and "canary" not in logged


def test_one_professionals_failure_does_not_stop_the_others(cast, pete, monkeypatch):
    consent(cast.alice, cast.pat, pete)
    real = alerts._open_alert

    def flaky(member, professional, at):
        if professional.pk == cast.pat.pk:
            raise RuntimeError("no")
        return real(member, professional, at)

    monkeypatch.setattr(alerts, "_open_alert", flaky)
    written = alerts.record_crisis(cast.alice)
    assert [a.professional_id for a in written] == [pete.pk]


def test_revoking_stops_new_alerts_and_hides_the_open_ones(cast, commit, login):
    given = consent(cast.alice, cast.pat)
    write(cast, commit)
    (alert,) = SafetyAlert.objects.all()
    assert alerts.unacknowledged_for(cast.pat) == {cast.alice.pk: [alert]}
    Consent.objects.filter(pk=given.pk).update(status=Consent.Status.REVOKED, ended_at=timezone.now())
    assert alerts.unacknowledged_for(cast.pat) == {}
    assert alerts.unacknowledged_for_many(cast.pat.user) == {}
    pat = login(cast.pat)
    page = pat.get(reverse("coach_web:alerts", args=[cast.circle.pk])).content.decode()
    assert "may need a check-in" not in page
    listed = pat.get(reverse("notifications:list")).content.decode()
    assert "Alice may need" not in listed
    response = pat.post(reverse("coach_web:acknowledge_alert", args=[cast.circle.pk, alert.pk]))
    assert response.status_code == 404
    write(cast, commit)
    assert SafetyAlert.objects.get().count == 1  # nothing gathered while revoked


def test_consenting_again_later_starts_a_new_count(cast, commit):
    given = consent(cast.alice, cast.pat)
    write(cast, commit)
    Consent.objects.filter(pk=given.pk).update(status=Consent.Status.REVOKED, ended_at=timezone.now())
    consent(cast.alice, cast.pat, data_from=timezone.now())
    assert alerts.unacknowledged_for(cast.pat) == {}  # the old alert is from before this consent
    write(cast, commit)
    (alert,) = SafetyAlert.objects.all()
    assert alert.count == 1 and alerts.unacknowledged_for(cast.pat) == {cast.alice.pk: [alert]}


def test_a_changed_consent_that_still_allows_alerts_keeps_them(cast, commit):
    given = consent(cast.alice, cast.pat)
    write(cast, commit)
    Consent.objects.filter(pk=given.pk).update(status=Consent.Status.SUPERSEDED, ended_at=timezone.now())
    consent(cast.alice, cast.pat, data_from=given.data_from, replaces=given)
    assert list(alerts.unacknowledged_for(cast.pat)) == [cast.alice.pk]


def test_acknowledging_records_who_and_when_on_the_members_trail(cast, commit, login):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    pat = login(cast.pat)
    caseload = "/somewhere/in/the/workspace/"
    response = pat.post(
        reverse("coach_web:acknowledge_alert", args=[cast.circle.pk, alert.pk]), {"next": caseload}
    )
    assert response.status_code == 302 and response["Location"] == caseload
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None and alert.acknowledged_by == cast.pat
    row = Event.objects.get(kind="safety_alert_acknowledged")
    assert (row.actor_id, row.about_id, row.target_id) == (
        cast.pat.user_id,
        cast.alice.user_id,
        str(alert.pk),
    )
    assert Notification.objects.get(kind="safety_alert").read_at is not None
    assert alerts.unacknowledged_for(cast.pat) == {}
    # Twice: nothing more happens, and an address elsewhere is not followed.
    again = pat.post(
        reverse("coach_web:acknowledge_alert", args=[cast.circle.pk, alert.pk]),
        {"next": "https://evil.test/"},
    )
    assert again["Location"] == reverse("coach_web:alerts", args=[cast.circle.pk])
    assert Event.objects.filter(kind="safety_alert_acknowledged").count() == 1


@pytest.mark.parametrize("who", ["alice", "bob", "pete", "olga"])
def test_anyone_else_gets_404_as_for_an_alert_that_does_not_exist(cast, pete, commit, who):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    person = pete if who == "pete" else getattr(cast, who)
    client = _as(person)
    for alert_id in (alert.pk, "00000000-0000-4000-8000-000000000000"):
        url = reverse("coach_web:acknowledge_alert", args=[cast.circle.pk, alert_id])
        assert client.post(url).status_code == 404
    assert client.get(reverse("coach_web:alerts", args=[cast.circle.pk])).status_code == (
        200 if who == "pete" else 404
    )
    assert SafetyAlert.objects.get().acknowledged_at is None
    with pytest.raises(alerts.AlertNotFound):
        alerts.acknowledge(cast.bob, alert.pk)


def test_the_alerts_page_and_include_read_plainly(cast, commit, login):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    write(cast, commit)
    page = login(cast.pat).get(reverse("coach_web:alerts", args=[cast.circle.pk])).content.decode()
    assert "Alice may need a check-in from you" in page and "2 times since" in page
    assert (
        "Acknowledge" in page
        and reverse("coach_web:acknowledge_alert", args=[cast.circle.pk, SafetyAlert.objects.get().pk])
        in page
    )


def test_the_alerts_page_in_spanish(cast, commit, login):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    write(cast, commit)
    user = cast.pat.user
    user.language = "es"
    user.save()
    client = login(cast.pat)
    page = client.get(
        reverse("coach_web:alerts", args=[cast.circle.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Quizá Alice necesite que te pongas en contacto" in page and "2 veces desde" in page


def test_what_an_alert_is_is_said_in_both_languages():
    english = alerts.what_an_alert_is("Sam")
    assert "Sam may need a check-in from you" in english and "never see what you wrote" in english
    with translation.override("es"):
        spanish = alerts.what_an_alert_is("Sam")
    assert spanish != english and "Sam" in spanish and "Nunca ve lo que escribiste" in spanish


def test_the_caseload_reads_every_circles_alerts_in_one_query(cast, commit, django_assert_num_queries):
    consent(cast.alice, cast.pat)
    consent(cast.bob, cast.pat)
    write(cast, commit)
    write(cast, commit, who=cast.bob)
    # pat also works with another circle
    other = cast.olga.circle
    sam = join(other, make_user("sam"), Member.Role.PERSON_IN_RECOVERY)
    pat_there = join(other, cast.pat.user, Member.Role.PROFESSIONAL)
    consent(sam, pat_there)
    alerts.record_crisis(sam)
    with django_assert_num_queries(1):
        found = alerts.unacknowledged_for_many(cast.pat.user)
        names = {c: {m: [a.member.name for a in lst] for m, lst in by.items()} for c, by in found.items()}
    assert names == {
        cast.circle.pk: {cast.alice.pk: ["Alice"], cast.bob.pk: ["Bob"]},
        other.pk: {sam.pk: ["Sam"]},
    }
    with django_assert_num_queries(1):
        assert set(alerts.unacknowledged_for(cast.pat)) == {cast.alice.pk, cast.bob.pk}


# --- API ----------------------------------------------------------------------------------


def test_api_lists_and_acknowledges_the_professionals_alerts(cast, commit):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    pat = api_client(cast.pat)
    listed = call(pat, "get", "/workspace/alerts")
    assert listed.status_code == 200
    (item,) = listed.json()
    assert item["id"] == str(alert.pk) and item["member"]["name"] == "Alice" and item["count"] == 1
    assert sorted(item) == ["acknowledged_at", "circle", "count", "first_at", "id", "last_at", "member"]
    done = call(pat, "post", f"/workspace/alerts/{alert.pk}/acknowledge")
    assert done.status_code == 200 and done.json()["acknowledged_at"]
    assert call(pat, "get", "/workspace/alerts").json() == []


@pytest.mark.parametrize("who", ["alice", "bob", "olga"])
def test_api_answers_404_to_anyone_else(cast, commit, who):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    client = api_client(getattr(cast, who))
    assert call(client, "get", "/workspace/alerts").json() == []
    response = call(client, "post", f"/workspace/alerts/{alert.pk}/acknowledge")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}  # as for any id that does not exist
    missing = call(client, "post", "/workspace/alerts/00000000-0000-4000-8000-000000000000/acknowledge")
    assert missing.status_code == 404 and missing.json() == response.json()


def test_api_hides_alerts_of_a_revoked_consent(cast, commit):
    given = consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    Consent.objects.filter(pk=given.pk).update(status=Consent.Status.REVOKED, ended_at=timezone.now())
    pat = api_client(cast.pat)
    assert call(pat, "get", "/workspace/alerts").json() == []
    assert call(pat, "post", f"/workspace/alerts/{alert.pk}/acknowledge").status_code == 404


def test_api_needs_a_signed_in_caller(cast):
    assert Client().get("/api/v1/workspace/alerts").status_code == 401


def test_api_hides_even_an_acknowledged_alert_once_the_consent_is_revoked(cast, commit):
    given = consent(cast.alice, cast.pat)
    write(cast, commit)
    alert = SafetyAlert.objects.get()
    pat = api_client(cast.pat)
    assert call(pat, "post", f"/workspace/alerts/{alert.pk}/acknowledge").status_code == 200
    Consent.objects.filter(pk=given.pk).update(status=Consent.Status.REVOKED, ended_at=timezone.now())
    assert call(pat, "post", f"/workspace/alerts/{alert.pk}/acknowledge").status_code == 404


def test_api_asks_a_professional_without_two_step_login_to_turn_it_on(cast):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=cast.pat.user).delete()
    response = call(api_client(cast.pat), "get", "/workspace/alerts")
    assert response.status_code == 403 and response.json()["code"] == "two_step_needed"


def test_a_crisis_written_through_the_api_alerts_too(cast, commit):
    consent(cast.alice, cast.pat)
    with commit(execute=True):
        response = call(
            api_client(cast.alice),
            "post",
            "/appreciations",
            {"circle": str(cast.circle.pk), "text": CANARY, "audience": "only_me"},
        )
    assert response.status_code == 201 and response["Mend-Crisis"] == "crisis"
    (alert,) = SafetyAlert.objects.all()
    assert (alert.member, alert.professional) == (cast.alice, cast.pat)
    assert "Alert" not in " ".join(response.headers) and "alert" not in response.content.decode().lower()


def test_the_writer_of_texts_that_are_not_entries(cast):
    from phrases.models import OwnPhrase
    from reachout import logic as reachout_logic
    from reachout.models import Decision

    phrase = OwnPhrase(member=cast.alice, text="x")
    assert alerts.writer_of(phrase, cast.alice.user) == cast.alice
    assert alerts.writer_of(phrase, cast.bob.user) is None
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    decision = Decision(plan=plan, decision="x")
    assert alerts.writer_of(decision, cast.alice.user) == cast.alice
    assert alerts.writer_of(decision, cast.bob.user) is None


def test_the_member_reads_on_their_account_activity_that_a_professional_was_told_and_acknowledged(
    cast, commit, login
):
    consent(cast.alice, cast.pat)
    write(cast, commit)
    alerts.acknowledge(cast.pat, SafetyAlert.objects.get().pk)
    page = login(cast.alice).get(reverse("audit:activity")).content.decode()
    assert "a professional was told you may need a check-in" in page
    assert "A professional acknowledged that you may need a check-in." in page and "Pat" in page
    assert "canary" not in page
