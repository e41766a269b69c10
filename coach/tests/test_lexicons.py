"""Every lexicon entry's examples must match it and its counterexamples must not."""

from __future__ import annotations

import pytest

from coach.lexicon import LANGS, load
from coach.rules import rule_matches

_CASES = [
    (lang, rule.id, text, expected)
    for lang in LANGS
    for rule in load(lang).rules
    for texts, expected in ((rule.examples, True), (rule.counterexamples, False))
    for text in texts
]


@pytest.mark.parametrize(
    ("lang", "rule_id", "text", "expected"), _CASES, ids=[f"{c[0]}:{c[1]}:{c[3]}" for c in _CASES]
)
def test_lexicon_entry(lang: str, rule_id: str, text: str, expected: bool) -> None:
    """Examples fire their entry; counterexamples do not."""
    rule = next(r for r in load(lang).rules if r.id == rule_id)
    assert rule_matches(rule, load(lang), text) is expected, text


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_has_examples(lang: str) -> None:
    """No entry ships without at least one must-match example."""
    assert all(rule.examples for rule in load(lang).rules)


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_has_texts(lang: str) -> None:
    """Each pattern and strength has an explanation/note in the language."""
    lex = load(lang)
    for rule in lex.by_kind("pattern"):
        assert lex.messages["patterns"][rule.label]["explanation"]
    for rule in lex.by_kind("strength"):
        assert lex.messages["strengths"][rule.label]
