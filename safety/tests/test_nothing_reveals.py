"""Nothing the other person (or the professional) can reach reveals a safety answer.

Each of them walks their pages and API before and after alice answers with risk
about bob; everything must read the same, and a new joint exercise he starts is made as
always (it never reaches her).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appreciations.logic import record_appreciation
from checkins import logic as checkins
from ledger.logic import make_promise, note_moment
from ledger.tests.factories import rule
from reachout import logic as reachout
from repair.tests import helpers as repair_helpers
from safety import logic
from safety.tests.helpers import afraid
from tests.support import api_client, call

REVEALING = re.compile(
    r"safety (answer|question|check)|safe with|not safe|afraid|at risk|frighten|threat|hurt|"
    r"joint (work|exercise)s? (is|are) off|blocks_joint_work|joint_work_off|1-800-799-7233|"
    r"domestic violence",
    re.I,
)


def _pages(cast, timeout) -> list[str]:
    c = cast.circle.pk
    return [
        reverse("circles:home", args=[c]),
        reverse("circles:members", args=[c]),
        reverse("checkins:home", args=[c]),
        reverse("checkins:timeout_new", args=[c]),
        reverse("checkins:timeout", args=[c, timeout.pk]),
        reverse("notifications:list"),
        reverse("safety:home", args=[c]),
        reverse("safety:check", args=[c, cast.alice.pk]),
        # Where his other joint work with her shows (safety/tests/test_joint_work.py plays each).
        reverse("repair:list", args=[c]),
        reverse("ledger:mine", args=[c]),
        reverse("ledger:moments", args=[c]),
        reverse("appreciations:list", args=[c]),
        reverse("reachout:list", args=[c]),
        reverse("ledger:relationship", args=[c, cast.alice.pk]),
    ]


def _api(cast, timeout) -> list[str]:
    c = cast.circle.pk
    return [
        f"/circles/{c}/members",
        f"/checkins/timeouts?circle={c}",
        f"/checkins/timeouts/{timeout.pk}",
        f"/safety?circle={c}",
        f"/safety/about/{cast.alice.pk}",
        f"/ruptures?circle={c}",
        f"/ledger/promises?circle={c}",
        f"/ledger/moments?circle={c}",
        f"/appreciations?circle={c}",
        f"/reach-out?circle={c}",
    ]


def _main(html: str) -> str:
    """The page without its per-request tokens, so two visits compare equal."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def _walk(cast, who, login, timeout) -> dict[str, object]:
    client = login(who)
    seen: dict[str, object] = {}
    pages = _pages(cast, timeout)
    if who.is_professional:  # issue 15: the family's pages send them to their own view
        pages = [*pages, reverse("workspace:circle", args=[cast.circle.pk]), reverse("workspace:caseload")]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url  # a pause only its two people see
        seen[url] = (response.status_code, _main(response.content.decode()))
    token_client = api_client(who)
    for path in _api(cast, timeout):
        response = call(token_client, "GET", path)
        seen["api" + path] = (response.status_code, response.json())
    return seen


@pytest.fixture
def open_pause(cast, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    # A pause bob called before alice answered: its page stays reachable for both.
    pause = checkins.call_timeout(cast.bob, cast.alice, 30, now=timezone.now() - timedelta(minutes=5))
    # And his other joint work with her, from before her answers: it must all read the same.
    repair_helpers.log(cast.bob, cast.alice, audience="circle")
    make_promise(cast.bob, "Call her", recipients=[cast.alice], rule=rule(), audience="circle")
    note_moment(cast.bob, cast.alice, "calm", audience="circle")
    record_appreciation(cast.bob, "Thank you", cast.alice, "circle")
    reachout.share(reachout.start_plan(cast.bob, returning_member=cast.alice), "chosen", [cast.alice])
    return pause


@pytest.mark.parametrize("who", ["bob", "pat", "carol"])
def test_nothing_the_others_can_reach_changes_when_alice_answers(cast, login, open_pause, who):
    member = getattr(cast, who)
    before = _walk(cast, member, login, open_pause)
    logic.record_answers(cast.alice, cast.bob, afraid())
    after = _walk(cast, member, login, open_pause)
    for url in before:
        assert before[url] == after[url], url


@pytest.mark.parametrize("who", ["bob", "pat"])
def test_nothing_the_others_can_reach_mentions_safety_answers(cast, login, open_pause, who):
    logic.record_answers(cast.alice, cast.bob, afraid())
    logic.record_answers(cast.alice, cast.pat, afraid())
    for url, content in _walk(cast, getattr(cast, who), login, open_pause).items():
        if "/safety" in url:
            continue  # their own questions, the same for everyone: compared before/after above
        _status, body = content
        text = body if isinstance(body, str) else repr(body)
        main = text.split("<main", 1)[-1].split("</main>", 1)[0]
        found = REVEALING.search(main)
        assert not found, (url, found and main[max(0, found.start() - 200) : found.end() + 200])


def test_bobs_time_out_after_alices_answers_names_no_reason(cast, login, open_pause):
    logic.record_answers(cast.alice, cast.bob, afraid())
    page = login(cast.bob).post(
        reverse("checkins:timeout_new", args=[cast.circle.pk]),
        {"with_member": str(cast.alice.pk), "minutes": "30", "tool": "breathing"},
        follow=True,
    )
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "The pause has started." in main  # as for any pause (safety/tests/test_timeouts.py)
    assert not REVEALING.search(main)
    api = call(
        api_client(cast.bob),
        "POST",
        "/checkins/timeouts",
        {"circle": str(cast.circle.pk), "with_member": str(cast.alice.pk), "minutes": 25},
    )
    assert api.status_code == 201 and not REVEALING.search(api.content.decode())


def test_the_api_schema_for_time_outs_says_nothing_about_safety(cast):
    logic.record_answers(cast.alice, cast.bob, afraid())
    created = call(
        api_client(cast.carol),
        "POST",
        "/checkins/timeouts",
        {"circle": str(cast.circle.pk), "with_member": str(cast.bob.pk), "minutes": 25},
    ).json()
    assert not REVEALING.search(repr(created))
