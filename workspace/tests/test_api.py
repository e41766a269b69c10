"""GET /api/v1/workspace/caseload and /circles/{id}: the pages' rules, the same log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from access_log.models import AccessRecord
from circles.models import Consent
from workspace.tests.conftest import consent

pytestmark = pytest.mark.django_db

CASELOAD = "/api/v1/workspace/caseload"


def circle_path(cast):
    return f"/api/v1/workspace/circles/{cast.circle.pk}"


def test_caseload_as_the_professional_with_consent(family, api):
    answer = api(family.pat).get(CASELOAD)
    assert answer.status_code == 200
    (row,) = answer.json()["items"]
    assert row["circle_id"] == str(family.circle.pk)
    assert row["repair"]["open"] == 1
    assert row["checkins"][0]["weeks"][-1] == 1
    assert row["follow_through"][0]["member_id"] == str(family.bob.pk)
    assert row["last_activity"] is not None  # alice's check-in today
    assert AccessRecord.objects.filter(kind="caseload").count() == 3


def test_circle_as_the_professional_with_consent(family, api):
    answer = api(family.pat).get(circle_path(family))
    assert answer.status_code == 200
    members = {m["member_id"]: m for m in answer.json()["members"]}
    assert set(members) == {str(family.alice.pk), str(family.bob.pk)}
    alice = members[str(family.alice.pk)]
    checkins = next(s for s in alice["scopes"] if s["category"] == "checkins")
    assert len(checkins["entries"]) == 1
    repair = next(s for s in alice["scopes"] if s["category"] == "repair")
    assert repair["entries"] == []  # trends only
    assert members[str(family.bob.pk)]["follow_through"]["name"]
    assert AccessRecord.objects.filter(kind="checkins.checkin").count() == 1


def test_without_consent_nothing_is_answered(cast, api):
    assert api(cast.pat).get(CASELOAD).json()["items"] == []
    assert api(cast.pat).get(circle_path(cast)).json()["members"] == []
    assert not AccessRecord.objects.exists()


def test_consent_for_another_category(cast, api):
    consent(cast.alice, cast.pat, {"moments": "trends"})
    (row,) = api(cast.pat).get(CASELOAD).json()["items"]
    assert row["repair"] is None and row["checkins"] is None and row["follow_through"] is None


def test_expired_and_revoked(family, api):
    Consent.objects.filter(member=family.alice).update(expires_at=timezone.now() - timedelta(seconds=1))
    Consent.objects.filter(member=family.bob).update(status=Consent.Status.REVOKED)
    assert api(family.pat).get(CASELOAD).json()["items"] == []
    assert api(family.pat).get(circle_path(family)).json()["members"] == []
    assert not AccessRecord.objects.exists()


def test_family_member_outsider_and_anonymous(family, api, client):
    assert api(family.alice).get(CASELOAD).status_code == 404
    assert api(family.alice).get(circle_path(family)).status_code == 404
    assert api(family.olga).get(circle_path(family)).status_code == 404
    assert client.get(CASELOAD).status_code == 401
    assert client.get(circle_path(family)).status_code == 401


def test_the_answer_fails_when_the_log_cannot_be_written(family, api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(AccessRecord.objects, "bulk_create", broken)
    client = api(family.pat)
    client.raise_request_exception = False
    assert client.get(CASELOAD).status_code == 500
    assert client.get(circle_path(family)).status_code == 500
