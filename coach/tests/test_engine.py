"""Unit tests for the public engine API, on the rules-only path and with the learned layer."""

from __future__ import annotations

import json

import pytest

import coach
from coach import embedding

MODES = [False, True]  # rules only, then full engine (the learned layer is installed in CI)


def test_learned_status_matches_behaviour() -> None:
    """The operator status line agrees with what analyze() actually used."""
    used = coach.analyze("He said he wants to die.", "en").learned_used
    assert used is coach.learned_available()
    assert ("rules only" in coach.learned_status()) is (not used)


@pytest.mark.parametrize("sem", MODES)
def test_criticism_has_span_explanation_and_rewrite(sem: bool) -> None:
    """A criticism gets a finding with a valid span, a warm sentence and a rewrite."""
    text = "You're so irresponsible. The car payment was due Friday."
    result = coach.analyze(text, "en", learned=sem)
    finding = next(f for f in result.findings if f.pattern == "criticism")
    assert 0 <= finding.span[0] < finding.span[1] <= len(text)
    assert finding.explanation.endswith(".")
    assert finding.rewrites and "The car payment was due Friday." in finding.rewrites[0]
    assert result.learned_used is (sem and coach.learned_available())


@pytest.mark.parametrize("sem", MODES)
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("If you drink, I will sleep at my sister's.", "en"),
        ("If you come home drunk, I'll stay at my sister's tonight.", "en"),
        ("Si llegas tomado, esa noche me voy a quedar con mi mamá.", "es"),
    ],
)
def test_boundary_is_not_control(sem: bool, text: str, lang: str) -> None:
    """A boundary about my own action is credited and never flagged as control."""
    result = coach.analyze(text, lang, learned=sem)
    assert "control" not in {f.pattern for f in result.findings}
    assert "boundary" in {s.strength for s in result.strengths}


@pytest.mark.parametrize("sem", MODES)
@pytest.mark.parametrize(
    "text", ["I always love our Sunday walks.", "You always make me laugh when I need it."]
)
def test_kind_always_is_not_a_generalisation(sem: bool, text: str) -> None:
    """Absolute words with warm content are not blame."""
    assert not coach.analyze(text, "en", learned=sem).findings


@pytest.mark.parametrize("sem", MODES)
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("This week is killing me.", "en"),
        ("I'm dying to see you Saturday!", "en"),
        ("Me muero de risa, mira esto 😂", "es"),
    ],
)
def test_idioms_are_not_crises(sem: bool, text: str, lang: str) -> None:
    """Idioms never raise the crisis card."""
    assert coach.analyze(text, lang, learned=sem).crisis.tier != "crisis"


@pytest.mark.parametrize("sem", MODES)
@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("He said he wants to die.", "en", "self_harm"),
        ("She's not breathing and her lips are blue.", "en", "overdose"),
        ("My husband choked me last night.", "en", "violence"),
        ("Ya no quiero estar aquí. Perdón por todo.", "es", "self_harm"),
        ("No despierta, tiene los labios morados.", "es", "overdose"),
        ("Me volvió a pegar anoche.", "es", "violence"),
    ],
)
def test_crisis_stops_coaching(sem: bool, text: str, lang: str, category: str) -> None:
    """Crisis tier names the category and returns no coaching findings."""
    # A harmful pattern in the writer's own language beside the crisis: still no coaching.
    result = coach.analyze(
        text + (" You never listen." if lang == "en" else " Nunca me escuchas."), lang, learned=sem
    )
    assert (result.crisis.category, result.crisis.tier) == (category, "crisis")
    assert result.findings == [] and result.support_mode


@pytest.mark.parametrize("sem", MODES)
def test_violence_never_nudges_responsibility(sem: bool) -> None:
    """With violence indicated, no finding asks the writer to own or soften toward it."""
    text = "It's not my fault. He pushed me last time. I'm done talking about this."
    result = coach.analyze(text, "en", learned=sem)
    assert result.crisis.category == "violence"
    banned = ("you're right", "my part", "responsib", "i'm sorry", "part of this is mine")
    for finding in result.findings:
        assert finding.pattern not in {"defensiveness", "stonewalling", "blame_generalization"}
        assert not any(b in r.lower() for r in finding.rewrites for b in banned)


@pytest.mark.parametrize("sem", MODES)
def test_spanish_explanations_are_spanish(sem: bool) -> None:
    """Findings on a Spanish message are explained in Spanish."""
    result = coach.analyze("Eres un egoísta.", "es", learned=sem)
    assert result.findings and "persona" in result.findings[0].explanation


def test_stigma_rewrite_uses_person_first_words() -> None:
    """The rewrite keeps the writer's sentence and swaps the label."""
    result = coach.analyze("My brother the junkie called again.", "en", learned=False)
    rewrite = next(f for f in result.findings if f.pattern == "stigma").rewrites[0]
    assert "junkie" not in rewrite and "called again" in rewrite


def test_to_dict_is_json_serialisable() -> None:
    """to_dict() output goes straight into a JSON response."""
    data = coach.analyze("Thanks for nothing. You never call.", "en").to_dict()
    assert json.loads(json.dumps(data))["findings"]
    assert set(data) >= {"findings", "strengths", "crisis", "support_mode", "lang"}


def test_unknown_language_falls_back_to_english() -> None:
    """An unsupported language code is analysed with the English rules."""
    assert coach.analyze("You never listen to me.", "fr-CA", learned=False).lang == "en"


def test_analyze_many_matches_single() -> None:
    """Batching does not change the results."""
    texts = ["I can't wake him up.", "Thank you for calling me back.", "Whatever."]
    many = coach.analyze_many(texts, "en")
    assert [m.to_dict() for m in many] == [coach.analyze(t, "en").to_dict() for t in texts]


def test_rules_only_when_asked() -> None:
    """learned=False runs the rules alone (Mend's MEND_COACH_LEARNED=false)."""
    assert coach.learned_available()
    assert coach.analyze("He said he wants to die.", "en", learned=False).learned_used is False
    assert coach.analyze("He said he wants to die.", "en").learned_used is True


def test_missing_packages_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the encoder package is missing the engine still runs on rules, and says so."""
    monkeypatch.setattr(embedding, "installed", lambda: False)
    assert not coach.learned_available()
    assert "not installed" in coach.learned_status()
    result = coach.analyze("She took a bunch of pills with vodka.", "en")
    assert result.crisis.tier == "crisis" and not result.learned_used
