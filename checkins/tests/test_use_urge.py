"""The urge to use follows the cravings' audience, never the check-in's (issue 13, item 4)."""

from __future__ import annotations

from django.urls import reverse

from checkins import logic
from checkins.logic import CheckInData, CravingData
from checkins.models import Craving, Urge
from circles.audience import Audience
from tests.support import api_client, call

USE_LABEL = "to use or drink"


def _checkin(member, craving=None, urges=("use", "cry")):
    data = CheckInData(state="activated", urges=list(urges))
    return logic.record_checkin(member, data, audience=Audience.CIRCLE, craving=craving)


def _api_urges(viewer, checkin) -> list[str]:
    response = call(api_client(viewer), "GET", f"/checkins/{checkin.pk}")
    assert response.status_code == 200
    return response.json()["urges"]


def _page(login, viewer, checkin) -> str:
    response = login(viewer).get(reverse("checkins:detail", args=[checkin.circle_id, checkin.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_urge_to_use_is_kept_with_the_cravings_not_among_the_urges(cast):
    checkin = _checkin(cast.alice, CravingData(level=4))

    assert list(Urge.objects.filter(checkin=checkin).values_list("urge", flat=True)) == ["cry"]
    craving = Craving.objects.get(checkin=checkin)
    assert (craving.level, craving.urge_to_use) == (4, True)


def test_a_shared_check_in_does_not_share_a_private_urge_to_use(cast, login):
    checkin = _checkin(cast.alice, CravingData(level=4, audience=Audience.ONLY_ME))

    assert _api_urges(cast.bob, checkin) == ["cry"]
    assert USE_LABEL not in _page(login, cast.bob, checkin)
    assert _api_urges(cast.alice, checkin) == ["use", "cry"]
    assert USE_LABEL in _page(login, cast.alice, checkin)


def test_the_urge_to_use_reaches_whom_the_cravings_reach(cast, login):
    checkin = _checkin(cast.alice, CravingData(level=4, audience=Audience.ONLY_ME))
    Craving.objects.get(checkin=checkin).set_audience(Audience.CHOSEN, [cast.bob])

    assert _api_urges(cast.bob, checkin) == ["use", "cry"]
    assert USE_LABEL in _page(login, cast.bob, checkin)
    assert _api_urges(cast.carol, checkin) == ["cry"]


def test_an_urge_to_use_without_cravings_is_private_to_its_author(cast, login):
    checkin = _checkin(cast.bob)

    craving = Craving.objects.get(checkin=checkin)
    assert (craving.level, craving.used, craving.urge_to_use, craving.audience) == (
        None,
        False,
        True,
        Audience.ONLY_ME,
    )
    assert _api_urges(cast.alice, checkin) == ["cry"]
    assert _api_urges(cast.bob, checkin) == ["use", "cry"]
    page = _page(login, cast.bob, checkin)
    assert USE_LABEL in page and "of 10" not in page


def test_on_the_page_the_urge_alone_takes_the_chosen_cravings_audience(cast, login):
    client = login(cast.alice)
    response = client.post(
        reverse("checkins:new", args=[cast.circle.pk]),
        {"state": "settled", "urges": ["use"], "audience": "circle", "craving-audience": "circle"},
    )

    assert response.status_code == 302
    craving = Craving.objects.get()
    assert (craving.level, craving.urge_to_use, craving.audience) == (None, True, Audience.CIRCLE)
    assert not Urge.objects.exists()


def test_the_form_says_where_the_urge_to_use_goes(cast, login):
    page = login(cast.bob).get(reverse("checkins:new", args=[cast.circle.pk])).content.decode()

    assert "An urge to use or drink stays private: only you see it." in page
