"""In a real Chromium: the notifications page and settings read well and pass axe-core."""

from __future__ import annotations

import re

import pytest

from circles.logic import create_circle
from circles.models import Member
from notifications.logic import notify
from notifications.models import Kind
from tests.support import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reading_notifications_and_changing_settings(new_page, assert_accessible):
    member = create_circle(make_user("alice"), "Rivera", Member.Role.PERSON_IN_RECOVERY)
    for kind in (Kind.CONFIRM_WAITING, Kind.TALK_REQUEST):
        notify(member.user, kind, f"/c/{member.circle_id}/promises/")
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("#id_login", "alice@example.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile("/c/"))

    page.get_by_role("link", name=re.compile("Notifications 2 unread")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Someone would like to talk about a promise").click()
    page.wait_for_url(re.compile("/promises/"))
    assert page.get_by_role("link", name="Notifications 1 unread").count() == 1

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    assert "You’re all caught up." in page.content()
    assert page.get_by_role("link", name="Notifications", exact=True).count() == 1

    page.get_by_role("link", name="Notification settings").click()
    page.fill("#id_quiet_start", "22:00")
    page.get_by_label("Someone is waiting for your confirmation").uncheck()
    page.get_by_role("button", name="Save").click()
    assert "Please give both times" in page.content()
    assert_accessible(page)
    page.fill("#id_quiet_end", "07:00")
    page.get_by_role("button", name="Save").click()
    assert "Your notification settings are saved." in page.content()
    assert not page.get_by_label("Someone is waiting for your confirmation").is_checked()
    assert_accessible(page)
