"""The site header's navigation through the real HTTP stack (issue 14, point 4): at most five
destinations with the rest behind one "More", the current one marked, the circle's name
with a switcher to the person's other circles only, and the circle kept on pages that
belong to no circle, but never one the person has left."""

from __future__ import annotations

from django.urls import reverse

from circles.logic import create_circle
from circles.models import Member
from notifications.logic import notify
from tests.crawl import Tags
from tests.support import make_user

HOME = "circles:home"


def _nav(response) -> str:
    """The main navigation's markup."""
    page = response.content.decode()
    start = page.index('class="main-nav"')
    return page[start : page.index("</nav>", start)]


def _primary(response) -> list[str]:
    """The words of the top-level destinations ("More" included; the items behind it have none)."""
    return [part.split("</span>")[0] for part in _nav(response).split('<span class="nav-label">')[1:]]


def _links(response) -> dict[str, dict]:
    """Every link of the main navigation, by address."""
    parser = Tags()
    parser.feed(_nav(response))
    return {attrs["href"]: attrs for tag, attrs in parser.found if tag == "a"}


def test_in_a_circle_four_destinations_and_more(cast, login):
    response = login(cast.alice).get(reverse(HOME, args=[cast.circle.pk]))
    assert _primary(response) == ["Today", "Check in", "Promises", "Repair", "More"]
    more = _nav(response).split('<li class="nav-more">')[1]
    for words in ("Small moments", "Appreciations", "People", "Feeling safe", "They reached out"):
        assert words in more
    for words in ("My circles", "Notifications", "Settings", "Log out"):
        assert words in more


def test_the_current_destination_is_marked(cast, login):
    client = login(cast.alice)
    home = reverse(HOME, args=[cast.circle.pk])
    links = _links(client.get(home))
    assert links[home]["aria-current"] == "page"
    assert [href for href, attrs in links.items() if "aria-current" in attrs] == [home]
    promise_page = reverse("ledger:new", args=[cast.circle.pk])
    links = _links(client.get(promise_page))
    assert links[reverse("ledger:mine", args=[cast.circle.pk])]["aria-current"] == "true"
    response = client.get(reverse("circles:members", args=[cast.circle.pk]))
    assert _links(response)[reverse("circles:members", args=[cast.circle.pk])]["aria-current"] == "page"
    assert '<summary class="current">' in _nav(response)


def test_one_circle_is_named_without_a_switcher(cast, login):
    page = login(cast.alice).get(reverse(HOME, args=[cast.circle.pk])).content.decode()
    assert (
        '<p class="circle-name current-circle"><span class="visually-hidden">Circle: </span>Rivera</p>'
        in page
    )
    assert "circle-switcher" not in page


def test_several_circles_get_a_switcher_that_marks_this_one(cast, login):
    other = create_circle(cast.alice.user, "Castellanos", Member.Role.PARENT)
    response = login(cast.alice).get(reverse(HOME, args=[other.circle_id]))
    page = response.content.decode()
    switcher = page[
        page.index('<nav class="circle-switcher"') : page.index("</nav>", page.index("circle-switcher"))
    ]
    assert 'aria-label="Switch circle"' in switcher
    assert '<span class="circle-name">Castellanos</span>' in switcher
    parser = Tags()
    parser.feed(switcher)
    found = {a["href"]: a.get("aria-current") for tag, a in parser.found if tag == "a"}
    assert found == {
        reverse(HOME, args=[other.circle_id]): "page",
        reverse(HOME, args=[cast.circle.pk]): None,
    }


def test_a_page_outside_a_circle_keeps_the_circle_last_opened(cast, login):
    other = create_circle(cast.alice.user, "Castellanos", Member.Role.PARENT)
    client = login(cast.alice)
    client.get(reverse(HOME, args=[other.circle_id]))
    response = client.get(reverse("accounts:profile"))
    assert reverse(HOME, args=[other.circle_id]) in _links(response)
    assert '<span class="circle-name">Castellanos</span>' in response.content.decode()
    assert _links(response)[reverse("accounts:profile")]["aria-current"] == "page"
    client.get(reverse(HOME, args=[cast.circle.pk]))
    assert reverse(HOME, args=[cast.circle.pk]) in _links(client.get(reverse("notifications:list")))


def test_a_circle_the_person_left_is_not_kept(cast, login):
    other = create_circle(cast.bob.user, "Castellanos", Member.Role.PARENT)
    client = login(cast.bob)
    client.get(reverse(HOME, args=[other.circle_id]))
    Member.objects.filter(pk=other.pk).update(left_at="2026-01-01T00:00Z")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Castellanos" not in page
    # Only Rivera is left: it is the circle of every page.
    assert reverse(HOME, args=[cast.circle.pk]) in page


def test_without_a_circle_the_destinations_are_the_persons_own(cast, login):
    newcomer = make_user("nina")
    response = login(newcomer).get(reverse("circles:list"))
    assert _primary(response) == ["My circles", "Notifications", "Settings", "More"]
    assert "Log out" in _nav(response).split('<li class="nav-more">')[1]
    assert _links(response)[reverse("circles:list")]["aria-current"] == "page"


def test_several_circles_and_none_opened_yet_asks_to_choose(cast, login):
    create_circle(cast.olga.user, "Second", Member.Role.PARENT)
    page = login(cast.olga).get(reverse("accounts:profile")).content.decode()
    assert "Choose a circle" in page
    assert "Rivera" not in page


def test_more_shows_how_many_notifications_are_unread(cast, login):
    for kind in ("confirm_waiting", "talk_request"):
        notify(cast.alice.user, kind, "/")
    nav = _nav(login(cast.alice).get(reverse(HOME, args=[cast.circle.pk])))
    summary = nav.split("<summary")[1].split("</summary>")[0]
    assert '<span class="badge">2<span class="visually-hidden"> unread</span></span>' in summary


def test_spanish_words(cast, login):
    cast.alice.user.language = "es"
    cast.alice.user.save(update_fields=["language"])
    response = login(cast.alice).get(reverse(HOME, args=[cast.circle.pk]))
    assert _primary(response) == ["Hoy", "Registro", "Promesas", "Reparar", "Más"]


def test_signed_out_pages_have_no_navigation(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "main-nav" not in page
    assert 'id="quick-exit"' in page


def test_the_crisis_page_keeps_the_safety_bar(client, db):
    page = client.get(reverse("crisis")).content.decode()
    assert 'id="quick-exit"' in page


def test_without_a_circle_the_count_shows_once(cast, login):
    newcomer = make_user("nina")
    notify(newcomer, "confirm_waiting", "/")
    nav = _nav(login(newcomer).get(reverse("circles:list")))
    assert nav.count('<span class="badge">1<span class="visually-hidden"> unread</span></span>') == 1
