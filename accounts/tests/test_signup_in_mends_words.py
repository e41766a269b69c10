"""Sign-up asks the name people see and keeps the language and time zone it was made in;
every allauth page and mail a person can reach speaks in Mend's words, in English and
Spanish (tú), with links on the site's address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.helpers import (
    activate_totp,
    last_link,
    last_login_code,
    log_in,
    reauthenticate,
    request_login_code,
)
from tests.support import PASSWORD, make_user

NEW_EMAIL = "robin@example.test"
NEW_PASSWORD = "quiet-harbour-lantern-93"
# allauth's stock words, and "usted" where Mend says "tú".
STOCK = [
    "Hello from",
    "Thank you for using",
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Signup",
    "Confirm Access",
    "reauthenticate",
    "Two-Factor",
    "Iniciar Sesión",
    "¿Ha olvidado",
    " su contraseña",
    "Su contraseña",
    "usted",
    "Por favor",
    "Introduzca",
    "regístrese",
    "Verifique",
    "póngase",
    "contáctenos",
    "Le hemos",
    "Ha iniciado sesión",
]
USTED = re.compile(
    r"\b(usted|[Ss]u (contraseña|cuenta|correo|dirección)|Introduzca|Confirme|Verifique|Ingrese|Elija|Siga|Ha olvidado|Le hemos)\b"
)
LANGUAGES = ["en", "es"]


def visible_text(response) -> str:
    """What a person reads on the page: the main part, tags and scripts taken out."""
    body = response.content.decode()
    main = body.split("<main", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def assert_mends_words(text: str, language: str) -> None:
    for stock in STOCK:
        assert stock not in text, f"{stock!r} in {text!r}"
    if language == "es":
        assert not USTED.search(text), f"usted in {text!r}"


def sign_up(
    client, language="es", time_zone="America/Mexico_City", name="  Robin   Reyes ", email=NEW_EMAIL, **extra
):
    data = {
        "display_name": name,
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "time_zone": time_zone,
    }
    return client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE=language, **extra)


def person(language: str):
    alice = make_user("alice")
    alice.language = language
    alice.save(update_fields=["language"])
    return alice


# --- sign-up ---------------------------------------------------------------------------


def test_the_sign_up_page_asks_the_name_people_will_see_first(client, db):
    page = client.get(reverse("account_signup"))
    form = page.context["form"]
    assert list(form.fields)[:2] == ["display_name", "email"]
    assert form.fields["display_name"].required
    assert "data-browser-time-zone" in page.content.decode()


def test_a_spanish_sign_up_keeps_its_name_language_and_time_zone(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    robin = User.objects.get(email=NEW_EMAIL)
    assert (robin.display_name, robin.language, robin.time_zone) == (
        "Robin Reyes",
        "es",
        "America/Mexico_City",
    )
    assert robin.name == "Robin Reyes"


def test_the_name_is_stored_sealed(client, db):
    from django.db import connection

    sign_up(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT display_name FROM accounts_user WHERE email = %s", [NEW_EMAIL])
        (stored,) = cursor.fetchone()
    assert "Robin" not in stored


def test_the_language_chosen_with_the_switcher_wins_over_the_browser(client, db):
    client.post(reverse("accounts:set_language"), {"language": "es", "next": "/"})
    sign_up(client, language="en")
    assert User.objects.get(email=NEW_EMAIL).language == "es"


def test_an_english_browser_signs_up_in_english(client, db):
    sign_up(client, language="en-GB")
    assert User.objects.get(email=NEW_EMAIL).language == "en"


@pytest.mark.parametrize("sent", ["", "Mars/Olympus_Mons", "localtime", "x" * 64])
def test_a_missing_or_unknown_time_zone_falls_back_to_the_site_default(client, db, settings, sent):
    assert sign_up(client, time_zone=sent).status_code == 302
    assert User.objects.get(email=NEW_EMAIL).time_zone == settings.TIME_ZONE


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_blank_or_too_long_name_is_refused_with_a_clear_message(client, db, name):
    response = sign_up(client, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert (
        "Escribe el nombre que verán los demás." in response.content.decode()
        or "como máximo 80" in response.content.decode()
    )


def test_the_confirmation_mail_is_in_spanish_with_a_link_on_the_address_served(client, db):
    sign_up(client)
    (message,) = mail.outbox
    assert message.subject == "Mend: Te damos la bienvenida a Mend: confirma tu dirección de correo"
    assert "http://testserver/accounts/confirm-email/" in message.body
    assert_mends_words(message.subject + message.body, "es")
    assert client.post(last_link(NEW_EMAIL)).status_code == 302


def test_mail_links_use_the_configured_site_address(client, db, settings):
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "https://mend.example.org", False
    sign_up(client, language="en")
    (message,) = mail.outbox
    assert "https://mend.example.org/accounts/confirm-email/" in message.body
    assert "testserver" not in message.body


def test_in_development_mail_links_follow_the_port_actually_served(client, db, settings):
    settings.SITE_URL_FROM_REQUEST = True
    sign_up(client, language="en", HTTP_HOST="127.0.0.1:8101")
    assert "http://127.0.0.1:8101/accounts/confirm-email/" in mail.outbox[0].body


# --- every page, both languages --------------------------------------------------------

SIGNED_OUT = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_request_login_code",
    "account_email_verification_sent",
]
SIGNED_IN = [
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SIGNED_OUT)
def test_signed_out_account_pages_speak_in_mends_words(client, db, name, language):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert_mends_words(visible_text(response), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_account_pages_speak_in_mends_words(client, db, name, language):
    person(language)
    log_in(client, "alice@example.test")
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_mends_words(visible_text(response), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_two_step_pages_speak_in_mends_words(client, db, language, still_clock):
    person(language)
    log_in(client, "alice@example.test")
    reauthenticate(client)
    for name in ["mfa_activate_totp"]:
        assert_mends_words(visible_text(client.get(reverse(name))), language)
    activate_totp(client)
    for name in [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_mends_words(visible_text(response), language)
    elsewhere = Client()
    elsewhere.cookies["django_language"] = language
    second = log_in(elsewhere, "alice@example.test")
    assert second["Location"] == reverse("mfa_authenticate")
    assert_mends_words(visible_text(elsewhere.get(second["Location"])), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_code_page_and_mail_speak_in_mends_words(client, db, language):
    person(language)
    response = request_login_code(client, "alice@example.test", HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
    assert_mends_words(visible_text(page), language)
    (message,) = mail.outbox
    assert_mends_words(message.subject + message.body, language)
    assert last_login_code("alice@example.test")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_pages_and_mail_speak_in_mends_words(client, db, language):
    person(language)
    client.post(
        reverse("account_reset_password"), {"email": "alice@example.test"}, HTTP_ACCEPT_LANGUAGE=language
    )
    (message,) = mail.outbox
    assert_mends_words(message.subject + message.body, language)
    assert "http://testserver/accounts/password/reset/key/" in message.body
    form_page = client.get(client.get(last_link("alice@example.test"))["Location"])
    assert_mends_words(visible_text(form_page), language)
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    done = client.post(form_page.wsgi_request.path, data, follow=True)
    assert_mends_words(visible_text(done), language)
    used = Client().get(last_link("alice@example.test"), follow=True)
    assert_mends_words(visible_text(used), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mail_to_an_unknown_or_taken_address_speaks_in_mends_words(client, db, language):
    make_user("alice")
    client.post(
        reverse("account_reset_password"), {"email": "nobody@example.test"}, HTTP_ACCEPT_LANGUAGE=language
    )
    sign_up(client, language=language, email="alice@example.test")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_mends_words(message.subject + message.body, language)
        assert "http://testserver/accounts/" in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirm_page_speaks_in_mends_words(client, db, language):
    sign_up(client, language=language)
    page = client.get(last_link(NEW_EMAIL), HTTP_ACCEPT_LANGUAGE=language)
    assert_mends_words(visible_text(page), language)
    expired = client.get("/accounts/confirm-email/not-a-key/", HTTP_ACCEPT_LANGUAGE=language)
    assert_mends_words(visible_text(expired), language)


def test_a_spanish_page_says_tu(client, db):
    text = visible_text(client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "¿Olvidaste tu contraseña?" in text


def test_the_mailed_words_never_name_the_password(client, db):
    sign_up(client)
    assert NEW_PASSWORD not in mail.outbox[0].body and PASSWORD not in mail.outbox[0].body


def test_refusals_on_sign_up_speak_in_mends_words(client, db):
    data = {
        "display_name": "Robin",
        "email": "robin@",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD + "x",
    }
    response = client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE="es")
    text = visible_text(response)
    assert "Revisa la dirección de correo" in text
    assert "Las dos contraseñas no son iguales" in text
    assert_mends_words(text, "es")


def test_a_wrong_password_is_refused_in_mends_words(client, db):
    make_user("alice")
    client.cookies["django_language"] = "es"  # a visitor's page follows the visitor's choice
    response = log_in(client, "alice@example.test", "not-the-right-passphrase")
    text = visible_text(response)
    assert "no son correctas" in text
    assert "usted" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_adding_an_address_mails_mends_words_in_the_persons_language(client, db, language):
    person(language)
    log_in(client, "alice@example.test")
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.new@example.test"}, follow=True
    )
    assert_mends_words(visible_text(response), language)
    (confirmation,) = [m for m in mail.outbox if m.to == ["alice.new@example.test"]]
    assert_mends_words(confirmation.subject + confirmation.body, language)
    assert "http://testserver/accounts/confirm-email/" in confirmation.body


def test_the_welcome_after_log_in_speaks_the_persons_language(client, db):
    """The log-in page was English (a new browser); the welcome is in the account's Spanish."""
    user = person("es")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "Hola, Alice." in texts
    assert "Welcome, Alice." not in texts
