"""The phrase library, own phrases, favourites and the picker, through the real pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from phrases import logic
from phrases.models import Favourite, OwnPhrase
from tests.support import sent_to_workspace

CANARY = "canary-9d2 words only alice has"


def url(cast, name="library", *args):
    return reverse(f"phrases:{name}", args=[cast.circle.pk, *args])


def test_the_library_lists_every_purpose_with_copy_buttons_for_scripts(cast, login):
    page = login(cast.bob).get(url(cast))
    html = unescape(page.content.decode())
    assert page.status_code == 200
    for name in ("I'm feeling…", "I'm sorry…", "Let's find a yes…", "I need to calm down…", "Please stop…"):
        assert f">{name}</h2>" in html
    assert "I appreciate…" in html
    assert "data-phrase-copy" in html
    assert "js/phrases.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_the_library_is_in_spanish_for_a_spanish_speaker(cast, login):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    client = login(cast.bob)
    html = client.get(url(cast), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Lo siento…" in html
    assert "Busquemos un sí…" in html


def test_search_filters_without_javascript(cast, login):
    html = login(cast.bob).get(url(cast), {"q": "VOICE lower"}).content.decode()
    assert "Please lower your voice so I can really listen." in html
    assert "Thank you for listening to me." not in html
    assert "1 phrase matches" in html


def test_search_as_you_type_answers_with_the_results_fragment(cast, login):
    response = login(cast.bob).get(
        url(cast), {"q": "breath"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="phrase-results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "take a slow breath" in html


def test_a_search_with_no_match_says_so_kindly(cast, login):
    html = login(cast.bob).get(url(cast), {"q": "zebra"}).content.decode()
    assert "No phrases match those words" in html


def test_favourite_without_javascript_sticks_and_comes_first(cast, login):
    client = login(cast.bob)
    response = client.post(url(cast, "favourite"), {"phrase": "appreciate-01", "on": "1", "q": ""})
    assert response.status_code == 302
    html = unescape(client.get(response["Location"]).content.decode())
    assert "Added to your favourites." in html
    assert (
        html.index("Your favourites")
        < html.index("Thank you for listening to me.")
        < html.index("I'm feeling…")
    )
    assert "Remove from favourites" in html
    client.post(url(cast, "favourite"), {"phrase": "appreciate-01", "on": "0"})
    assert Favourite.objects.count() == 0


def test_favourite_with_htmx_answers_with_the_results(cast, login):
    response = login(cast.bob).post(
        url(cast, "favourite"), {"phrase": "calm-02", "on": "1", "q": "flooded"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Your favourites" in html
    assert logic.is_favourite(cast.bob, "calm-02")


@pytest.mark.parametrize("phrase", ["calm-99", "", "../etc"])
def test_favouriting_an_unknown_phrase_is_404(cast, login, phrase):
    assert login(cast.bob).post(url(cast, "favourite"), {"phrase": phrase, "on": "1"}).status_code == 404


def test_add_an_own_phrase_and_only_its_author_sees_it(cast, login):
    client = login(cast.alice)
    response = client.post(url(cast, "new"), {"text": CANARY, "purpose": "sorry"})
    assert response.status_code == 302
    assert CANARY in client.get(url(cast)).content.decode()
    for other in (cast.bob, cast.carol, cast.pat):
        assert CANARY not in login(other).get(url(cast)).content.decode()


def test_an_empty_own_phrase_is_refused_and_the_purpose_kept(cast, login):
    response = login(cast.alice).post(url(cast, "new"), {"text": "  ", "purpose": "calm"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please write a few words for your phrase." in html
    assert re.search(r'<option value="calm" selected>', html)
    assert OwnPhrase.objects.count() == 0


def test_a_too_long_own_phrase_is_refused_and_kept(cast, login):
    text = "word " * 80
    html = login(cast.alice).post(url(cast, "new"), {"text": text, "purpose": ""}).content.decode()
    assert "at most 300 characters" in html
    assert "word word word" in html


def test_edit_and_delete_an_own_phrase(cast, login):
    own = logic.add_own(cast.alice, "old words")
    client = login(cast.alice)
    assert "old words" in client.get(url(cast, "edit", own.pk)).content.decode()
    assert client.post(url(cast, "edit", own.pk), {"text": "new words", "purpose": "yes"}).status_code == 302
    own.refresh_from_db()
    assert (own.text, own.purpose) == ("new words", "yes")
    assert client.post(url(cast, "delete", own.pk)).status_code == 302
    assert OwnPhrase.objects.count() == 0


def test_others_get_404_for_someone_elses_own_phrase(cast, login):
    own = logic.add_own(cast.alice, CANARY)
    client = login(cast.bob)
    assert client.get(url(cast, "edit", own.pk)).status_code == 404
    assert client.post(url(cast, "edit", own.pk), {"text": "mine now"}).status_code == 404
    assert client.post(url(cast, "delete", own.pk)).status_code == 404
    assert client.post(url(cast, "favourite"), {"phrase": str(own.pk), "on": "1"}).status_code == 404
    # Issue 15: the professional is sent to their own view of the circle from every family page.
    client = login(cast.pat)
    assert sent_to_workspace(client.get(url(cast, "edit", own.pk)), cast.circle.pk)
    assert sent_to_workspace(client.post(url(cast, "edit", own.pk), {"text": "mine now"}), cast.circle.pk)
    assert sent_to_workspace(client.post(url(cast, "delete", own.pk)), cast.circle.pk)
    own.refresh_from_db()
    assert own.text == CANARY


def test_an_outsider_gets_404_everywhere(cast, login):
    client = login(cast.olga)
    for name in ("library", "picker", "new"):
        assert client.get(url(cast, name)).status_code == 404
    assert client.post(url(cast, "favourite"), {"phrase": "calm-01", "on": "1"}).status_code == 404


def test_logged_out_people_are_sent_to_log_in(cast, client):
    assert client.get(url(cast)).status_code == 302


def test_the_picker_fragment_is_small_and_searchable(cast, login):
    client = login(cast.bob)
    response = client.get(url(cast, "picker"), {"q": "sorry"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "<html" not in html
    assert "I'm sorry for my part in this." in html
    assert "Thank you for listening to me." not in html
    assert len(client.get(url(cast, "picker")).content) < 20_000


def test_the_picker_sits_next_to_the_appreciation_text(cast, login):
    logic.set_favourite(cast.bob, "appreciate-02")
    html = unescape(login(cast.bob).get(reverse("appreciations:new", args=[cast.circle.pk])).content.decode())
    assert 'data-phrase-picker data-target="id_text"' in html
    assert html.index('id="id_text"') < html.index('<details class="phrase-picker"')
    # Favourites first, then the groups; without a script every phrase is there to copy.
    assert (
        html.index("Your favourites")
        < html.index("I appreciate that you stayed")
        < html.index("I'm feeling…")
    )
    assert "I'm sorry for my part in this." in html


def test_the_picker_shows_nothing_of_another_members_own_phrases(cast, login):
    logic.add_own(cast.alice, CANARY)
    html = login(cast.bob).get(reverse("appreciations:new", args=[cast.circle.pk])).content.decode()
    assert CANARY not in html
    html = login(cast.alice).get(reverse("appreciations:new", args=[cast.circle.pk])).content.decode()
    assert CANARY in html


@pytest.mark.parametrize("name", ["library", "new"])
def test_pages_keep_to_the_content_security_policy(cast, login, name):
    from tests.crawl import all_tags

    response = login(cast.alice).get(url(cast, name))
    found = all_tags(response)
    assert [t for t, attrs in found if t == "style" or "style" in attrs] == []
    assert all((attrs.get("src") or "").startswith("/static/") for t, attrs in found if t == "script")
    assert "no-store" in response["Cache-Control"]


def test_the_picker_renders_nothing_for_a_circle_the_viewer_is_not_in(cast, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = cast.alice.user
    request.LANGUAGE_CODE = "en"
    request.csp_nonce = "n"
    html = render_to_string(
        "phrases/_picker.html", {"target": "id_text", "circle": cast.olga.circle}, request
    )
    assert html.strip() == ""
    html = render_to_string("phrases/_picker.html", {"target": "id_text", "circle": cast.circle}, request)
    assert 'data-target="id_text"' in html
