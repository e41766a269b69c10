"""Apply compiled lexicon rules to a normalised message."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import Guard, Lexicon, Rule


@dataclass(frozen=True)
class Hit:
    """A rule that matched, where, and whether a downgrade guard applied."""

    rule: Rule
    span: tuple[int, int]
    sentence: tuple[int, int]
    downgraded: bool = False


class Context:
    """A normalised message with its sentence spans, for guard evaluation."""

    def __init__(self, norm: str, sentences: list[tuple[int, int]]) -> None:
        self.norm = norm
        self.sentences = sentences or [(0, len(norm))]
        self._starts = [s for s, _ in self.sentences]
        self.lower = norm.lower()  # only for literal prefilters, never for spans

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence span containing position ``pos``."""
        idx = max(0, bisect_right(self._starts, pos) - 1)
        return self.sentences[idx]


def _guard_fires(guard: Guard, ctx: Context, span: tuple[int, int], sent: tuple[int, int]) -> bool:
    """Evaluate one guard around a hit."""
    if guard.scope == "message":
        text = ctx.norm
    elif guard.scope == "before":
        text = ctx.norm[max(sent[0], span[0] - guard.window) : span[0]]
    elif guard.scope == "after":
        text = ctx.norm[span[1] : min(sent[1], span[1] + guard.window)]
    else:
        text = ctx.norm[sent[0] : sent[1]]
    return guard.regex.search(text) is not None


def _blocked(rule: Rule, lex: Lexicon, ctx: Context, span: tuple[int, int], sent: tuple[int, int]) -> bool:
    """True when an ``unless`` regex or a named guard vetoes this hit."""
    sentence = ctx.norm[sent[0] : sent[1]]
    if any(u.search(sentence) for u in rule.unless):
        return True
    return any(_guard_fires(lex.guards[g], ctx, span, sent) for g in rule.guards)


def _downgraded(rule: Rule, lex: Lexicon, ctx: Context, span: tuple[int, int], sent: tuple[int, int]) -> bool:
    """True when a downgrade guard (joking, historical) applies to a safety hit."""
    return any(_guard_fires(lex.guards[g], ctx, span, sent) for g in rule.downgrade)


def _in_idiom(span: tuple[int, int], idiom_spans: list[tuple[int, int]]) -> bool:
    """True when the hit overlaps a known idiom ("killing me", "me muero de risa")."""
    return any(span[0] < end and start < span[1] for start, end in idiom_spans)


def idiom_spans(lex: Lexicon, ctx: Context) -> list[tuple[int, int]]:
    """Spans of benign idioms that safety rules must ignore."""
    return [m.span() for rx in lex.idioms for m in rx.finditer(ctx.norm)]


def _finditer(rule: Rule, ctx: Context) -> list[re.Match[str]]:
    """Matches of the rule's alternatives whose literal prefilter passes, in text order."""
    found: list[re.Match[str]] = []
    for part, triggers in rule.parts:
        if triggers is not None and not any(t in ctx.lower for t in triggers):
            continue  # cheap skip: a literal this alternative needs is absent
        found.extend(part.finditer(ctx.norm))
    return sorted(found, key=lambda m: m.start()) if len(rule.parts) > 1 else found


def match(
    rules: tuple[Rule, ...], lex: Lexicon, ctx: Context, skip: list[tuple[int, int]] | None = None
) -> list[Hit]:
    """Return every unguarded hit of ``rules`` in the message (first hit per rule and sentence)."""
    hits: list[Hit] = []
    for rule in rules:
        seen: set[tuple[int, int]] = set()
        for m in _finditer(rule, ctx):
            span = m.span()
            if span[0] == span[1]:
                continue
            sent = ctx.sentence_of(span[0])
            if sent in seen or (skip and _in_idiom(span, skip)) or _blocked(rule, lex, ctx, span, sent):
                continue
            seen.add(sent)
            hits.append(Hit(rule, span, sent, _downgraded(rule, lex, ctx, span, sent)))
    return hits


def rule_matches(rule: Rule, lex: Lexicon, text: str) -> bool:
    """True when ``rule`` fires (unguarded) anywhere in ``text``; used by the lexicon tests."""
    from .normalize import normalize, sentences

    norm = normalize(text)
    ctx = Context(norm, sentences(norm))
    skip = idiom_spans(lex, ctx) if rule.kind == "safety" else None
    return bool(match((rule,), lex, ctx, skip))
