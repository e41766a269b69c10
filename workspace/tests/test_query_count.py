"""The caseload's queries do not grow with the number of circles or their history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circles.models import Circle, Member
from tests.support import give_totp, make_user
from workspace.tests.conftest import checkin, consent, promise, rupture

pytestmark = pytest.mark.django_db


def build(count: int, history: int = 1):
    """`count` circles, each with a member who consents to everything and one professional."""
    pro_user = make_user("pat")
    give_totp(pro_user)
    family_user = make_user("sam")
    now = timezone.now()
    for i in range(count):
        circle = Circle.objects.create(name=f"Family {i:03d}")
        member = Member.objects.create(circle=circle, user=family_user, role=Member.Role.PARENT)
        pro = Member.objects.create(
            circle=circle, user=pro_user, role=Member.Role.PROFESSIONAL, joined_at=now - timedelta(days=90)
        )
        member.joined_at = now - timedelta(days=90)
        everything = dict.fromkeys(("checkins", "repair", "promises", "moments"), "trends")
        consent(member, pro, everything, days_back=80, approve=False)
        for _h in range(history):
            checkin(member)
            rupture(member)
            rupture(member, days_ago=8, repaired_after=timedelta(hours=3))
            promise(member)
    return pro_user


def queries_for(client, user) -> int:
    client.force_login(user)
    client.get(reverse("workspace:caseload"))  # the session's first writes are not the page's
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("workspace:caseload"))
    assert page.status_code == 200
    assert b"caseload-row" in page.content
    # The log is one bulk INSERT; SQLite's limit on parameters splits it into batches of
    # ~110 rows (PostgreSQL sends one statement). Its size follows the page, never the caseload.
    log = [q for q in captured if q["sql"].startswith('INSERT INTO "access_log_accessrecord"')]
    assert log
    return len(captured) - len(log)


def test_same_queries_for_one_and_two_hundred_circles(client):
    one = queries_for(client, build(1))
    Circle.objects.all().delete()
    Member.objects.all().delete()
    from accounts.models import User

    User.objects.all().delete()
    many = queries_for(client, build(200))
    assert one == many


def test_same_queries_whatever_the_history(client):
    user = build(2, history=1)
    few = queries_for(client, user)
    for member in Member.objects.exclude(role=Member.Role.PROFESSIONAL):
        for _i in range(5):
            checkin(member)
            rupture(member)
            promise(member)
    assert queries_for(client, user) == few
