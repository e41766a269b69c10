"""The coach engine: crisis screen first, then patterns and strengths."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from . import embedding, rewrite
from . import learned as layer
from .lexicon import LANGS, Lexicon, load
from .normalize import normalize, sentences
from .result import CRISIS_CATEGORIES, Analysis, Crisis, CrisisSignal, Finding, Strength
from .rules import Context, Hit, idiom_spans, match

# Patterns that would ask a person who is being hurt to change their tone or own
# the problem; suppressed whenever violence is indicated (COACH.md §3.2 rule 3).
_VIOLENCE_SUPPRESSED = frozenset({"defensiveness", "stonewalling", "blame_generalization", "caretaking"})
_TIER_RANK = {"none": 0, "notice": 1, "concern": 2, "crisis": 3}
_RULE_EVIDENCE = {"concern": 0.6, "crisis": 0.9}
# Without an exported model: the rules decide alone.
_NO_MODEL = {"notice": 2.0, "concern": 2.0, "crisis": 2.0, "veto": 0.0, "also_margin": 0.0, "also_floor": 2.0}


def _lang(lang: str) -> str:
    """Map 'es-MX' to 'es'; unknown languages fall back to English rules."""
    base = (lang or "en").lower().split("-")[0].split("_")[0]
    return base if base in LANGS else "en"


def _rule_signals(hits: list[Hit]) -> list[CrisisSignal]:
    """Turn safety rule hits into signals (downgraded hits become concern)."""
    out = []
    for hit in hits:
        tier = "concern" if hit.downgraded else (hit.rule.tier or "crisis")
        out.append(CrisisSignal(hit.rule.label, tier, hit.span, "rules", hit.rule.id))
    return out


def _rule_evidence(signals: list[CrisisSignal]) -> dict[str, float]:
    """How strongly the rules point at each category (a crisis hit outweighs a concern)."""
    evidence: dict[str, float] = {}
    for s in signals:
        if s.source == "rules":
            value = _RULE_EVIDENCE[s.tier]
            evidence[s.category] = max(evidence.get(s.category, 0.0), value)
    return evidence


def _learned_signals(found: layer.Screened | None, params: dict) -> list[CrisisSignal]:
    """Signals from the learned layer: a soft notice when unsure, concern when surer, crisis only when very sure.

    Recall comes first, so the notice threshold is low; the notice itself is a quiet
    line of help rather than a card, because at that score many messages are safe.
    """
    if found is None:
        return []
    out = []
    for cat, score in found.crisis.items():
        if score >= params["notice"]:
            tier = (
                "crisis"
                if score >= params["crisis"]
                else "concern"
                if score >= params["concern"]
                else "notice"
            )
            out.append(CrisisSignal(cat, tier, found.spans[cat], "learned", "learned", round(score, 3)))
    return out


def _checked(signals: list[CrisisSignal], found: layer.Screened | None, params: dict) -> list[CrisisSignal]:
    """Rule hits at the crisis tier that the learned layer does not back become concern.

    Words such as "narcan" or "what's the point" also appear in safe messages (a
    naloxone class, a cable bill). When the learned layer gives the rule's category
    less than ``veto``, the card still shows, as the gentler "are you OK?", so recall
    is untouched while the prominent crisis card is kept for what both agree on.
    """
    if found is None:
        return signals
    veto = params.get("veto", 0.0)
    return [
        replace(s, tier="concern") if s.tier == "crisis" and found.crisis.get(s.category, 0.0) < veto else s
        for s in signals
    ]


def _combine_crisis(signals: list[CrisisSignal], found: layer.Screened | None, params: dict) -> Crisis:
    """The highest tier; the category with the most evidence; other likely categories too.

    Evidence for a category is the stronger of the rules' (a crisis hit counts as
    0.9) and the learned layer's probability, so a confident model can correct the
    rules' category and the other way round. "When two categories score close, show
    both kinds of help": another category's help is shown when it was flagged within
    ``also_margin`` of the first, or when the learned layer gives it at least
    ``also_floor`` — a card with one more line costs little, the wrong help costs much.
    """
    if not signals:
        return Crisis()
    tier = max((s.tier for s in signals), key=_TIER_RANK.__getitem__)
    scores = found.crisis if found is not None else {}
    rules = _rule_evidence(signals)
    flagged = {s.category for s in signals}
    evidence = {c: max(rules.get(c, 0.0), scores.get(c, 0.0)) for c in CRISIS_CATEGORIES}
    order = sorted(flagged, key=lambda c: (-evidence[c], CRISIS_CATEGORIES.index(c)))
    category = order[0]
    margin, floor = params.get("also_margin", 0.0), params.get("also_floor", 2.0)
    also = tuple(
        c
        for c in sorted(CRISIS_CATEGORIES, key=lambda c: (-evidence[c], CRISIS_CATEGORIES.index(c)))
        if c != category
        and ((c in flagged and evidence[c] >= evidence[category] - margin) or scores.get(c, 0.0) >= floor)
    )
    about = (found.about if found is not None else "") or "self"
    return Crisis(category=category, tier=tier, signals=signals, also=also, about=about)


def _findings(
    lex: Lexicon, text: str, ctx: Context, hits: list[Hit], hints: list[layer.Hint], violence: bool
) -> list[Finding]:
    """Build one finding per pattern and sentence, with explanation and clean rewrites.

    Rewrites go through ``_still_harmful``. A learned stonewalling or control hint is
    not shown on a sentence that holds a boundary, and a boundary anywhere in the
    message keeps every rewrite from adding wording toward contact.
    """
    if not hits and not hints:
        return []
    boundaries = _boundary_sentences(lex, ctx)
    chosen: dict[tuple[str, tuple[int, int]], tuple[tuple[int, int], str, str, float]] = {}
    for hit in hits:
        chosen.setdefault((hit.rule.label, hit.sentence), (hit.span, "rules", hit.rule.id, 1.0))
    rule_labels = {label for label, _ in chosen}
    for hint in hints:
        if hint.label not in rule_labels and not _boundary_lookalike(hint.label, hint.span, boundaries):
            chosen.setdefault((hint.label, hint.span), (hint.span, "learned", "learned", hint.score))
    flagged = {sent for _, sent in chosen}

    def clean(candidate: str) -> bool:
        return not _still_harmful(candidate, lex.lang)

    out = []
    for (label, sent), (span, source, rule_id, score) in chosen.items():
        if violence and label in _VIOLENCE_SUPPRESSED:
            continue
        info = lex.messages["patterns"][label]
        rewrites = rewrite.build(
            lex, label, text, sent, flagged, ctx.sentences, violence, clean=clean, boundary=bool(boundaries)
        )
        out.append(Finding(label, span, info["explanation"], rewrites, source, rule_id, score))
    return sorted(out, key=lambda f: f.span)


def _strengths(lex: Lexicon, hits: list[Hit], pattern_hits: list[Hit]) -> list[Strength]:
    """One strength per label (first occurrence), and none while any harmful pattern is present.

    Praise next to an attack, even in another sentence, reads as approval of the
    whole message, and an accepted rewrite that still attacks must not be praised.
    Only rule hits are seen here; the composer panel also hides strengths whenever
    the analysis has any finding (learned hints included).
    """
    if pattern_hits:
        return []
    out: dict[str, Strength] = {}
    for hit in hits:
        label = hit.rule.label
        out.setdefault(label, Strength(label, hit.span, lex.messages["strengths"][label], hit.rule.id))
    return list(out.values())


def _still_harmful(text: str, lang: str) -> bool:
    """True when the detector still finds any harmful pattern in ``text``.

    The one place that decides whether a rewrite is clean: every candidate rewrite
    passes through it, and coach/tests/test_rewrites.py holds every offered rewrite
    to it. Today it asks the rules only. To make it use the learned pattern
    classifier as well, OR that verdict in here; never call ``_findings`` or
    ``rewrite`` from here, so that checking can never recurse into rewriting.
    """
    lex = load(_lang(lang))
    return bool(match(lex.by_kind("pattern"), lex, _context(text)))


def _boundary_sentences(lex: Lexicon, ctx: Context) -> set[tuple[int, int]]:
    """Sentences that hold a boundary (a boundary strength rule fires there)."""
    rules = tuple(rule for rule in lex.by_kind("strength") if rule.label == "boundary")
    return {hit.sentence for hit in match(rules, lex, ctx)}


def _boundary_lookalike(label: str, span: tuple[int, int], boundaries: set[tuple[int, int]]) -> bool:
    """True for a stonewalling or control hint over a boundary, which it only resembles."""
    return label in ("stonewalling", "control") and any(s < span[1] and span[0] < e for s, e in boundaries)


def _context(text: str) -> Context:
    """Normalise and split a message."""
    norm = normalize(text)
    return Context(norm, sentences(norm))


def analyze(text: str, lang: str = "en", *, learned: bool | None = None) -> Analysis:
    """Analyse one message and return findings, strengths and the safety result.

    ``learned=False`` forces the rules-only path; ``None`` uses the learned layer
    when it is installed. Never raises on any string input.
    """
    return analyze_many([text], lang, learned=learned)[0]


def analyze_many(texts: Iterable[str], lang: str = "en", *, learned: bool | None = None) -> list[Analysis]:
    """Analyse several messages, embedding all their sentences in one batch."""
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    code = _lang(lang)
    lex = load(code)
    contexts = [_context(t) for t in texts]
    use = learned_available() if learned is None else (learned and learned_available())
    found = _screen(texts, contexts) if use else None
    model = layer.load("safety") if found is not None else None
    params = model.params["thresholds"] if model is not None else _NO_MODEL
    return [
        _analyze_one(lex, text, ctx, found[i] if found else None, code, params)
        for i, (text, ctx) in enumerate(zip(texts, contexts, strict=True))
    ]


def _screen(texts: list[str], contexts: list[Context]) -> list[layer.Screened] | None:
    """The learned layer's view of each message; None (rules only) if it cannot run."""
    try:
        return layer.screen_many(texts, [c.sentences for c in contexts])
    except Exception:  # a broken install degrades to rules; learned_status() says why
        return None


def _analyze_one(
    lex: Lexicon, text: str, ctx: Context, found: layer.Screened | None, code: str, params: dict
) -> Analysis:
    """Rules (plus the learned layer's result when present) for one message."""
    crisis_hits = match(lex.by_kind("safety"), lex, ctx, idiom_spans(lex, ctx))
    signals = _checked(_rule_signals(crisis_hits), found, params) + _learned_signals(found, params)
    crisis = _combine_crisis(signals, found, params)
    pattern_hits = match(lex.by_kind("pattern"), lex, ctx)
    strengths = _strengths(lex, match(lex.by_kind("strength"), lex, ctx), pattern_hits)
    # Accountability nudges are held back when abuse is likely, not on a soft notice.
    violence = any(s.category == "violence" and s.tier != "notice" for s in signals)
    if crisis.tier == "crisis":
        findings: list[Finding] = []  # support mode: no coaching while someone may be in danger
    else:
        findings = _findings(lex, text, ctx, pattern_hits, layer.hints(found), violence)
    if findings:
        strengths = []  # never praise a message that still holds a pattern, learned hints included
    return Analysis(text, code, findings, strengths, crisis, learned_used=found is not None)


def clear_caches(*, embeddings: bool = True) -> None:
    """Forget per-word rule lookups and (optionally) recently encoded sentences (benchmarks)."""
    for code in LANGS:
        load(code).scanner.clear_cache()
    if embeddings:
        embedding.clear_cache()


def learned_available() -> bool:
    """True when the learned layer (encoder package and exported model) can be used."""
    return layer.available()
