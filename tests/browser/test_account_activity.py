"""Account activity on a phone, in both languages: the rows about me read in plain words,
the page fits 390 px without scrolling sideways, and it passes axe-core."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import Kind
from audit.trail import record
from tests.support import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": "Someone tried to log in to your account with a wrong password.",
    "es": "contraseña",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_account_activity_reads_plainly_on_a_phone(new_page, language, assert_accessible):
    alice = make_user("alice")
    User.objects.filter(pk=alice.pk).update(language=language)
    record(Kind.LOGIN_FAILED, about=alice)
    record(Kind.PASSWORD_CHANGED, actor=alice, about=alice)
    page = new_page(viewport=PHONE)
    _log_in_anywhere(page)
    page.goto(reverse("audit:activity"))
    assert WORDS[language] in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert_accessible(page)


def _log_in_anywhere(page):
    """alice has no circle yet, so the login lands on the circle list, not a circle."""
    page.goto("/accounts/login/")
    page.fill("#id_login", "alice@example.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
