"""The body-first check-in page through the real HTTP stack: chips and cards, not dropdowns;
a feeling is one tap and its strength optional; old check-ins still read as before."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from checkins import logic
from checkins import vocabulary as v
from checkins.logic import CheckInData
from checkins.models import CheckIn
from circles.audience import Audience
from tests.support import api_client, call, selected

NOTE = "canary-body-first"


def _new(cast):
    return reverse("checkins:new", args=[cast.circle.pk])


def _detail(checkin):
    return reverse("checkins:detail", args=[checkin.circle_id, checkin.pk])


def test_the_page_asks_body_first_with_chips_and_cards_not_dropdowns(cast, login):
    page = login(cast.bob).get(_new(cast)).content.decode()
    assert re.findall(r'<select name="feeling_', page) == []
    # The body comes first, then the nervous-system state, then feelings.
    where, state, feelings = (page.index(f'name="{name}"') for name in ("where", "state", "feelings"))
    assert where < state < feelings
    assert page.count('class="chip"') == len(v.REGIONS) + len(v.SENSATIONS) + len(v.FEELINGS)
    for hint in ("calm enough, I can think", "wound up, on edge", "flat, far away"):
        assert hint in page
    # Only the common feelings are open; the others wait under "More feelings", closed.
    assert re.search(r'<details class="more-feelings">\s*<summary>More feelings', page)
    assert '<details class="checkin-more">' in page


def test_five_taps_save_a_check_in(cast, login):
    client = login(cast.bob)
    response = client.post(
        _new(cast),
        {
            "where": "chest",
            "like": "tight",
            "state": "activated",
            "feelings": ["anxious"],
            "audience": "only_me",
        },
    )
    checkin = CheckIn.objects.get()
    assert response.status_code == 302 and response.url == _detail(checkin)
    assert checkin.state == "activated" and checkin.audience == Audience.ONLY_ME
    assert [(s.region, s.kind) for s in checkin.sensations.all()] == [("chest", "tight")]
    assert [(f.feeling, f.intensity) for f in checkin.feelings.all()] == [("anxious", None)]
    page = client.get(_detail(checkin)).content.decode()
    assert "Feelings: anxious</p>" in page and "tight — chest" in page


def test_a_place_alone_is_enough_and_reads_as_the_place(cast, login):
    client = login(cast.bob)
    client.post(_new(cast), {"where": "stomach", "state": "shut_down", "audience": "only_me"})
    checkin = CheckIn.objects.get()
    assert [(s.region, s.kind) for s in checkin.sensations.all()] == [("stomach", "")]
    assert "In the body: stomach</p>" in client.get(_detail(checkin)).content.decode()


def test_what_it_is_like_without_a_place_asks_where_and_keeps_everything(cast, login):
    response = login(cast.bob).post(
        _new(cast),
        {"like": "shaky", "state": "activated", "feelings": ["scared"], "note": NOTE, "audience": "only_me"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not CheckIn.objects.exists()
    assert "Where do you notice it? Tap a place, or “all over”." in page
    assert selected(page, "like") == ["shaky"] and selected(page, "state") == ["activated"]
    assert selected(page, "feelings") == ["scared"] and NOTE in page
    # "scared" is not among the first feelings, so "More feelings" opens to show it.
    assert '<details class="more-feelings" open>' in page


def test_all_over_is_a_place(cast, login):
    login(cast.bob).post(
        _new(cast), {"where": "all_over", "like": "shaky", "state": "activated", "audience": "only_me"}
    )
    assert [(s.region, s.kind) for s in CheckIn.objects.get().sensations.all()] == [("all_over", "shaky")]


def test_a_strength_counts_only_for_a_feeling_still_tapped(cast, login):
    login(cast.bob).post(
        _new(cast),
        {
            "state": "settled",
            "feelings": ["hopeful", "tired"],
            "feeling_hopeful": "4",
            "feeling_sad": "5",  # tapped, given a strength, then tapped again: gone
            "audience": "only_me",
        },
    )
    feelings = {(f.feeling, f.intensity) for f in CheckIn.objects.get().feelings.all()}
    assert feelings == {("hopeful", 4), ("tired", None)}


def test_the_place_tapped_and_the_folded_places_are_kept_together(cast, login):
    login(cast.bob).post(
        _new(cast),
        {
            "where": "jaw",
            "like": "tight",
            "body_jaw": "aching",  # the same place twice: the tapped answer wins
            "body_hands": "cold",
            "state": "activated",
            "audience": "only_me",
        },
    )
    sensations = [(s.region, s.kind) for s in CheckIn.objects.get().sensations.order_by("pk")]
    assert sensations == [("jaw", "tight"), ("hands", "cold")]


def test_a_problem_in_the_folded_part_opens_it(cast, login):
    page = (
        login(cast.bob)
        .post(_new(cast), {"state": "settled", "body_jaw": "melting", "audience": "only_me"})
        .content.decode()
    )
    assert '<details class="checkin-more" open>' in page and "Please choose from the list." in page


@pytest.mark.parametrize(
    ("intensity", "shown"), [(4, "Feelings: anxious (4/5)</p>"), (None, "Feelings: anxious</p>")]
)
def test_check_ins_saved_before_and_after_still_read(cast, login, intensity, shown):
    checkin = logic.record_checkin(
        cast.bob,
        CheckInData(state="activated", feelings={"anxious": intensity}, sensations=[("chest", "tight")]),
    )
    page = login(cast.bob).get(_detail(checkin)).content.decode()
    assert shown in page and "tight — chest" in page and "Activated" in page


def test_the_api_still_takes_feelings_with_their_strength_and_shows_one_without(cast):
    client = api_client(cast.bob)
    body = call(
        client,
        "POST",
        "/checkins",
        {
            "circle": str(cast.circle.pk),
            "state": "settled",
            "feelings": {"hopeful": 2},
            "audience": "only_me",
        },
    ).json()
    assert [(f["feeling"], f["intensity"]) for f in body["feelings"]] == [("hopeful", 2)]
    checkin = logic.record_checkin(cast.bob, CheckInData(state="settled", feelings={"tired": None}))
    shown = call(client, "GET", f"/checkins/{checkin.pk}").json()
    assert [(f["feeling"], f["intensity"]) for f in shown["feelings"]] == [("tired", None)]


def test_the_page_in_spanish(cast, login):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    page = login(cast.bob).get(_new(cast)).content.decode()
    assert "¿En qué parte del cuerpo notas algo?" in page and "Más emociones" in page
    assert "todo el cuerpo" in page and "con bastante calma, puedo pensar" in page
