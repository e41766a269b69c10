"""A new family member signs up in a real browser, in Spanish and in English, on a phone
and on a laptop: the name people will see, the language and the browser's time zone are
kept; every page is in Mend's words and passes axe-core; the mail's link opens on the
address actually served; the promise form's date input holds a date the browser accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import User
from tests.browser.conftest import OUTSIDE, OUTSIDE_PAGE
from tests.support import PASSWORD as MEMBER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
PASSWORD = "quiet-harbour-lantern-93"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WORDS = {
    "es": {
        "locale": "es-ES",
        "zone": "America/Mexico_City",
        "heading": "Crea tu cuenta de Mend",
        "name": "Tu nombre",
        "email": "Dirección de correo",
        "password": "Contraseña",
        "again": "Repite la contraseña",
        "create": "Crear mi cuenta",
        "sent": "Un paso más: mira tu correo",
        "subject": "Mend: Te damos la bienvenida a Mend: confirma tu dirección de correo",
        "confirm_heading": "Confirma tu dirección de correo",
        "confirm": "Sí, confirmar mi dirección",
        "reauth": "Confirma que eres tú",
        "promise": "Nueva promesa",
    },
    "en": {
        "locale": "en-GB",
        "zone": "Europe/London",
        "heading": "Create your Mend account",
        "name": "Your name",
        "email": "Email address",
        "password": "Password",
        "again": "Password again",
        "create": "Create my account",
        "sent": "One more step: check your email",
        "subject": "Mend: Welcome to Mend: please confirm your email address",
        "confirm_heading": "Confirm your email address",
        "confirm": "Yes, confirm my address",
        "reauth": "Confirm it is you",
        "promise": "New promise",
    },
}
STOCK = ["Hello from", "Sign In", "Sign Up", "usted", "¿Ha olvidado", "Su contraseña", "Iniciar Sesión"]


@pytest.fixture
def person_page(browser, live_server):
    """A browser context set up as a person's own: their language and time zone."""
    contexts = []

    def _open(viewport, locale, zone):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale=locale, timezone_id=zone
        )
        context.set_default_timeout(10_000)
        context.route(
            OUTSIDE, lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE)
        )
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: {scroll} px wide on a {width} px screen"


def in_mends_words(page) -> None:
    text = page.inner_text("main")
    for stock in STOCK:
        assert stock not in text, f"{page.url}: {stock!r}"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_new_member_signs_up_in_their_language(
    person_page, live_server, assert_accessible, language, viewport
):
    words = WORDS[language]
    email = f"robin-{language}-{viewport['width']}@example.test"
    page = person_page(viewport, words["locale"], words["zone"])

    page.goto("/accounts/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == words["heading"]
    assert page.get_attribute("html", "lang") == language
    in_mends_words(page)
    fits(page, viewport["width"])
    assert_accessible(page)
    if viewport is PHONE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"signup-{language}-390.png"), full_page=True)

    page.get_by_label(words["name"]).fill("  Robin  Reyes ")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_label(words["again"]).fill(PASSWORD)
    page.get_by_role("button", name=words["create"]).click()
    page.wait_for_url(re.compile("/accounts/confirm-email/$"))
    assert page.get_by_role("heading", level=1).inner_text() == words["sent"]
    in_mends_words(page)
    fits(page, viewport["width"])
    assert_accessible(page)

    robin = User.objects.get(email=email)
    assert (robin.display_name, robin.language, robin.time_zone) == ("Robin Reyes", language, words["zone"])

    (message,) = [m for m in mail.outbox if m.to == [email]]
    assert message.subject == words["subject"]
    assert "Hello from" not in message.body and "usted" not in message.body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    assert link.startswith(live_server.url + "/"), (link, live_server.url)  # the port actually served

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == words["confirm_heading"]
    in_mends_words(page)
    fits(page, viewport["width"])
    assert_accessible(page)
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_load_state("load")
    assert "/accounts/" not in page.url

    page.goto("/accounts/reauthenticate/")
    assert page.get_by_role("heading", level=1).inner_text() == words["reauth"]
    in_mends_words(page)
    fits(page, viewport["width"])
    assert_accessible(page)
    if viewport is PHONE:
        page.screenshot(path=str(SHOTS / f"reauthenticate-{language}-390.png"), full_page=True)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_promise_date_is_accepted_by_the_browser(person_page, live_server, language, cast):
    words = WORDS[language]
    User.objects.filter(pk=cast.alice.user.pk).update(language=language)
    page = person_page(PHONE, words["locale"], words["zone"])
    page.goto("/accounts/login/")
    page.fill("#id_login", "alice@example.test")
    page.fill("#id_password", MEMBER_PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state("load")
    page.goto(f"/c/{cast.circle.pk}/promises/new/")
    starts_on = page.locator("input[name=starts_on]")
    value = starts_on.input_value()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), value
    assert starts_on.evaluate("el => el.validity.valid")
