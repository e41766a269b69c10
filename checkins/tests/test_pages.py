"""Check-in, time-out, trends and tool pages through the real HTTP stack."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving, Reminder, TimeOut
from circles.audience import Audience
from tests.support import selected

NOTE = "Slept badly, the call with Mum helped"


def _url(name, cast, *args):
    return reverse(f"checkins:{name}", args=[cast.circle.pk, *args])


def _checkin(member, state="activated", audience=Audience.CIRCLE, craving=None):
    data = CheckInData(state=state, feelings={"anxious": 4, "hopeful": 2}, note=NOTE)
    return logic.record_checkin(member, data, audience=audience, craving=craving)


# Every page renders


@pytest.mark.parametrize("name", ["home", "new", "list", "trends", "timeout_new"])
def test_the_circle_pages_render_for_a_member(cast, login, name):
    _checkin(cast.alice, craving=CravingData(level=4))
    logic.call_timeout(cast.alice, cast.bob, 30)
    assert login(cast.alice).get(_url(name, cast)).status_code == 200


def test_a_check_in_and_a_time_out_render(cast, login):
    checkin = _checkin(cast.alice, craving=CravingData(level=4))
    timeout = logic.call_timeout(cast.alice, cast.bob, 30)
    client = login(cast.alice)
    page = client.get(_url("detail", cast, checkin.pk)).content.decode()
    assert NOTE in page and "Cravings: 4 of 10" in page
    assert client.get(_url("timeout", cast, timeout.pk)).status_code == 200
    assert login(cast.bob).get(_url("timeout", cast, timeout.pk)).status_code == 200


def test_trends_render_for_myself_and_for_another_member(cast, login):
    _checkin(cast.alice, craving=CravingData(level=4, audience=Audience.CIRCLE))
    mine = login(cast.alice).get(_url("trends", cast)).content.decode()
    assert "Your trends" in mine and "Cravings by week" in mine
    theirs = login(cast.bob).get(_url("trends", cast) + f"?who={cast.alice.pk}&span=52").content.decode()
    assert "Alice’s trends" in theirs and "Cravings by week" in theirs and "Feelings by week" in theirs


def test_the_reminder_settings_render_and_save(cast, login):
    client = login(cast.carol)
    assert client.get(reverse("checkins:reminder")).status_code == 200
    response = client.post(reverse("checkins:reminder"), {"enabled": "on", "at": "21:30"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=cast.carol.user)
    assert (reminder.enabled, reminder.at.strftime("%H:%M")) == (True, "21:30")


@pytest.mark.parametrize("name", ["breathe", "ground"])
def test_the_tools_work_signed_out_and_signed_in(cast, client, login, name):
    assert client.get(reverse(f"checkins:{name}")).status_code == 200
    assert login(cast.bob).get(reverse(f"checkins:{name}")).status_code == 200


# Checking in through the form


def test_checking_in_through_the_form(cast, login):
    response = login(cast.alice).post(
        _url("new", cast),
        {
            "state": "shut_down",
            "feelings": ["lonely"],
            "feeling_lonely": "3",
            "body_chest": "heavy",
            "urges": ["hide"],
            f"connection_{cast.bob.pk}": "2",
            "note": NOTE,
            "audience": "circle",
            "craving_level": "5",
            "craving-audience": "chosen",
            "craving-chosen": [str(cast.bob.pk)],
        },
    )
    checkin = CheckIn.objects.get()
    assert response.status_code == 302 and response.url == _url("detail", cast, checkin.pk)
    assert (checkin.state, checkin.note, checkin.audience) == ("shut_down", NOTE, "circle")
    assert [(f.feeling, f.intensity) for f in checkin.feelings.all()] == [("lonely", 3)]
    assert [(c.member, c.score) for c in checkin.connections.all()] == [(cast.bob, 2)]
    craving = Craving.objects.get()
    assert (craving.level, craving.audience, list(craving.chosen.all())) == (5, "chosen", [cast.bob])


def test_out_of_range_values_are_refused_and_nothing_typed_is_lost(cast, login):
    response = login(cast.alice).post(
        _url("new", cast),
        {
            "state": "activated",
            "feelings": ["anxious", "hopeful"],
            "feeling_anxious": "9",
            "feeling_hopeful": "3",
            "body_chest": "tight",
            "urges": ["run", "fly"],
            "note": NOTE,
            "audience": "circle",
            "craving_level": "11",
            "craving_used": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not CheckIn.objects.exists()
    assert "Some answers need another look. Nothing you typed was lost." in page
    assert page.count("Please choose from the list.") == 2  # the intensity and the urge
    assert "Cravings go from 0 to 10." in page
    assert NOTE in page
    assert selected(page, "feeling_hopeful") == ["3"]
    assert selected(page, "feelings") == ["hopeful", "anxious"]  # in the order shown: common first
    assert selected(page, "state") == ["activated"]
    assert selected(page, "body_chest") == ["tight"]
    assert selected(page, "urges") == ["run"]
    assert selected(page, "audience") == ["circle"]
    assert selected(page, "craving_used") == ["on"]
    assert 'value="11"' in page


def test_a_tampered_connection_or_sensation_is_refused(cast, login):
    response = login(cast.bob).post(
        _url("new", cast),
        {
            "state": "settled",
            "audience": "only_me",
            "body_jaw": "melting",
            f"connection_{cast.alice.pk}": "6",
            "note": NOTE,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.count("Please choose from the list.") == 2 and NOTE in page
    assert not CheckIn.objects.exists()


def test_a_check_in_without_a_state_asks_for_one(cast, login):
    response = login(cast.bob).post(_url("new", cast), {"note": NOTE})
    page = response.content.decode()
    assert "Please choose how your body feels right now." in page and NOTE in page


def test_only_the_person_in_recovery_is_asked_about_cravings(cast, login):
    assert "craving_level" in login(cast.alice).get(_url("new", cast)).content.decode()
    client = login(cast.bob)
    assert "craving_level" not in client.get(_url("new", cast)).content.decode()
    client.post(
        _url("new", cast),
        {"state": "settled", "audience": "only_me", "craving_level": "8", "craving-audience": "circle"},
    )
    assert CheckIn.objects.count() == 1 and not Craving.objects.exists()


def test_a_problem_only_with_the_cravings_audience_keeps_everything(cast, login):
    response = login(cast.alice).post(
        _url("new", cast),
        {"state": "settled", "note": NOTE, "craving_level": "2", "craving-audience": "chosen"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not CheckIn.objects.exists()
    assert "Please choose at least one person" in page and "Nothing you typed was lost." in page
    assert NOTE in page and 'value="2"' in page and selected(page, "craving-audience") == ["chosen"]


# The breathing pacer


@pytest.mark.parametrize(("state", "offered"), [("activated", True), ("shut_down", True), ("settled", False)])
def test_the_breathing_pacer_is_offered_when_the_body_is_not_settled(cast, login, state, offered):
    checkin = _checkin(cast.alice, state=state)
    page = login(cast.alice).get(_url("detail", cast, checkin.pk)).content.decode()
    assert ("data-pacer" in page, 'id="pacer-in"' in page, "regulate.js" in page) == (offered,) * 3


# Outsiders


def test_an_outsider_gets_404(cast, login):
    checkin = _checkin(cast.alice)
    timeout = logic.call_timeout(cast.alice, cast.bob, 30, reason="canary-timeout-reason")
    olga = login(cast.olga)
    for url in (_url("detail", cast, checkin.pk), _url("timeout", cast, timeout.pk), _url("trends", cast)):
        response = olga.get(url)
        assert response.status_code == 404 and NOTE not in response.content.decode()
    own_circle = cast.olga.circle_id
    assert olga.get(reverse("checkins:detail", args=[own_circle, checkin.pk])).status_code == 404
    assert olga.get(reverse("checkins:timeout", args=[own_circle, timeout.pk])).status_code == 404


def test_trends_of_someone_outside_the_circle_are_404(cast, login):
    _checkin(cast.olga)
    client = login(cast.bob)
    for who in (cast.olga.pk, "not-an-id"):
        assert client.get(_url("trends", cast) + f"?who={who}").status_code == 404


def test_a_member_outside_the_audience_gets_404(cast, login):
    checkin = _checkin(cast.alice, audience=Audience.ONLY_ME)
    timeout = logic.call_timeout(cast.alice, cast.bob, 30)
    carol = login(cast.carol)
    assert carol.get(_url("detail", cast, checkin.pk)).status_code == 404
    assert carol.get(_url("timeout", cast, timeout.pk)).status_code == 404
    assert carol.post(_url("timeout_back", cast, timeout.pk)).status_code == 404
    assert NOTE not in carol.get(_url("list", cast)).content.decode()


# Time-outs


def test_calling_a_pause_through_the_form(cast, login):
    response = login(cast.alice).post(
        _url("timeout_new", cast),
        {"with_member": cast.bob.pk, "minutes": "25", "tool": "breathing", "reason": "Too hot"},
    )
    timeout = TimeOut.objects.get()
    assert response.status_code == 302 and response.url == _url("timeout", cast, timeout.pk)
    assert (timeout.with_member, timeout.tool, timeout.reason) == (cast.bob, "breathing", "Too hot")


def test_a_pause_shorter_than_twenty_minutes_is_refused_and_keeps_what_was_typed(cast, login):
    response = login(cast.alice).post(
        _url("timeout_new", cast), {"with_member": cast.bob.pk, "minutes": "10", "reason": "Too hot"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not TimeOut.objects.exists()
    assert "A pause lasts at least 20 minutes, so bodies can settle." in page
    assert "Too hot" in page and 'value="10"' in page and selected(page, "with_member") == [str(cast.bob.pk)]


def test_a_pause_is_with_a_family_member_not_the_professional(cast, login):
    page = login(cast.alice).get(_url("timeout_new", cast)).content.decode()
    assert _options(page, "with_member") == {str(cast.bob.pk), str(cast.carol.pk)}
    response = login(cast.alice).post(
        _url("timeout_new", cast), {"with_member": cast.pat.pk, "minutes": "30"}
    )
    assert response.status_code == 200 and not TimeOut.objects.exists()


def _options(page: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return set(re.findall(r'<option value="([^"]+)"', select))


@pytest.mark.parametrize(("share", "bob_sees"), [(False, False), (True, True)])
def test_only_the_caller_sees_why_unless_they_share_it(cast, login, share, bob_sees):
    reason = "canary-9f2e about to shout"
    timeout = logic.call_timeout(cast.alice, cast.bob, 30, reason=reason, share_reason=share)
    assert reason in login(cast.alice).get(_url("timeout", cast, timeout.pk)).content.decode()
    assert (reason in login(cast.bob).get(_url("timeout", cast, timeout.pk)).content.decode()) == bob_sees
    assert reason not in login(cast.bob).get(_url("home", cast)).content.decode()


def test_coming_back_and_finishing_through_the_page(cast, login):
    timeout = logic.call_timeout(cast.alice, cast.bob, 30)
    login(cast.bob).post(_url("timeout_back", cast, timeout.pk))
    login(cast.alice).post(_url("timeout_back", cast, timeout.pk), {"finish": "1"})
    timeout.refresh_from_db()
    assert timeout.returned_at is not None and timeout.finished_at is not None
    page = login(cast.alice).get(_url("timeout", cast, timeout.pk)).content.decode()
    assert "You came back and finished" in page
