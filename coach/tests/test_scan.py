"""The scanner must give exactly what ``pattern.finditer`` gives, for every pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.lexicon import LANGS, load
from coach.normalize import normalize
from coach.prefilter import starts
from coach.rules import Context
from coach.scan import Scanner, indexable, scan


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
        "👍🏽",
        "❤️",
        "ſ",
        "K",
        "İ",
        "ı",
        "ß",
        "ﬁ",
        "Σ",
        "é",
        "ë",
        "ç",
        "ñ",
        "Zoë",
        "naïve",
        "٣",
        "߃",
        "²",
        "3",
        "30",
        "$20",
        "'s",
        "i'm",
        "you're",
        "can't",
        "call",
        "told",
        "no",
        "not",
        "yet",
        "ſuicide",
        "…",
        "-",
        ";",
        "\u00a0",
        "\u2003",
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


def _vocabulary() -> list[str]:
    """Every word and punctuation mark of the data files' example texts."""
    words = {w for lang in LANGS for text in _all_texts(lang) for w in re.findall(r"\w+|[^\w\s]", text)}
    return sorted(words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_vocabulary()) | _PIECES, max_size=40),
    st.sampled_from(LANGS),
    st.sampled_from([" ", "  ", "\n", ", ", ""]),
)
def test_scanner_equals_finditer_on_the_data_files_words_in_any_order(words, lang, sep):
    _assert_exact(lang, sep.join(words))


def test_start_sets_of_common_shapes():
    assert starts(re.compile(r"\bsuicid\w*", re.I)) == (("suicid", "prefix"),)
    assert starts(re.compile(r"\bI\s+will\b", re.I)) == (("i will", "phrase"),)
    assert set(starts(re.compile(r"\bdon'?t\b", re.I))) == {("don't", "phrase"), ("dont", "word")}
    assert starts(re.compile(r"^\W*whatever", re.I)) == (("", "begin"),)
    assert starts(re.compile(r"🙄", re.I)) == (("🙄", "sub"),)
    assert starts(re.compile(r"\w+ing", re.I)) is None  # no literal start: scanned in full


def test_indexable():
    assert indexable("You never listen 🙄", "you never listen 🙄")
    assert indexable("Zoë said ça", "zoë said ça")  # other letters are word characters in both
    assert not indexable("ſuicide", "ſuicide")  # long s matches "s" under IGNORECASE
    assert not indexable("\u212a", "k")  # the Kelvin sign lowercases to ASCII
    assert not indexable("İ", "İ".lower())  # lowercases to two characters
    assert not indexable("٣ days", "٣ days")  # \d matches it, but the keys hold 0-9 only


def test_scan_resumes_after_each_match_like_finditer():
    pattern = re.compile(r"\baa?", re.I)
    text = "a aa aaa"
    assert _spans(scan(pattern, [0, 2, 5], text)) == _spans(list(pattern.finditer(text)))


def test_unusual_text_falls_back_to_full_scans():
    scanner = Scanner([re.compile(r"\bkill", re.I)])
    assert scanner.candidates("ſkill", "ſkill") is None
    assert scanner.candidates("kill", "kill") == {0: [0]}


def test_patterns_without_a_start_set_are_scanned_in_full():
    patterns = [re.compile(p, re.I) for p in (r"\w+ing\b", r"(\w)\1", r"\bkill")]
    scanner = Scanner(patterns)
    assert scanner.full == (0, 1)
    text = "Killing it, feeling good, all week"
    found = scanner.matches(text, text.lower())
    for pid, pattern in enumerate(patterns):
        assert _spans(found.get(pid, [])) == _spans(list(pattern.finditer(text)))
