"""The scanner must give exactly what ``pattern.finditer`` gives, for every pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.lexicon import LANGS, load
from coach.normalize import normalize
from coach.rules import Context
from coach.scan import Scanner, plain_case, scan, starts


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _all_texts(lang: str) -> list[str]:
    lex = load(lang)
    texts = [t for rule in lex.rules for t in (*rule.examples, *rule.counterexamples)]
    for group in ("safety", "patterns"):
        texts += [t for items in lex.banks.get(group, {}).values() for t in items]
    return texts


def _assert_exact(lang: str, text: str) -> None:
    lex = load(lang)
    norm = normalize(text)
    ctx = Context(norm, [])
    for pid, pattern in enumerate(lex.scanner.patterns):
        assert _spans(ctx.finditer(lex, pid)) == _spans(list(pattern.finditer(norm))), (pattern.pattern, text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_pattern_matches_as_finditer_on_the_data_files(lang):
    for text in _all_texts(lang):
        _assert_exact(lang, text)


@pytest.mark.parametrize("lang", LANGS)
def test_almost_every_pattern_gets_a_start_set(lang):
    scanner = load(lang).scanner
    assert len(scanner.full) <= len(scanner.patterns) // 20


_PIECES = st.sampled_from(
    [
        "I",
        "i",
        "I'll",
        "I'm",
        "you",
        "You",
        "YOU",
        "never",
        "always",
        "don't",
        "dont",
        "won't",
        "kill",
        "myself",
        "suicide",
        "hit",
        "me",
        "pills",
        "clean",
        "dirty",
        "junkie",
        "whatever",
        "done",
        "thank",
        "nunca",
        "siempre",
        "matarme",
        "eres",
        "😂",
        "🙄",
        "ſ",
        "K",
        "İ",
        "é",
        "ñ",
        "٣",
        "3",
        "$20",
        ".",
        "?",
        "!",
        "'",
        ",",
        " ",
        "  ",
        "\n",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30), st.sampled_from(LANGS), st.sampled_from(["", " "]))
def test_scanner_equals_finditer_on_any_text(pieces, lang, sep):
    _assert_exact(lang, sep.join(pieces))


def test_start_sets_of_common_shapes():
    assert starts(re.compile(r"\bsuicid\w*", re.I)) == (("suicid", "prefix"),)
    assert starts(re.compile(r"\bI\s+will\b", re.I)) == (("i will", "pair"),)
    assert set(starts(re.compile(r"\bdon'?t\b", re.I))) == {("don't", "pair"), ("dont", "word")}
    assert starts(re.compile(r"^\W*whatever", re.I)) == (("", "begin"),)
    assert starts(re.compile(r"🙄", re.I)) == (("🙄", "sub"),)
    assert starts(re.compile(r"\w+ing", re.I)) is None  # no literal start: scanned in full


def test_plain_case():
    assert plain_case("You never listen 🙄")
    assert not plain_case("ſuicide")  # long s matches "s" under IGNORECASE
    assert not plain_case("İ")  # lowercases to two characters


def test_scan_resumes_after_each_match_like_finditer():
    pattern = re.compile(r"\baa?", re.I)
    text = "a aa aaa"
    assert _spans(scan(pattern, [0, 2, 5], text)) == _spans(list(pattern.finditer(text)))


def test_unusual_text_falls_back_to_full_scans():
    scanner = Scanner([re.compile(r"\bkill", re.I)])
    assert scanner.candidates("ſkill", "ſkill") is None
    assert scanner.candidates("kill", "kill") == {0: [0]}
