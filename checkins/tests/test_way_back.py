"""The calming tools return you: links carry where they were opened from, the tool pages
offer "Back to …" only to a page of Mend in the same circle, never anywhere else."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import reverse

from checkins import logic
from checkins.logic import CheckInData
from checkins.way_back import way_back
from reachout import logic as reachout_logic
from repair.tests.helpers import log


def _request(circle=None, secure=False):
    request = RequestFactory().get("/", secure=secure, HTTP_HOST="testserver")
    if circle is not None:
        request.circle = circle
    return request


def _tool(cast, name="circle_breathe", next_path=None):
    url = reverse(f"checkins:{name}", args=[cast.circle.pk])
    return url + (f"?next={quote(next_path)}" if next_path else "")


@pytest.mark.parametrize(
    ("route", "label"),
    [
        (lambda c: reverse("checkins:new", args=[c]), "Back to your check-in"),
        (lambda c: reverse("checkins:home", args=[c]), "Back to check-ins"),
        (lambda c: reverse("checkins:timeout_new", args=[c]), "Back to calling a pause"),
        (lambda c: reverse("repair:list", args=[c]), "Back to the repair"),
        (lambda c: reverse("reachout:start", args=[c]), "Back to the reach-out guide"),
        (lambda c: reverse("circles:home", args=[c]), "Back to the circle"),
        (lambda c: reverse("circles:members", args=[c]), "Back to where you were"),
    ],
)
def test_a_page_of_the_circle_is_named_by_what_it_is(cast, route, label):
    path = route(cast.circle.pk)
    back = way_back(_request(cast.circle), path + "?span=52#top")
    assert back is not None and (back.url, back.label) == (path + "?span=52#top", label)


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/c/",
        "http://testserver/c/",  # even this very site, when written as an address
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "javascript:alert(1)",
        "data:text/html,hi",
        " /c/",
        "/no-such-page/",
        "relative/path/",
        "/" + "a" * 3000,
    ],
)
def test_anything_but_a_path_of_mend_is_refused(cast, target):
    assert way_back(_request(cast.circle), target) is None
    assert way_back(_request(), target) is None


def test_another_circles_page_or_a_tool_is_not_a_way_back(cast):
    other = cast.olga.circle_id
    assert way_back(_request(cast.circle), reverse("checkins:new", args=[other])) is None
    assert way_back(_request(cast.circle), reverse("checkins:circle_ground", args=[cast.circle.pk])) is None
    assert way_back(_request(cast.circle), reverse("checkins:ground")) is None


def test_outside_a_circle_any_page_of_mend_is_a_way_back(cast):
    back = way_back(_request(), reverse("checkins:new", args=[cast.circle.pk]))
    assert back is not None and back.label == "Back to your check-in"
    assert way_back(_request(), reverse("crisis")).label == "Back to where you were"


def test_inside_a_circle_a_page_outside_it_is_not_a_way_back(cast):
    assert way_back(_request(SimpleNamespace(pk=cast.circle.pk)), reverse("crisis")) is None


# Through the real HTTP stack


@pytest.mark.parametrize("name", ["circle_breathe", "circle_ground"])
def test_the_circles_tool_page_offers_the_way_back(cast, login, name):
    step = reverse("repair:step", args=[cast.circle.pk, log(cast.alice, cast.bob).pk, 2])
    page = login(cast.alice).get(_tool(cast, name, step)).content.decode()
    assert f'href="{step}"' in page and page.count("Back to the repair step") == 2
    # Switching to the other tool keeps the same way back.
    other = "circle_ground" if name == "circle_breathe" else "circle_breathe"
    assert (
        f'href="{reverse(f"checkins:{other}", args=[cast.circle.pk])}?next={quote(step, safe="/")}"' in page
    )
    # The circle's navigation stays around the tool.
    assert reverse("circles:home", args=[cast.circle.pk]) in page


def test_a_way_back_elsewhere_is_left_out_and_the_tool_still_works(cast, login):
    response = login(cast.alice).get(_tool(cast, next_path="https://evil.example/"))
    page = response.content.decode()
    assert response.status_code == 200 and "evil.example" not in page.split("<main")[1].split("</main>")[0]
    assert "way-back" not in page


def test_an_outsider_gets_404_from_a_circles_tool_page(cast, login):
    assert login(cast.olga).get(_tool(cast)).status_code == 404


def test_the_open_tools_take_a_way_back_too(cast, client):
    home = reverse("checkins:home", args=[cast.circle.pk])
    page = client.get(reverse("checkins:breathe") + f"?next={home}").content.decode()
    assert f'href="{home}"' in page and "Back to check-ins" in page


def _carries_its_own_path(page: str, path: str, tool: str, cast) -> bool:
    return f"{reverse(f'checkins:{tool}', args=[cast.circle.pk])}?next={quote(path, safe='/')}" in page


def test_every_page_that_opens_a_tool_says_where_it_was_opened_from(cast, login):
    client = login(cast.alice)
    rupture = log(cast.alice, cast.bob)
    timeout = logic.call_timeout(cast.alice, cast.bob, 30)
    checkin = logic.record_checkin(cast.alice, CheckInData(state="activated"))
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    pages = {
        reverse("repair:step", args=[cast.circle.pk, rupture.pk, 2]): ["circle_breathe", "circle_ground"],
        reverse("repair:detail", args=[cast.circle.pk, rupture.pk]): ["circle_breathe", "circle_ground"],
        reverse("checkins:timeout", args=[cast.circle.pk, timeout.pk]): ["circle_ground"],
        reverse("checkins:new", args=[cast.circle.pk]): ["circle_breathe", "circle_ground"],
        reverse("checkins:home", args=[cast.circle.pk]): ["circle_breathe", "circle_ground"],
        reverse("checkins:detail", args=[cast.circle.pk, checkin.pk]): ["circle_ground"],
        reverse("reachout:step", args=[cast.circle.pk, plan.pk, "pause"]): ["circle_ground"],
    }
    for path, tools in pages.items():
        page = client.get(path).content.decode()
        for tool in tools:
            assert _carries_its_own_path(page, path, tool, cast), (path, tool)
        assert 'href="/tools/' not in page, path
