"""The built-in repair phrases and how they are searched, as plain Python.

No Django here on purpose. The phrases are Mend's own wording, kept as data in
`phrases/data/<lang>.json` (not gettext strings: a translator edits them as a set, and
the same ids pair the languages). Each file lists the purposes with their names in that
language, then the phrases, each with an id, a purpose and a text.

Search is case- and accent-insensitive ("perdon" finds "perdón"), over the phrase text
and its purpose's name; every word of the query must appear somewhere.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
PURPOSES = ("feeling", "sorry", "yes", "calm", "stop", "appreciate")


@dataclass(frozen=True)
class Purpose:
    key: str
    name: str


@dataclass(frozen=True)
class Phrase:
    id: str
    purpose: str
    text: str


@dataclass(frozen=True)
class Library:
    language: str
    purposes: tuple[Purpose, ...]
    phrases: tuple[Phrase, ...]

    def purpose_name(self, key: str) -> str:
        return next((p.name for p in self.purposes if p.key == key), "")

    def get(self, phrase_id: str) -> Phrase | None:
        return _index(self.language).get(phrase_id)


def language_of(code: str | None) -> str:
    """The library language for a language code such as "es-mx"; English otherwise."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


@cache
def library(lang: str = DEFAULT_LANGUAGE) -> Library:
    """The built-in phrases in one language (read once per process)."""
    lang = language_of(lang)
    raw = json.loads((DATA / f"{lang}.json").read_text(encoding="utf-8"))
    purposes = tuple(Purpose(p["key"], p["name"]) for p in raw["purposes"])
    phrases = tuple(Phrase(p["id"], p["purpose"], p["text"]) for p in raw["phrases"])
    return Library(lang, purposes, phrases)


@cache
def _index(lang: str) -> dict[str, Phrase]:
    return {phrase.id: phrase for phrase in library(lang).phrases}


def is_builtin(phrase_id: str) -> bool:
    return phrase_id in _index(DEFAULT_LANGUAGE)


def fold(text: str) -> str:
    """Lower case without accents, for matching: "Perdón" → "perdon"."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(query: str) -> list[str]:
    return fold(query).split()


def matches(query_terms: Iterable[str], *haystacks: str) -> bool:
    """True when every term appears in at least one of the haystacks (folded)."""
    folded = " ".join(fold(h) for h in haystacks)
    return all(term in folded for term in query_terms)


def search(lib: Library, query: str) -> list[Phrase]:
    """The built-in phrases matching a query, in library order; all of them for an empty query."""
    wanted = terms(query)
    names = {p.key: p.name for p in lib.purposes}
    return [p for p in lib.phrases if matches(wanted, p.text, names.get(p.purpose, ""))]
