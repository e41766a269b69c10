"""A member's recorded consent to a professional: signing, changing, revoking, the text.

Pages and API, as the member, the professional, other members and an outsider.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from appreciations.models import Appreciation
from audit.models import Event
from circles.audience import Audience
from circles.consent import logic as consent_logic
from circles.consent.categories import Category, Purpose
from circles.consent.queries import READING_PURPOSES
from circles.consent.text import SAFETY_ALERT_EXPLAINED
from circles.models import Consent, Member
from notifications.models import Notification
from tests.support import PASSWORD, api_client, call, consent


def _shared(author, text="shared with pat"):
    return record_appreciation(author, text, None, Audience.CIRCLE, (), True)


def _seen_by(member):
    return {a.text for a in Appreciation.objects.visible_to(member)}


def _choices(cast, **extra):
    data = {
        "recipients": [str(cast.pat.pk)],
        "purposes": ["treatment"],
        "expires_on": (timezone.now().date() + timedelta(days=90)).isoformat(),
        "data_from": "",
        "category_appreciations": "entries",
        "category_moments": "trends",
    }
    data.update(extra)
    return data


# --- the logic ---------------------------------------------------------------------------------


def test_every_purpose_a_member_can_choose_lets_the_workspace_read():
    # The SQL rule does not look at purposes: that holds only while every purpose reads.
    assert set(Purpose.values) == READING_PURPOSES


def test_a_consent_keeps_what_was_shown_and_the_signature(cast):
    given = consent(cast.alice, cast.pat, ["appreciations"], safety_alerts=True)
    assert given.text_sha256 == hashlib.sha256(given.text_shown.encode()).hexdigest()
    assert given.text_version and given.language == "en"
    assert given.reauthenticated_at == given.signed_at
    assert given.recipient_names == "Pat"
    assert SAFETY_ALERT_EXPLAINED["en"] in given.text_shown
    assert "42 CFR" in given.text_shown and "revoke" in given.text_shown
    # No history from before the day of signing unless chosen.
    assert given.data_from.date() == timezone.now().date() or given.data_from <= timezone.now()
    assert given.data_from > timezone.now() - timedelta(days=1)


def test_cravings_are_off_unless_chosen(cast):
    given = consent(cast.alice, cast.pat)
    assert "cravings" not in {s.category for s in given.scopes.all()}


def test_a_wrong_password_signs_nothing(cast):
    choices = consent_logic.ConsentChoices(
        recipients=(cast.pat,),
        scopes={"moments": "entries"},
        expires_on=consent_logic.default_expiry(cast.alice),
    )
    try:
        consent_logic.sign(cast.alice, choices, "not my password")
    except consent_logic.ConsentPasswordWrong as refused:
        assert refused.status == 403
    else:
        raise AssertionError("signed without the password")
    assert not Consent.objects.exists()


def test_only_the_circles_professionals_can_be_named_and_a_professional_signs_nothing(cast):
    for who, whom in [(cast.alice, cast.bob), (cast.pat, cast.pat), (cast.olga, cast.pat)]:
        choices = consent_logic.ConsentChoices(
            recipients=(whom,), scopes={"moments": "entries"}, expires_on=consent_logic.default_expiry(who)
        )
        try:
            consent_logic.sign(who, choices, PASSWORD)
        except consent_logic.ConsentRefused:
            pass
        else:
            raise AssertionError(f"{who} signed for {whom}")
    assert not Consent.objects.exists()


def test_a_change_replaces_the_old_version_in_one_step(cast):
    _shared(cast.alice)
    first = consent(cast.alice, cast.pat, ["appreciations"])
    assert _seen_by(cast.pat) == {"shared with pat"}
    second = consent_logic.change(
        cast.alice, first, consent_logic.choices_of(first, scopes={"moments": "entries"}), PASSWORD
    )
    first.refresh_from_db()
    assert (first.status, second.replaces_id, second.status) == ("superseded", first.pk, "active")
    assert first.ended_at is not None
    assert _seen_by(cast.pat) == set()


def test_revoking_is_immediate_and_expiry_ends_it_too(cast, time_machine):
    _shared(cast.alice)
    given = consent(
        cast.alice, cast.pat, ["appreciations"], expires_on=timezone.now().date() + timedelta(days=2)
    )
    assert _seen_by(cast.pat) == {"shared with pat"}
    time_machine.move_to(timezone.now() + timedelta(days=4))
    assert _seen_by(cast.pat) == set()
    given.refresh_from_db()
    assert given.is_expired


def test_the_professional_is_told_without_content(cast):
    given = consent(cast.alice, cast.pat, ["appreciations"])
    consent_logic.revoke(cast.alice, given)
    kinds = list(Notification.objects.filter(user=cast.pat.user).values_list("kind", flat=True))
    assert sorted(kinds) == ["consent_given", "consent_revoked"]
    assert not Notification.objects.filter(user=cast.alice.user).exists()


# --- the pages ---------------------------------------------------------------------------------


def test_a_member_reads_the_text_then_signs_with_the_password(cast, login):
    client = login(cast.alice)
    url = reverse("circles:consent_sign", args=[cast.circle.pk])
    page = client.get(url + f"?professional={cast.pat.pk}").content.decode()
    assert "Cravings and use" in page
    assert client.get(url + "?professional=not-an-id").status_code == 200
    review = client.post(url, _choices(cast, review="1")).content.decode()
    assert "Please read what you are signing" in review and "42 CFR" in review
    wrong = client.post(url, _choices(cast, sign="1", password="nope")).content.decode()
    assert "did not match" in wrong and not Consent.objects.exists()
    response = client.post(url, _choices(cast, sign="1", password=PASSWORD))
    given = Consent.objects.get()
    assert response.status_code == 302 and str(given.pk) in response["Location"]
    assert {s.category: s.level for s in given.scopes.all()} == {
        "appreciations": "entries",
        "moments": "trends",
    }
    detail = client.get(response["Location"]).content.decode()
    assert given.text_sha256 in detail
    assert Event.objects.filter(kind="consent_signed").count() == 1


def test_bad_choices_get_a_message_not_an_error(cast, login):
    client = login(cast.alice)
    url = reverse("circles:consent_sign", args=[cast.circle.pk])
    yesterday = (timezone.now().date() - timedelta(days=1)).isoformat()
    page = client.post(url, _choices(cast, review="1", expires_on=yesterday))
    assert page.status_code == 200 and "after today" in page.content.decode()
    nothing = {k: v for k, v in _choices(cast, review="1").items() if not k.startswith("category_")}
    assert "at least one kind" in client.post(url, nothing).content.decode()
    assert client.post(url, _choices(cast, review="1", recipients=[str(cast.bob.pk)])).status_code == 200
    assert not Consent.objects.exists()


def test_revoking_on_the_page_shows_the_professional_nothing_on_their_next_request(cast, login, client):
    entry = _shared(cast.alice, "canary for pat")
    given = consent(cast.alice, cast.pat, ["appreciations"])
    # The professional reads in their own view of the circle (issue 15, workspace).
    own_view = reverse("workspace:circle", args=[cast.circle.pk])
    login(cast.pat)
    assert "canary for pat" in client.get(own_view).content.decode()
    login(cast.alice)
    assert client.post(reverse("circles:consent_revoke", args=[cast.circle.pk, given.pk])).status_code == 302
    login(cast.pat)
    assert "canary for pat" not in client.get(own_view).content.decode()
    assert not Appreciation.objects.visible_to(cast.pat).filter(pk=entry.pk).exists()


def test_the_members_page_links_to_consent(cast, login):
    page = login(cast.bob).get(reverse("circles:members", args=[cast.circle.pk])).content.decode()
    assert reverse("circles:consent", args=[cast.circle.pk]) in page
    assert "until you sign a consent for them" in page


def test_the_professional_reads_the_consents_naming_them_only(cast, login):
    given = consent(cast.alice, cast.pat, ["appreciations"])
    client = login(cast.pat)
    page = client.get(reverse("circles:consent", args=[cast.circle.pk])).content.decode()
    assert "Alice" in page and "Bob" not in page
    assert client.get(reverse("circles:consent_detail", args=[cast.circle.pk, given.pk])).status_code == 200
    consent_logic.revoke(cast.alice, given)
    assert client.get(reverse("circles:consent_detail", args=[cast.circle.pk, given.pk])).status_code == 404


def test_another_members_consent_is_404_like_a_missing_one(cast, login):
    given = consent(cast.alice, cast.pat)
    for who in (cast.bob, cast.olga):
        client = login(who)
        for name in ("consent_detail", "consent_change"):
            url = reverse(f"circles:{name}", args=[cast.circle.pk, given.pk])
            assert client.get(url).status_code == 404
        assert (
            client.post(reverse("circles:consent_revoke", args=[cast.circle.pk, given.pk])).status_code == 404
        )
    given.refresh_from_db()
    assert given.is_in_force()


def test_the_text_is_in_spanish_for_a_spanish_speaker(cast):
    cast.alice.user.language = "es"
    cast.alice.user.save()
    given = consent(cast.alice, cast.pat, ["appreciations"], language="es", safety_alerts=True)
    assert given.language == "es"
    assert "Puedo revocar este consentimiento" in given.text_shown
    assert SAFETY_ALERT_EXPLAINED["es"] in given.text_shown


# --- the API -----------------------------------------------------------------------------------


def _body(cast, **extra):
    body = {
        "recipients": [str(cast.pat.pk)],
        "scopes": {"appreciations": "entries"},
        "expires_on": (timezone.now().date() + timedelta(days=90)).isoformat(),
        "password": PASSWORD,
    }
    body.update(extra)
    return body


def test_sign_list_change_and_revoke_through_the_api(cast):
    _shared(cast.alice)
    alice = api_client(cast.alice)
    base = f"/circles/{cast.circle.pk}/consents"
    assert call(alice, "POST", base, _body(cast, password="wrong")).status_code == 403
    signed = call(alice, "POST", base, _body(cast))
    assert signed.status_code == 201, signed.content
    first = signed.json()
    assert first["status"] == "active" and first["text_sha256"]
    assert _seen_by(cast.pat) == {"shared with pat"}
    pat = api_client(cast.pat)
    mine = call(pat, "GET", f"/circles/{cast.circle.pk}/consents-to-me").json()
    assert [(c["member"]["name"], c["scopes"]) for c in mine] == [
        ("Alice", [{"category": "appreciations", "level": "entries"}])
    ]
    changed = call(alice, "POST", f"{base}/{first['id']}/change", _body(cast, scopes={"moments": "trends"}))
    assert changed.status_code == 201 and changed.json()["replaces"] == first["id"]
    listed = call(alice, "GET", base).json()
    assert [c["status"] for c in listed] == ["active", "superseded"]
    revoked = call(alice, "POST", f"{base}/{changed.json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert call(pat, "GET", f"/circles/{cast.circle.pk}/consents-to-me").json() == []


def test_the_api_refuses_bad_choices_and_mass_assignment(cast):
    alice = api_client(cast.alice)
    base = f"/circles/{cast.circle.pk}/consents"
    assert call(alice, "POST", base, _body(cast, scopes={"secrets": "entries"})).status_code == 422
    assert call(alice, "POST", base, _body(cast, scopes={"moments": "everything"})).status_code == 422
    assert call(alice, "POST", base, _body(cast, status="revoked")).status_code == 422
    assert call(alice, "POST", base, _body(cast, recipients=[str(cast.bob.pk)])).status_code == 422
    assert call(api_client(cast.olga), "POST", base, _body(cast)).status_code == 404
    assert not Consent.objects.exists()


def test_a_new_consent_shares_nothing_until_the_member_chooses(cast, login):
    """Every kind starts "not shared": a consent is built one choice at a time, never by default."""
    response = login(cast.alice).get(reverse("circles:consent_sign", args=[cast.circle.pk]))
    form = response.context["form"]
    assert [form[field.name].value() for field in form.category_fields()] == [""] * len(Category.values)
    refused = login(cast.alice).post(
        reverse("circles:consent_sign", args=[cast.circle.pk]),
        {
            "recipients": [cast.pat.pk],
            "purposes": ["treatment"],
            "expires_on": (timezone.now() + timedelta(days=30)).date().isoformat(),
        },
    )
    assert "Please choose at least one kind of information they may see." in refused.content.decode()
    assert not Consent.objects.exists()


def test_history_from_before_the_professional_joined_only_when_the_member_chooses_it(cast):
    """The consent's "from which day" decides how far back, not the day the professional
    joined: nothing from before the signing day by default, the chosen history otherwise."""
    before = timezone.now() - timedelta(days=40)
    old = _shared(cast.alice, "from before pat joined")
    Appreciation.objects.filter(pk=old.pk).update(created_at=before)
    Member.objects.filter(pk=cast.pat.pk).update(joined_at=timezone.now() - timedelta(days=10))
    cast.pat.refresh_from_db()
    given = consent(cast.alice, cast.pat, ["appreciations"])
    assert _seen_by(cast.pat) == set()
    consent_logic.revoke(cast.alice, given)
    consent(cast.alice, cast.pat, ["appreciations"], data_from=(before - timedelta(days=1)).date())
    assert _seen_by(cast.pat) == {"from before pat joined"}
