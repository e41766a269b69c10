"""English and Spanish: the catalogue is complete and pages really switch language."""

from __future__ import annotations

from pathlib import Path

import polib
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
SAME_IN_BOTH = {
    "Mend",
    "%(name)s",
    "Email",
    "Token",
    "irritable",
    "No",
    "Plan",
    "%(name)s · %(when)s",
    "%(name)s · %(kind)s",
    "%(name)s: %(total)s",
}


def test_spanish_catalogue_has_every_string_translated():
    po = polib.pofile(str(CATALOGUE))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    left_in_english = [e.msgid for e in po if e.msgstr == e.msgid and e.msgid not in SAME_IN_BOTH]
    assert left_in_english == []


def test_every_plural_has_every_form_the_catalogue_declares():
    import re

    po = polib.pofile(str(CATALOGUE))
    forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    short = [
        e.msgid
        for e in po
        if e.msgid_plural and (len(e.msgstr_plural) != forms or not all(e.msgstr_plural.values()))
    ]
    assert short == []


def test_placeholders_survive_translation():
    import re

    for entry in polib.pofile(str(CATALOGUE)):
        # A plural's forms may use what either English form names (the singular often
        # spells "one" out).
        wanted = set(re.findall(r"%\(\w+\)s", entry.msgid + entry.msgid_plural))
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in translations:
            assert set(re.findall(r"%\(\w+\)s", text)) <= wanted, entry.msgid


def test_member_who_chose_spanish_sees_the_circle_in_spanish(cast, login):
    cast.bob.user.language = "es"
    cast.bob.user.save()
    page = login(cast.bob).get(reverse("circles:home", args=[cast.circle.pk])).content.decode()
    assert "Salida rápida" in page and 'lang="es"' in page
    assert "Recent appreciations" not in page and "Quick exit" not in page


def test_language_switcher_changes_the_language_for_a_visitor(client):
    response = client.post(reverse("accounts:set_language"), {"language": "es", "next": "/"}, follow=True)
    assert "Salida rápida" in response.content.decode()


def test_language_switcher_saves_the_choice_on_the_account(cast, login):
    client = login(cast.carol)
    client.post(reverse("accounts:set_language"), {"language": "es", "next": "/"})
    cast.carol.user.refresh_from_db()
    assert cast.carol.user.language == "es"
