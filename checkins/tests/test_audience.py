"""Cravings and use have their own, stricter audience: checked through pages and API.

A member who can see a check-in sees its cravings only if they were chosen too; a
professional sees neither without the per-entry flag, and never the cravings; people
who had stepped away or were removed see neither.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import CheckIn, Craving
from circles import logic as circles_logic
from circles.audience import Audience
from tests.support import api_client, call, consent, sent_to_workspace

CANARY = "canary-7c31 check-in note"
CRAVINGS = "Cravings: 6 of 10"


def _checkin(
    cast, audience=Audience.CIRCLE, chosen=(), pro=False, craving_audience=Audience.ONLY_ME, **craving
):
    data = CheckInData(state="activated", feelings={"anxious": 4}, note=CANARY)
    return logic.record_checkin(
        cast.alice,
        data,
        audience=audience,
        chosen=list(chosen),
        professional_may_see=pro,
        craving=CravingData(level=6, used=True, audience=craving_audience, chosen=craving.get("to", [])),
    )


def _page(login, member, checkin):
    return login(member).get(reverse("checkins:detail", args=[checkin.circle_id, checkin.pk]))


def _seen(login, member, checkin) -> tuple[bool, bool]:
    """(check-in seen, cravings seen), asked of the page and the API, which must agree; the
    API answers a professional as someone outside the circle (they read in the workspace)."""
    page = _page(login, member, checkin)
    api = call(api_client(member), "GET", f"/checkins/{checkin.pk}")
    if member.is_professional:  # issue 15: the family's pages send them to their own view
        assert sent_to_workspace(page, checkin.circle_id)
        assert api.status_code == 404  # and the family's API answers as to an outsider
        return False, False
    assert page.status_code == api.status_code
    if page.status_code == 404:
        assert CANARY not in page.content.decode() + api.content.decode()
        return False, False
    cravings = CRAVINGS in page.content.decode()
    assert member.is_professional or cravings == (api.json()["craving"] is not None)
    return CANARY in page.content.decode(), cravings


def _craving_trend(member, checkin) -> list:
    query = f"circle={checkin.circle_id}&who={checkin.author_id}"
    response = call(api_client(member), "GET", f"/checkins/trends?{query}")
    if member.is_professional:  # answered as someone outside the circle
        assert response.status_code == 404
        return []
    return response.json()["cravings"]


@pytest.mark.parametrize(
    ("craving_audience", "chosen", "bob", "carol"),
    [
        (Audience.ONLY_ME, [], False, False),
        (Audience.CHOSEN, ["bob"], True, False),
        (Audience.CIRCLE, [], True, True),
    ],
)
def test_seeing_a_check_in_does_not_mean_seeing_its_cravings(
    cast, login, craving_audience, chosen, bob, carol
):
    to = [getattr(cast, name) for name in chosen]
    checkin = _checkin(cast, craving_audience=craving_audience, to=to)
    assert _seen(login, cast.bob, checkin) == (True, bob)
    assert _seen(login, cast.carol, checkin) == (True, carol)
    assert bool(_craving_trend(cast.bob, checkin)) == bob
    assert bool(_craving_trend(cast.carol, checkin)) == carol


def test_the_author_always_sees_their_own_cravings(cast, login):
    checkin = _checkin(cast, audience=Audience.ONLY_ME)
    assert _seen(login, cast.alice, checkin) == (True, True)
    assert _craving_trend(cast.alice, checkin)


def test_cravings_chosen_for_someone_outside_the_check_in_stay_hidden(cast, login):
    checkin = _checkin(cast, Audience.CHOSEN, [cast.bob], craving_audience=Audience.CHOSEN, to=[cast.carol])
    assert _seen(login, cast.carol, checkin) == (False, False)
    assert _seen(login, cast.bob, checkin) == (True, False)


def test_narrowing_the_check_in_hides_its_cravings_too(cast, login):
    checkin = _checkin(cast, craving_audience=Audience.CIRCLE)
    body = {"audience": "chosen", "chosen": [str(cast.bob.pk)]}
    assert call(api_client(cast.alice), "PATCH", f"/checkins/{checkin.pk}/audience", body).status_code == 200
    assert _seen(login, cast.carol, checkin) == (False, False)
    assert _seen(login, cast.bob, checkin) == (True, True)


def test_the_professional_sees_neither_without_the_per_entry_flag(cast, login):
    checkin = _checkin(cast, craving_audience=Audience.CIRCLE)
    assert _seen(login, cast.pat, checkin) == (False, False)
    assert not _craving_trend(cast.pat, checkin)


def test_the_professional_never_sees_cravings_even_with_the_check_in_flag(cast, login):
    consent(cast.alice, cast.pat)  # alice consented to pat seeing what she shares
    checkin = _checkin(cast, pro=True, craving_audience=Audience.CIRCLE)
    # The professional reads it in the workspace (the queryset), never on the family's pages.
    assert list(CheckIn.objects.visible_to(cast.pat)) == [checkin]
    assert not Craving.objects.visible_to(cast.pat).exists()
    assert _seen(login, cast.pat, checkin) == (False, False)
    assert not _craving_trend(cast.pat, checkin)
    assert Craving.objects.get().professional_may_see is False


def test_cravings_cannot_be_given_to_the_professional(cast):
    body = {
        "circle": str(cast.circle.pk),
        "state": "settled",
        "audience": "circle",
        "professional_may_see": True,
        "craving": {"level": 3, "audience": "chosen", "chosen": [str(cast.pat.pk)]},
    }
    response = call(api_client(cast.alice), "POST", "/checkins", body)
    assert response.status_code == 422
    assert ["body", "payload", "craving", "chosen"] in [e["loc"] for e in response.json()["errors"]]
    bad_key = {**body, "craving": {"level": 3, "professional_may_see": True}}
    assert call(api_client(cast.alice), "POST", "/checkins", bad_key).status_code == 422
    assert not Craving.objects.exists()


def test_a_member_who_had_stepped_away_sees_neither(cast, login):
    circles_logic.set_status(cast.bob, "stepped_away")
    during = _checkin(cast, craving_audience=Audience.CIRCLE)
    circles_logic.set_status(cast.bob, "active")
    after = _checkin(cast, craving_audience=Audience.CIRCLE)
    assert _seen(login, cast.bob, during) == (False, False)
    assert _seen(login, cast.bob, after) == (True, True)
    listed = call(api_client(cast.bob), "GET", f"/checkins?circle={cast.circle.pk}").json()["items"]
    assert [item["id"] for item in listed] == [str(after.pk)]


def test_cravings_made_while_the_author_had_stepped_away_stay_with_them(cast, login):
    circles_logic.set_status(cast.alice, "stepped_away")
    checkin = _checkin(cast, craving_audience=Audience.CIRCLE)
    assert _seen(login, cast.bob, checkin) == (False, False)
    assert _seen(login, cast.alice, checkin) == (True, True)


def test_a_removed_member_sees_neither(cast, login):
    checkin = _checkin(cast, craving_audience=Audience.CIRCLE)
    assert _seen(login, cast.carol, checkin) == (True, True)
    circles_logic.remove_member(cast.alice, cast.carol)
    assert _seen(login, cast.carol, checkin) == (False, False)
    trends = call(api_client(cast.carol), "GET", f"/checkins/trends?circle={cast.circle.pk}")
    assert trends.status_code == 404
