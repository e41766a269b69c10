"""The caseload and the professional's view of a circle, through the HTTP stack."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from access_log.kinds import NAMES
from access_log.models import AccessRecord
from circles.models import Consent
from workspace.tests.conftest import consent

pytestmark = pytest.mark.django_db


def caseload_url():
    return reverse("workspace:caseload")


def circle_url(cast):
    return reverse("workspace:circle", args=[cast.circle.pk])


def test_professional_with_consent_sees_the_row(family, login):
    page = login(family.pat).get(caseload_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rivera" in html
    assert "Open ruptures" in html
    assert "Follow-through" in html
    assert "Check-ins" in html
    assert reverse("workspace:circle", args=[family.circle.pk]) in html
    kinds = set(AccessRecord.objects.values_list("member_id", "category", "kind"))
    assert kinds == {
        (family.alice.pk, "checkins", "caseload"),
        (family.alice.pk, "repair", "caseload"),
        (family.bob.pk, "promises", "caseload"),
    }


def test_caseload_counts_only_what_is_consented(family, login):
    html = login(family.pat).get(caseload_url()).content.decode()
    # alice: one shared check-in this week (the private one and carol's do not count)
    assert "1 this week" in html
    assert "5 hours" in html  # the median time to repair


def test_professional_without_consent_sees_no_row(cast, login):
    page = login(cast.pat).get(caseload_url())
    assert page.status_code == 200
    assert "caseload-row" not in page.content.decode()
    assert not AccessRecord.objects.exists()


def test_consent_for_another_category_shows_only_that(cast, login):
    consent(cast.alice, cast.pat, {"moments": "entries"})
    html = login(cast.pat).get(caseload_url()).content.decode()
    assert "caseload-row" in html
    assert "Open ruptures" not in html
    assert "Follow-through" not in html


def test_expired_and_revoked_consents_show_nothing(family, login):
    Consent.objects.filter(member=family.alice).update(expires_at=timezone.now() - timedelta(minutes=1))
    Consent.objects.filter(member=family.bob).update(status=Consent.Status.REVOKED)
    client = login(family.pat)
    assert "caseload-row" not in client.get(caseload_url()).content.decode()
    html = client.get(circle_url(family)).content.decode()
    assert "alice" not in html.lower() and "We argued" not in html
    assert not AccessRecord.objects.exists()


def test_family_member_and_outsider_get_404(family, login, client):
    assert login(family.alice).get(caseload_url()).status_code == 404
    assert login(family.alice).get(circle_url(family)).status_code == 404
    assert login(family.olga).get(circle_url(family)).status_code == 404
    assert login(family.olga).get(caseload_url()).status_code == 404


def test_anonymous_is_sent_to_log_in(client, cast):
    for url in (caseload_url(), circle_url(cast)):
        page = client.get(url)
        assert page.status_code == 302 and "login" in page["Location"]


def test_circle_view_shows_entries_and_trends_as_consented(family, login):
    page = login(family.pat).get(circle_url(family))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check-ins and time-outs" in html  # alice's category
    assert "Settled" in html  # her shared check-in, at the entries level
    assert "We argued" not in html  # repair is trends only
    assert "1 open rupture" in html
    assert "carol" not in html.lower()  # no consent: not shown at all
    rows = list(AccessRecord.objects.values_list("member_id", "category", "kind", "object_id"))
    entry_rows = [r for r in rows if r[2] == "checkins.checkin"]
    assert len(entry_rows) == 1 and entry_rows[0][3] is not None
    assert (family.bob.pk, "promises", "trend", None) in rows
    assert (family.alice.pk, "repair", "trend", None) in rows
    # Every row reads as words on the member's "Who has seen my information".
    assert {r[2] for r in rows} <= set(NAMES)


def test_revoking_shows_nothing_new_on_the_next_request(family, login):
    client = login(family.pat)
    assert "Settled" in client.get(circle_url(family)).content.decode()
    Consent.objects.filter(member=family.alice).update(status=Consent.Status.REVOKED)
    before = AccessRecord.objects.filter(member=family.alice).count()
    html = client.get(circle_url(family)).content.decode()
    assert "Settled" not in html
    assert AccessRecord.objects.filter(member=family.alice).count() == before


def test_the_request_fails_when_the_log_cannot_be_written(family, login, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(AccessRecord.objects, "bulk_create", broken)
    client = login(family.pat)
    client.raise_request_exception = False
    assert client.get(caseload_url()).status_code == 500
    assert client.get(circle_url(family)).status_code == 500


def test_professional_is_sent_from_family_pages_to_their_view(family, login):
    client = login(family.pat)
    for name in ("circles:home", "checkins:home", "ledger:mine", "repair:list"):
        page = client.get(reverse(name, args=[family.circle.pk]))
        assert page.status_code == 302
        assert page["Location"] == circle_url(family)
    assert client.get(reverse("circles:members", args=[family.circle.pk])).status_code == 200


def test_a_professional_lands_on_the_caseload_and_sees_its_navigation(family, login):
    client = login(family.pat)
    assert client.get(reverse("home"))["Location"] == caseload_url()
    html = client.get(circle_url(family)).content.decode()
    assert 'class="nav-caseload"' in html and 'class="nav-circle"' in html
    assert 'class="nav-checkin"' not in html and 'class="nav-today"' not in html


def test_a_family_member_keeps_the_familys_navigation_and_home(family, login):
    client = login(family.alice)
    assert client.get(reverse("home"))["Location"] == reverse("circles:home", args=[family.circle.pk])
    html = client.get(reverse("circles:home", args=[family.circle.pk])).content.decode()
    assert 'class="nav-today"' in html and 'class="nav-caseload"' not in html


def test_spanish_reads_in_spanish(family, login):
    from accounts.models import User

    User.objects.filter(pk=family.pat.user_id).update(language="es")
    client = login(family.pat)
    assert "Tus familias" in client.get(caseload_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_unacknowledged_safety_alerts_show_on_the_row_and_the_circle_view(family, login):
    from circles.models import Consent
    from coach_web.models import SafetyAlert

    Consent.objects.filter(member=family.alice).update(safety_alerts=True)
    SafetyAlert.objects.create(circle=family.circle, member=family.alice, professional=family.pat)
    client = login(family.pat)
    assert "may need a check-in from you" in client.get(caseload_url()).content.decode()
    assert "may need a check-in from you" in client.get(circle_url(family)).content.decode()


def test_no_alert_without_the_members_consent_to_alerts(family, login):
    from coach_web.models import SafetyAlert

    SafetyAlert.objects.create(circle=family.circle, member=family.alice, professional=family.pat)
    assert "may need a check-in" not in login(family.pat).get(caseload_url()).content.decode()
