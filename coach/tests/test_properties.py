"""Property tests: invariants that must hold for any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coach

_WORDS = st.sampled_from(
    [
        "you",
        "never",
        "always",
        "kill",
        "myself",
        "junkie",
        "sorry",
        "but",
        "I'm",
        "done",
        "pills",
        "hit",
        "me",
        "nunca",
        "eres",
        "matarme",
        "😂",
        "lol",
        ".",
        "?",
        "!",
        "'",
        "\n",
        "clean",
        "thank",
        "for",
        "nothing",
    ]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=40).map(" ".join))


def _check(result: coach.Analysis, text: str) -> None:
    """Shared invariants on one result."""
    assert result.crisis.category in ("none", *coach.CRISIS_CATEGORIES)
    assert result.crisis.tier in coach.TIERS
    assert (result.crisis.category == "none") == (result.crisis.tier == "none")
    if result.crisis.tier == "crisis":
        assert result.findings == []
    for item in [*result.findings, *result.strengths, *result.crisis.signals]:
        assert 0 <= item.span[0] <= item.span[1] <= len(text)
    for finding in result.findings:
        assert finding.pattern in coach.PATTERNS and finding.rewrites and finding.explanation
    assert result.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, lang=st.sampled_from(["en", "es", "xx", ""]))
def test_rules_path_never_raises(text: str, lang: str) -> None:
    """Rules-only analysis accepts any unicode and keeps its invariants."""
    _check(coach.analyze(text, lang, learned=False), text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, lang=st.sampled_from(["en", "es"]))
def test_full_engine_never_raises(text: str, lang: str) -> None:
    """The full engine (with embeddings) keeps the same invariants."""
    _check(coach.analyze(text, lang), text)
