"""The support card: the right help for what was found, in the member's language and
country, to the author only (issue point 4), through the real HTTP stack.

The engine's own output is still changing, so these tests hand the screen a made-up
`coach.Crisis`: what is under test is what the card does with it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

import coach
from appreciations.models import Appreciation
from coach_web import screen

TEXT = "Canary words the card must never repeat 7f3a"


def _card(html: str) -> str:
    """The support card's own HTML, or "" when the page has none."""
    found = re.search(r'<section class="card safety-card.*?</section>', html, re.S)
    return found.group(0) if found else ""


def _found(monkeypatch, category, about="self", tier="crisis", also=()):
    result = coach.Crisis(category=category, tier=tier, also=tuple(also), about=about)
    monkeypatch.setattr(screen, "assess", lambda texts, lang: result)


def _save(client, cast, audience="only_me") -> str:
    response = client.post(
        reverse("appreciations:new", args=[cast.circle.pk]),
        {"text": TEXT, "audience": audience},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def _member(cast, login, language="en", country="US"):
    user = cast.alice.user
    user.language, user.country = language, country
    user.save()
    return login(cast.alice)


# What each card must say (English, Spanish) and must not, per category and who is at risk.
CASES = {
    ("self_harm", "self"): (
        ["You matter", 'href="tel:988"', 'href="sms:988"', 'href="tel:911"', "one person you trust"],
        ["Importas", 'href="tel:988"', 'href="sms:988?body=AYUDA"', "marca 2", "persona de confianza"],
        ["1-800-799-7233", "naloxone", "naloxona"],
    ),
    ("self_harm", "other"): (
        ["worried about someone, too", 'href="tel:988"', 'href="tel:911"', "Ask them directly", "alone"],
        ["se preocupan por alguien", 'href="tel:988"', "Pregúntale directamente", "marca 2"],
        ["1-800-799-7233"],
    ),
    ("overdose", "self"): (
        ["call 911 now", "Narcan", "recovery position", "rescue breaths", "1-800-222-1222", "many states"],
        ["llama al 911 ahora", "naloxona", "posición lateral de seguridad", "1-800-222-1222", "intérpretes"],
        ["1-800-799-7233"],
    ),
    ("overdose", "other"): (
        ['href="tel:911"', "naloxone", "Stay with them", 'href="tel:18002221222"', "Good Samaritan"],
        ['href="tel:911"', "Quédate con ella", "Buen Samaritano", "muchos estados"],
        ["1-800-799-7233"],
    ),
    ("violence", "self"): (
        [
            'href="tel:911"',
            "1-800-799-7233",
            'href="sms:88788?body=START"',
            "Texting can be quieter",
            "safety plan",
            "code word",
            "Quick exit at the top",
        ],
        [
            'href="tel:911"',
            "1-800-799-7233",
            "te atienden en español",
            "plan de seguridad",
            "palabra clave",
            "Salida rápida",
        ],
        ["naloxone", "naloxona", "Childhelp"],
    ),
    ("violence", "other"): (
        ['href="tel:911"', "Childhelp", "1-800-422-4453", "1-800-799-7233", "worried about someone"],
        ['href="tel:911"', "Childhelp", "1-800-422-4453", "1-800-799-7233", "te atienden en español"],
        ["naloxone"],
    ),
    ("violence", "threat"): (
        ["step away now", "put distance", 'href="tel:988"', "anger and distress", 'href="tel:911"'],
        ["aléjate ahora", "pon distancia", 'href="tel:988"', "el enojo y la angustia", "marca 2"],
        ["1-800-799-7233", "Childhelp"],
    ),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("category,about", list(CASES), ids=["/".join(case) for case in CASES])
def test_each_card_gives_the_help_for_what_was_found(cast, login, monkeypatch, category, about, language):
    _found(monkeypatch, category, about)
    card = _card(_save(_member(cast, login, language), cast))
    english, spanish, absent = CASES[(category, about)]
    for wanted in english if language == "en" else spanish:
        assert wanted in card, wanted
    for unwanted in absent:
        assert unwanted not in card, unwanted
    assert 'role="alert"' in card and 'class="card safety-card crisis"' in card


@pytest.mark.parametrize("category,about", list(CASES), ids=["/".join(case) for case in CASES])
def test_the_card_never_repeats_or_names_what_was_written(cast, login, monkeypatch, category, about):
    _found(monkeypatch, category, about)
    card = _card(_save(_member(cast, login), cast))
    assert card and TEXT not in card and "Canary" not in card
    assert "you wrote that" not in card.lower() and "we detected" not in card.lower()


def test_spanish_cards_have_no_english_left(cast, login, monkeypatch):
    for category, about in CASES:
        _found(monkeypatch, category, about)
        card = _card(_save(_member(cast, login, "es"), cast))
        for english in ("Call ", "Text ", "Only you", "More lines", "If ", "Step away"):
            assert english not in card, (category, about, english)


def test_also_adds_the_key_line_of_a_close_category(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self", also=("self_harm", "overdose"))
    card = _card(_save(_member(cast, login), cast))
    assert "Other help, if it fits" in card
    assert "thinking of suicide" in card and 'href="tel:988"' in card
    assert "give naloxone if you have it" in card


def test_also_does_not_repeat_the_main_category(cast, login, monkeypatch):
    _found(monkeypatch, "overdose", "other", also=("overdose",))
    card = _card(_save(_member(cast, login), cast))
    assert "Other help, if it fits" not in card


def test_a_concern_asks_gently_with_the_same_help(cast, login, monkeypatch):
    _found(monkeypatch, "overdose", "other", tier="concern")
    card = _card(_save(_member(cast, login), cast))
    assert "Are you OK?" in card and 'role="status"' in card and "safety-card crisis" not in card
    assert "naloxone" in card and "1-800-222-1222" in card


COUNTRIES = {
    "MX": (["800 911 2000", 'href="tel:8009112000"', 'href="tel:911"'], ["988", "1-800"]),
    "ES": (["024", 'href="tel:024"', 'href="tel:112"'], ["988", "911", "1-800"]),
    "GB": (["Samaritans", "116 123", 'href="tel:999"'], ["988", "911", "1-800"]),
    "CA": (['href="tel:988"', 'href="sms:988"', 'href="tel:911"'], ["1-800"]),
    "ZZ": (["your local emergency number", 'href="https://findahelpline.com/"'], ["tel:", "1-800"]),
}


@pytest.mark.parametrize("country", list(COUNTRIES))
def test_the_card_shows_the_lines_of_the_members_country(cast, login, monkeypatch, country):
    _found(monkeypatch, "self_harm", "self")
    card = _card(_save(_member(cast, login, country=country), cast))
    wanted, absent = COUNTRIES[country]
    for text in wanted:
        assert text in card, text
    for text in absent:
        assert text not in card, text
    assert f'href="/crisis/?country={country}&amp;lang=en"' in card


def test_spain_violence_card_offers_016_and_112(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self")
    card = _card(_save(_member(cast, login, "es", "ES"), cast))
    assert 'href="tel:016"' in card and 'href="tel:112"' in card and "factura" in card


def test_a_country_without_a_violence_line_points_to_find_a_helpline(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self")
    card = _card(_save(_member(cast, login, country="GB"), cast))
    assert 'href="tel:999"' in card and 'href="https://findahelpline.com/"' in card


def test_the_violence_card_links_the_circles_feeling_safe_page(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self")
    card = _card(_save(_member(cast, login), cast))
    assert f'href="{reverse("safety:home", args=[cast.circle.pk])}"' in card


def test_the_card_loads_nothing_from_elsewhere(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self", also=("self_harm", "overdose"))
    card = _card(_save(_member(cast, login, country="ZZ"), cast))
    assert not re.search(r"<(img|script|iframe|link|object|embed|video|audio|form)\b", card)
    assert " src=" not in card and "style=" not in card
    for address in re.findall(r'https?://[^"\s<]+', card):
        assert f'<a href="{address}" rel="noreferrer">' in card


def test_the_card_reaches_only_the_author_once_and_the_entry_is_saved_as_written(cast, login, monkeypatch):
    _found(monkeypatch, "violence", "self")
    author = _member(cast, login)
    assert _card(_save(author, cast, audience="circle"))
    assert Appreciation.objects.get().text == TEXT
    assert not _card(author.get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode())

    other = Client()
    other.force_login(cast.bob.user)
    shared = other.get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode()
    assert TEXT in shared  # shared as the author chose, and nothing else
    home = other.get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    for page in (shared, home):
        assert not _card(page) and "1-800-799-7233" not in page


def test_a_card_waiting_for_the_author_is_not_shown_to_someone_else(cast, login, monkeypatch):
    _found(monkeypatch, "self_harm", "self")
    author = _member(cast, login)
    author.post(
        reverse("appreciations:new", args=[cast.circle.pk]), {"text": TEXT, "audience": "circle"}
    )  # no follow: the card waits in the author's session
    other = Client()
    other.force_login(cast.bob.user)
    assert not _card(other.get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode())
    assert _card(author.get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode())


def test_api_clients_get_the_tier_header_and_nothing_else(cast, monkeypatch):
    from tests.support import api_client, call

    _found(monkeypatch, "violence", "self", also=("self_harm",))
    response = call(
        api_client(cast.bob),
        "post",
        "/appreciations",
        {"circle": str(cast.circle.pk), "text": TEXT, "audience": "only_me"},
    )
    assert response.status_code == 201 and response["Mend-Crisis"] == "crisis"
    # Ids and times are random digits (a uuid may hold "988"): read the answer's words.
    body = response.json()
    words = " ".join([body["text"], body["audience"], body["author"]["name"], body["author"]["role"]])
    assert TEXT in words
    for leak in ("violence", "self_harm", "988", "1-800", "crisis_card"):
        assert leak not in words
    assert sorted(body) == sorted(
        [
            "id",
            "circle",
            "author",
            "to_member",
            "text",
            "audience",
            "professional_may_see",
            "chosen",
            "is_mine",
            "created_at",
            "updated_at",
        ]
    )  # nothing added to the appreciation itself
    assert not [h for h in response.headers if h.lower().startswith("mend-") and h != "Mend-Crisis"]


def test_nothing_is_logged(cast, login, monkeypatch, caplog):
    _found(monkeypatch, "self_harm", "self")
    with caplog.at_level("DEBUG"):
        _save(_member(cast, login), cast)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert TEXT not in logged and "self_harm" not in logged and "mend_crisis" not in logged


def _composer(client, monkeypatch, crisis: coach.Crisis) -> str:
    analysis = coach.Analysis(text="", lang="en", findings=[], strengths=[], crisis=crisis)
    monkeypatch.setattr(coach, "analyze", lambda *args, **kwargs: analysis)
    response = client.post(reverse("coach_web:check"), {"field": "text", "text": TEXT, "target": "id_text"})
    return response.content.decode()


def test_the_composer_shows_the_same_card_while_typing(cast, login, monkeypatch):
    client = _member(cast, login, "es")
    page = _composer(client, monkeypatch, coach.Crisis(category="overdose", tier="crisis", about="other"))
    card = _card(page)
    assert "llama al 911 ahora" in card and "naloxona" in card and TEXT not in card
    page = _composer(
        client,
        monkeypatch,
        coach.Crisis(category="violence", tier="concern", about="threat", also=("self_harm",)),
    )
    card = _card(page)
    assert "¿Estás bien?" in card and "aléjate" in card.lower() and "pensando en el suicidio" in card


def test_unexpected_values_still_give_a_careful_card(cast, login):
    client = _member(cast, login)
    session = client.session
    session[screen.SESSION_KEY] = {"tier": "crisis", "category": "something-new", "about": "?", "also": ["x"]}
    session.save()
    card = _card(client.get(reverse("appreciations:list", args=[cast.circle.pk])).content.decode())
    assert 'href="tel:988"' in card and 'href="tel:911"' in card


class _Request:
    pass


def test_two_saves_in_one_request_keep_the_more_serious_card_and_the_other_help():
    request = _Request()
    screen.remember(request, coach.Crisis(category="self_harm", tier="concern", about="self"))
    screen.remember(request, coach.Crisis(category="violence", tier="crisis", about="other"))
    assert request.mend_crisis == {
        "tier": "crisis",
        "category": "violence",
        "also": ["self_harm"],
        "about": "other",
    }
    screen.remember(request, coach.Crisis(category="overdose", tier="crisis", about="self"))
    assert request.mend_crisis["category"] == "violence"
    assert request.mend_crisis["also"] == ["self_harm", "overdose"]


def _notice(html: str) -> str:
    """The quiet notice's own HTML, or "" when the page has none."""
    found = re.search(r'<aside class="safety-notice".*?</aside>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize(
    ("category", "language", "present", "absent"),
    [
        ("self_harm", "en", ["If anyone is in danger, help is one tap away", 'href="tel:988"'], ['tel:911"']),
        ("self_harm", "es", ["Si alguien está en peligro, la ayuda está a un toque", 'href="tel:988"'], []),
        ("violence", "en", ['href="tel:18007997233"'], ['href="tel:988"']),
        ("overdose", "en", ['href="tel:911"'], ['href="tel:988"']),
    ],
)
def test_an_unsure_screen_shows_one_quiet_line_not_a_card(
    cast, login, monkeypatch, category, language, present, absent
):
    """Notice: the gentlest line that fits the category, a link to more, and nothing else."""
    client = _member(cast, login, language=language)
    _found(monkeypatch, category, tier="notice")
    html = _save(client, cast)
    notice = _notice(html)
    assert notice and not _card(html)
    assert 'role="status"' in notice and "/crisis/?country=US" in notice
    for needle in present:
        assert needle in notice
    for needle in absent:
        assert needle not in notice
    assert TEXT not in notice
