"""The built-in phrases: the two languages pair up, every purpose is full, the coach is content."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coach
from phrases import library as lib

RAW = {lang: json.loads((lib.DATA / f"{lang}.json").read_text(encoding="utf-8")) for lang in lib.LANGUAGES}


def test_english_and_spanish_pair_up_phrase_by_phrase():
    en, es = RAW["en"], RAW["es"]
    assert [(p["id"], p["purpose"]) for p in en["phrases"]] == [
        (p["id"], p["purpose"]) for p in es["phrases"]
    ]
    assert [p["key"] for p in en["purposes"]] == [p["key"] for p in es["purposes"]] == list(lib.PURPOSES)
    assert en["language"] == "en"
    assert es["language"] == "es"


@pytest.mark.parametrize("lang", lib.LANGUAGES)
def test_ids_are_unique_and_every_purpose_has_at_least_twelve_phrases(lang):
    phrases = lib.library(lang).phrases
    assert len({p.id for p in phrases}) == len(phrases)
    assert len({p.text for p in phrases}) == len(phrases)
    for purpose in lib.PURPOSES:
        assert len([p for p in phrases if p.purpose == purpose]) >= 12, purpose


@pytest.mark.parametrize("lang", lib.LANGUAGES)
def test_phrases_are_short_and_written_out(lang):
    for phrase in lib.library(lang).phrases:
        assert 5 <= len(phrase.text) <= 120, phrase.id
        assert phrase.text == phrase.text.strip()
    for purpose in lib.library(lang).purposes:
        assert purpose.name.endswith("…")


@pytest.mark.parametrize("lang", lib.LANGUAGES)
def test_the_coach_finds_nothing_harmful_in_any_phrase(lang):
    texts = [p.text for p in lib.library(lang).phrases]
    for analysis in coach.analyze_many(texts, lang, learned=False):
        assert analysis.findings == [], (analysis.text, [f.pattern for f in analysis.findings])
        assert not analysis.crisis.flagged, analysis.text


def test_spanish_is_really_spanish():
    en = {p.id: p.text for p in lib.library("en").phrases}
    es = lib.library("es").phrases
    assert sum(1 for p in es if p.text == en[p.id]) == 0


def test_language_codes_fall_back_to_english():
    assert lib.language_of("es-mx") == "es"
    assert lib.language_of("ES") == "es"
    assert lib.language_of("fr") == "en"
    assert lib.language_of(None) == "en"
    assert lib.library("de").language == "en"


def test_get_finds_a_phrase_by_id_in_the_library_language():
    assert lib.library("es").get("sorry-01").text.startswith("Lo siento")
    assert lib.library("en").get("nope") is None
    assert lib.is_builtin("calm-01")
    assert not lib.is_builtin("calm-99")


def test_search_ignores_case_and_accents():
    es = lib.library("es")
    with_accent = [p.id for p in lib.search(es, "tensión")]
    assert with_accent
    assert [p.id for p in lib.search(es, "TENSION")] == with_accent
    assert [p.id for p in lib.search(es, "tension")] == with_accent
    assert [p.id for p in lib.search(es, "Agradezco")] == [p.id for p in lib.search(es, "agradezco")]


def test_search_matches_the_purpose_name_too():
    en = lib.library("en")
    sorry = {p.id for p in en.phrases if p.purpose == "sorry"}
    assert sorry <= {p.id for p in lib.search(en, "i'm sorry")}
    calm = {p.id for p in lib.search(lib.library("es"), "calmarme")}
    assert {p.id for p in lib.library("es").phrases if p.purpose == "calm"} <= calm


def test_every_word_must_match():
    en = lib.library("en")
    assert [p.id for p in lib.search(en, "voice lower")] == ["stop-03"]
    assert lib.search(en, "voice zebra") == []


def test_an_empty_query_is_the_whole_library_in_order():
    en = lib.library("en")
    assert lib.search(en, "  ") == list(en.phrases)


@given(st.text(max_size=30))
def test_search_never_fails_and_returns_a_subset(query):
    en = lib.library("en")
    found = lib.search(en, query)
    assert set(found) <= set(en.phrases)
    assert lib.search(en, lib.fold(query)) == found


@given(st.text(max_size=20))
def test_folding_is_idempotent(text):
    assert lib.fold(lib.fold(text)) == lib.fold(text)


@given(st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóúü ¿?¡!,.'", max_size=30))
def test_folding_ignores_case_and_accents(text):
    plain = "".join(
        {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "ñ": "n"}.get(c, c) for c in text
    )
    assert lib.fold(text.upper()) == lib.fold(text) == plain


def test_folding_examples():
    assert lib.fold("Perdón, CORAZÓN") == "perdon, corazon"
    assert lib.fold("Ñandú") == "nandu"
