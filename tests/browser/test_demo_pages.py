"""The demo's main pages in a real browser (issue 14, points 7 and 10): Sam in English and
María in Spanish, each logging in with the demo's own password, at phone and laptop size.
Every page is axe clean, has no sideways scroll, is in the person's language and shows
something real from the demo family's months together. Their therapist, Lena, logs in with
her password and a two-step code from the demo's published secret, at phone size in
English and in Spanish, and sees the family on her caseload and only what they consented
to on her view of it."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from circles.models import Member
from mend.demo import CIRCLE_NAME, PROFESSIONAL, current_code, demo_circle, demo_logins, load_demo
from reachout.models import Plan
from repair.models import Rupture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]

# Who looks, in which language, whose relationship page they open, and for each page a
# piece of the demo's own history that must be on it (their own view differs).
PEOPLE = {
    "Sam": {
        "language": "en",
        "other": "Alex",
        "seen": {
            "home": CIRCLE_NAME,
            "check-in": " · Settled",
            "trends": "Jordan",
            "promises": "Text Alex when I leave work",
            "relationship": "Alex",
            "repairs": "Dad said he'd come to my game",
            "repair-finished": "Alex",
            "repair-in-progress": "It's not about the game",
            "reach-out-plan": "Hablamos solo si está sobrio",
            "notifications": "Jordan called a pause",
            "appreciations": "giving me room to show up again",
            "moments": "Three Sundays in a row, phones away.",
            "phrases": "I'm flooded.",
        },
    },
    "María": {
        "language": "es",
        "other": "Sam",
        "seen": {
            "home": "giving me room to show up again",
            "check-in": " · En calma",
            "trends": "Jordan",
            "promises": "Comer con Jordan los miércoles",
            "relationship": "Sam",
            "repairs": "Le dije a Alex",
            "repair-finished": "Alex",
            "reach-out-plan": "Hablamos solo si está sobrio",
            "notifications": "Sam dice que cumplió una promesa",
            "appreciations": "giving me room to show up again",
            "moments": "Three Sundays in a row, phones away.",
            "phrases": "Me alegra mucho oírte",
        },
    },
}


@pytest.fixture
def demo(live_server):
    """The demo family in the live server's database (made again for each test: the
    database is emptied after every transactional test)."""
    assert load_demo() is True
    return demo_circle()


def _credentials(name: str) -> tuple[str, str]:
    """This demo person's email and password."""
    return next((email, password) for n, email, password, _role in demo_logins() if n == name)


def _pages(circle, name: str, other_name: str) -> dict[str, str]:
    """The main pages this person can open, by the same slugs as PEOPLE[...]["seen"]."""
    c = circle.pk
    me = Member.objects.get(circle=circle, user__email=_credentials(name)[0])
    other = Member.objects.get(circle=circle, user__email=_credentials(other_name)[0])
    ruptures = Rupture.objects.visible_to(me)
    finished = ruptures.filter(status=Rupture.Status.REPAIRED).order_by("created_at").first()
    going = ruptures.filter(status=Rupture.Status.OPEN).first()
    plan = Plan.objects.visible_to(me).first()
    pages = {
        "home": reverse("circles:home", args=[c]),
        "check-in": reverse("checkins:home", args=[c]),
        "trends": reverse("checkins:trends", args=[c]),
        "promises": reverse("ledger:mine", args=[c]),
        "relationship": reverse("ledger:relationship", args=[c, other.pk]),
        "repairs": reverse("repair:list", args=[c]),
        "repair-finished": reverse("repair:detail", args=[c, finished.pk]),
        "reach-out-plan": reverse("reachout:plan", args=[c, plan.pk]),
        "notifications": reverse("notifications:list"),
        "appreciations": reverse("appreciations:list", args=[c]),
        "moments": reverse("ledger:moments", args=[c]),
        "phrases": reverse("phrases:library", args=[c]),
    }
    # María is not in the repair still going on (between Sam and Jordan), so she cannot see it.
    if going is not None:
        pages["repair-in-progress"] = reverse("repair:detail", args=[c, going.pk])
    return pages


def _log_in(page, email: str, password: str) -> None:
    """Sign in through the real login page with the demo's own password."""
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/c/" in url)


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_demos_main_pages_at_both_sizes(new_page, demo, name, assert_accessible):
    person = PEOPLE[name]
    email, password = _credentials(name)
    pages = _pages(demo, name, person["other"])
    assert set(pages) == set(person["seen"]), "a main page is missing for this person"
    for size in SIZES:
        page = new_page(viewport=size)
        _log_in(page, email, password)
        for slug, path in pages.items():
            where = f"{name} at {size['width']}px, {slug} ({path})"
            response = page.goto(path)
            assert response.status == 200, where
            assert page.locator("html").get_attribute("lang") == person["language"], where
            scroll, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= width, f"{where}: sideways scroll ({scroll} > {width})"
            assert person["seen"][slug] in page.locator("main").inner_text(), where
            assert_accessible(page)


# What Lena's pages show, by language: the family, and the consented things of three of them.
LENA_SEES = {
    "en": {
        "caseload": ["3 members have given you consent", "Sam: ", "María: ", "Alex: "],
        "circle": ["Go over the week's plans with Alex", "María, thank you for the soup", "Trends only"],
    },
    "es": {
        "caseload": ["3 miembros te han dado su consentimiento", "Sam: ", "María: ", "Alex: "],
        "circle": ["Go over the week's plans with Alex", "María, thank you for the soup", "Solo tendencias"],
    },
}


def _two_step(page) -> None:
    """Type the code an authenticator app with the demo secret shows now."""
    code, seconds = current_code()
    if seconds < 4:  # about to change: wait for the next one
        time.sleep(seconds + 1)
        code, _seconds = current_code()
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_lena_logs_in_with_two_steps_and_sees_her_caseload_at_phone_size(
    new_page, demo, lang, assert_accessible
):
    User.objects.filter(email=PROFESSIONAL[2]).update(language=lang)
    cache.clear()  # a code is accepted once: the other language's test may have used it
    page = new_page(viewport=SIZES[0])
    name, email, password, role = demo_logins()[-1]
    assert (name, email) == (PROFESSIONAL[1], PROFESSIONAL[2]) and role == "Professional"
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/2fa/authenticate/")
    _two_step(page)
    # A professional's Mend opens on the caseload.
    page.wait_for_url("**/w/")
    seen = LENA_SEES[lang]
    for slug in ("caseload", "circle"):
        if slug == "circle":
            page.locator(".caseload-row h2 a", has_text=CIRCLE_NAME).click()
            page.wait_for_url(f"**/w/c/{demo.pk}/")
        assert page.locator("html").get_attribute("lang") == lang
        scroll, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= width, f"{slug}: sideways scroll ({scroll} > {width})"
        text = page.locator("main").inner_text()
        for marker in seen[slug]:
            assert marker in text, f"{slug} ({lang}): {marker!r} missing"
        assert CIRCLE_NAME in text and "Jordan" not in text.replace("Jordan, thank you", "")
        assert_accessible(page)
