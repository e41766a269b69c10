"""Issue 15, the whole professional path in a real Chromium at 390 px (point 9).

A family asks a practice for help → the practice's admin replies and invites one of its
professionals → the professional joins → two members consent to different categories
(alice: promises as entries; bob, in Spanish: check-ins as trends only) → the
professional sees exactly that on the caseload and on their view of the circle, and
nothing of carol, who gave no consent → alice revokes → the professional's next request
shows nothing of hers → alice's "Who has seen my information" lists what was opened.

Every page visited passes axe-core and never scrolls sideways. The people, the circle,
the practice and the entries are made directly; every step the issue names goes
through the browser, professionals through the real two-step login.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from access_log.models import AccessRecord
from accounts.models import User
from circles.consent.categories import Category
from circles.logic import create_circle
from circles.models import Consent, Member
from practices import logic as practice_logic
from practices.models import IntakeRequest, Practitioner
from tests.browser.helpers import log_in
from tests.support import PASSWORD, join, make_user
from workspace.tests.conftest import checkin, promise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# MEND_SHOTS=dir keeps a picture of every page visited, for a person to look at.
SHOTS = os.environ.get("MEND_SHOTS")
SEEN: list[str] = []
REASON = "We keep fighting since I came home from treatment."
ALICE_PROMISE = "Call Grandma every Sunday evening"
BOB_NOTE = "Slept badly, worried about the rent"
CAROL_PROMISE = "Walk the dog with Sam after school"
CAROL_NOTE = "Carol felt left out at dinner"


def _fits(page):
    """The page as people see it: no sideways scroll at 390 px, no serious axe finding."""
    from tests.browser.conftest import axe_violations

    page.wait_for_load_state("load")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1].lower())
        SEEN.append(name)
        page.screenshot(path=f"{SHOTS}/path-{len(SEEN):02d}-{name.strip('-')[:60]}.png", full_page=True)
    scroll, width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= width, f"{page.url} scrolls sideways ({scroll} > {width})"
    assert axe_violations(page) == [], page.url


def _go(page, path):
    page.goto(path)
    _fits(page)


def _two_step(user: User) -> str:
    """Turn on two-step login for `user`; give back the secret their app would hold."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _log_in_two_step(page, email: str, secret: str):
    """Password, then the six-digit code of this moment, through the real pages."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    page.goto("/accounts/login/")
    _fits(page)
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile("/2fa/authenticate/"))
    _fits(page)
    if time.time() % 30 > 25:  # no tolerance for a code of the last period: wait for the next
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("#id_code", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(lambda url: "/2fa/" not in url and "/login/" not in url)
    _fits(page)


def _family():
    alice = make_user("alice")
    owner = create_circle(alice, "Rivera", Member.Role.PERSON_IN_RECOVERY)
    circle = owner.circle
    bob = join(circle, make_user("bob"), Member.Role.PARTNER)
    User.objects.filter(pk=bob.user_id).update(language="es")
    carol = join(circle, make_user("carol"), Member.Role.PARENT)
    return owner, bob, carol


def _entries(alice, bob, carol):
    """What each member shares with the circle and its professional (the Audience rule
    shows a professional only what was written after they joined)."""
    promise(alice, what=ALICE_PROMISE, days_ago=0)
    checkin(bob, note=BOB_NOTE)
    checkin(bob)
    promise(carol, what=CAROL_PROMISE, days_ago=0)
    checkin(carol, note=CAROL_NOTE)


def _practice():
    dana, eli = make_user("dana"), make_user("eli")
    secrets = {dana.email: _two_step(dana), eli.email: _two_step(eli)}
    details = {"kind": "clinic", "name": "Harbor Family Recovery", "languages": ["en", "es"]}
    harbor = practice_logic.start_practice(dana, intake_email="intake@harbor.example.org", **details)
    Practitioner.objects.create(practice=harbor, user=eli)
    return harbor, dana, eli, secrets


def _consent(page, circle_id, levels: dict, *, spanish=False):
    """Sign a consent for the circle's one professional with {category: level}."""
    _go(page, f"/c/{circle_id}/consent/")
    page.locator(".consent-pro a.button").first.click()
    page.wait_for_url(re.compile("/consent/new/"))
    _fits(page)
    page.locator("input[name=recipients]").first.check()
    for category in Category.values:
        page.select_option(f"#id_category_{category}", levels.get(category, ""))
    page.locator("button[name=review]").click()
    page.wait_for_load_state("load")
    _fits(page)
    text = page.locator(".consent-text")
    assert text.get_attribute("lang") == ("es" if spanish else "en")
    assert "42 CFR" in text.inner_text()
    page.fill("#id_password", PASSWORD)
    page.locator("button[name=sign]").click()
    page.wait_for_url(re.compile(r"/consent/[0-9a-f-]{36}/$"))
    _fits(page)


def test_a_family_asks_for_help_and_the_professional_sees_only_what_was_consented(new_page, live_server):
    owner, bob, carol = _family()
    harbor, dana, eli, secrets = _practice()
    circle = owner.circle_id

    # 1. alice (an owner) asks the practice for help.
    alice_page = new_page(PHONE)
    log_in(alice_page, owner.user.email)
    _fits(alice_page)
    _go(alice_page, f"/c/{circle}/help/")
    alice_page.locator(f"a[href='/c/{circle}/help/new/']").click()
    alice_page.wait_for_url(f"**/c/{circle}/help/new/")
    _fits(alice_page)
    alice_page.get_by_label("Harbor Family Recovery").check()
    for field, value in {"reason": REASON, "contact": "alice@example.test, evenings"}.items():
        alice_page.fill(f"#id_{field}", value)
    for language in ("en", "es"):
        alice_page.locator(f"#id_languages input[value='{language}']").check()
    alice_page.select_option("#id_time_zone", "America/Denver")
    alice_page.get_by_role("button", name="Send my request").click()
    alice_page.wait_for_url(re.compile(rf"/c/{circle}/help/[0-9a-f-]{{36}}/$"))
    _fits(alice_page)
    intake = IntakeRequest.objects.get()

    # 2. dana, the practice's admin, finds it in the intake queue, replies, invites eli.
    dana_page = new_page(PHONE)
    _log_in_two_step(dana_page, dana.email, secrets[dana.email])
    _go(dana_page, "/practices/")
    dana_page.locator(f"a[href='/practices/{harbor.pk}/requests/']").click()
    dana_page.wait_for_url(f"**/practices/{harbor.pk}/requests/")
    _fits(dana_page)
    dana_page.locator(f"a[href='/practices/{harbor.pk}/requests/{intake.pk}/']").click()
    dana_page.wait_for_url(f"**/requests/{intake.pk}/")
    _fits(dana_page)
    assert REASON in dana_page.content()
    assert ALICE_PROMISE not in dana_page.content()  # nothing of the circle through a request
    dana_page.fill("#id_text", "Thank you for writing. Eli can see you on Tuesday at 6 pm.")
    dana_page.get_by_role("button", name="Send the reply").click()
    dana_page.wait_for_load_state("load")
    _fits(dana_page)
    assert "Eli can see you on Tuesday" in dana_page.content()
    dana_page.select_option("#id_practitioner", label="Eli")
    dana_page.get_by_role("button", name="Invite", exact=True).click()
    dana_page.wait_for_load_state("load")
    _fits(dana_page)

    # alice reads the reply on her request.
    alice_page.reload()
    _fits(alice_page)
    assert "Eli can see you on Tuesday" in alice_page.content()

    # eli (two-step login) joins the circle from the practices page: alice, an owner,
    # asked, so her request was the owner's yes.
    eli_page = new_page(PHONE)
    _log_in_two_step(eli_page, eli.email, secrets[eli.email])
    _go(eli_page, "/practices/")
    eli_page.get_by_role("button", name="Join the circle").click()
    eli_page.wait_for_url(f"**/c/{circle}/members/")
    _fits(eli_page)
    pro = Member.objects.current().get(circle_id=circle, user=eli, role=Member.Role.PROFESSIONAL)
    # The members page is open to him (who is there), not the family's own tools: their
    # invitations and help requests would only send him to his view of the circle.
    assert eli_page.get_by_role("button", name="Make an invitation link").count() == 0
    assert eli_page.locator(f"a[href='/c/{circle}/help/']").count() == 0

    # Before anyone consents, eli sees no one.
    _go(eli_page, f"/w/c/{circle}/")
    assert ALICE_PROMISE not in eli_page.content()
    assert "No one in this circle has given you consent" in eli_page.content()

    # 3. alice: promises as entries; bob, in Spanish: check-ins as trends only.
    #    carol signs nothing.
    _entries(owner, bob, carol)
    _consent(alice_page, circle, {"promises": "entries"})
    bob_page = new_page(PHONE)
    log_in(bob_page, bob.user.email)
    _fits(bob_page)
    _consent(bob_page, circle, {"checkins": "trends"}, spanish=True)
    signed = {c.member_id: c for c in Consent.objects.filter(status=Consent.Status.ACTIVE)}
    assert set(signed) == {owner.pk, bob.pk}
    assert signed[bob.pk].language == "es"
    assert {(s.category, s.level) for s in signed[owner.pk].scopes.all()} == {("promises", "entries")}
    assert {(s.category, s.level) for s in signed[bob.pk].scopes.all()} == {("checkins", "trends")}

    # 4. the caseload: one row, two consenting members, alice's follow-through and
    #    bob's check-in trend, nothing of carol.
    _go(eli_page, "/w/")
    row = eli_page.locator(".caseload-row")
    assert row.count() == 1
    row_text = row.inner_text()
    assert "2 members have given you consent" in row_text
    assert "Follow-through" in row_text and "Alice" in row_text
    assert "Check-ins" in row_text and "Bob" in row_text
    assert "Carol" not in row_text
    row.get_by_role("link", name="Rivera").click()
    eli_page.wait_for_url(f"**/w/c/{circle}/")
    _fits(eli_page)
    sections = eli_page.locator(".workspace-member")
    assert sections.count() == 2
    alice_part = sections.filter(has_text="Alice").inner_text()
    bob_part = sections.filter(has_text="Bob").inner_text()
    assert ALICE_PROMISE in alice_part
    assert "Check-ins" in bob_part and "2 in 4 weeks" in bob_part  # the trend
    assert sections.filter(has_text="Bob").locator(".workspace-entries").count() == 0
    page_text = eli_page.locator("main").inner_text()
    for hidden in (BOB_NOTE, CAROL_NOTE, CAROL_PROMISE, "Carol"):
        assert hidden not in page_text, hidden

    # 5. alice revokes; eli's next request of the circle shows nothing of hers.
    _go(alice_page, f"/c/{circle}/consent/")
    alice_page.locator(".consent-pro form button[type=submit]").click()
    alice_page.wait_for_load_state("load")
    _fits(alice_page)
    assert Consent.objects.get(member=owner).status == Consent.Status.REVOKED
    eli_page.reload()
    _fits(eli_page)
    page_text = eli_page.locator("main").inner_text()
    assert ALICE_PROMISE not in page_text
    assert "Alice" not in page_text
    assert eli_page.locator(".workspace-member").count() == 1
    _go(eli_page, "/w/")
    row_text = eli_page.locator(".caseload-row").inner_text()
    assert "1 member has given you consent" in row_text
    assert "Alice" not in row_text

    # 6. alice's "Who has seen my information": eli opened her promise and her caseload row.
    _go(alice_page, "/settings/who-has-seen/")
    lines = alice_page.locator(".access-lines").inner_text()
    assert "Eli saw a promise" in lines
    assert "Eli saw the caseload row" in lines
    assert "Eli saw a trend" in lines  # her follow-through score on the circle view
    assert "something of yours" not in lines  # every row names what was shown
    assert "Rivera" in lines
    with alice_page.expect_download() as download:
        alice_page.get_by_role("link", name="Download this list as a spreadsheet (CSV)").click()
    spreadsheet = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Eli" in spreadsheet and "a promise" in spreadsheet
    assert ALICE_PROMISE not in spreadsheet  # content-free rows
    # bob's list, in Spanish, names only trends, never a check-in entry.
    _go(bob_page, "/settings/who-has-seen/")
    bob_lines = bob_page.locator(".access-lines").inner_text()
    assert "Eli vio una tendencia" in bob_lines
    assert "Eli vio un registro" not in bob_lines  # never one of his check-ins
    # Underneath: nothing of carol's was ever shown, nothing of bob's but trends, and
    # nothing of alice's after she revoked.
    shown = AccessRecord.objects.filter(professional=pro)
    assert not shown.filter(member=carol).exists()
    assert set(shown.filter(member=bob).values_list("category", flat=True)) == {"checkins"}
    assert not shown.filter(member=bob, object_id__isnull=False).exists()
    revoked_at = Consent.objects.get(member=owner).ended_at
    assert not shown.filter(member=owner, at__gt=revoked_at).exists()
