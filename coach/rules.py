"""Apply compiled lexicon rules to a normalised message."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import Guard, Lexicon, Rule
from .scan import Candidates


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
        self.lower = norm.lower()  # only for the scanner's keys, never for spans
        # Per language: where each pattern can start, and the matches found so far.
        self._scans: dict[str, tuple[Candidates | None, dict[int, list[re.Match[str]]]]] = {}

    def _scan(self, lex: Lexicon) -> tuple[Candidates | None, dict[int, list[re.Match[str]]]]:
        """This text's candidate positions for ``lex`` (found on first use) and its matches so far."""
        try:
            return self._scans[lex.lang]
        except KeyError:
            state = self._scans[lex.lang] = (lex.scanner.candidates(self.norm, self.lower), {})
            return state

    def candidates(self, lex: Lexicon) -> Candidates | None:
        """Where each lexicon pattern can start (None: this text needs full scans)."""
        return self._scan(lex)[0]

    def finditer(self, lex: Lexicon, pid: int) -> list[re.Match[str]]:
        """Exactly ``list(pattern.finditer(norm))`` for the lexicon's pattern ``pid``."""
        return self.matches(lex, (pid,))

    def matches(self, lex: Lexicon, pids: Iterable[int]) -> list[re.Match[str]]:
        """The matches of the patterns ``pids``, pattern after pattern, each exactly as
        ``finditer`` gives them. Each regex is tried only where a match can start
        (coach/scan.py), and only once per context."""
        candidates, found = self._scan(lex)
        out: list[re.Match[str]] = []
        for pid in pids:
            if candidates is not None and pid not in candidates.pids:
                continue  # cannot match anywhere in this text
            hits = found.get(pid)
            if hits is None:
                hits = found[pid] = lex.scanner.find(pid, self.norm, candidates)
            out += hits
        return out

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
    return [m.span() for pid in lex.idiom_ids for m in ctx.finditer(lex, pid)]


def _finditer(rule: Rule, lex: Lexicon, ctx: Context) -> list[re.Match[str]]:
    """Matches of the rule's alternatives, in text order."""
    candidates = ctx.candidates(lex)
    if candidates is not None and candidates.pids.isdisjoint(rule.pids):
        return []  # the usual case: no alternative can start anywhere in this message
    hits = ctx.matches(lex, [pid for _, pid in rule.parts])  # in the order of the parts
    return sorted(hits, key=lambda m: m.start()) if len(hits) > 1 and len(rule.parts) > 1 else hits


def match(
    rules: tuple[Rule, ...], lex: Lexicon, ctx: Context, skip: list[tuple[int, int]] | None = None
) -> list[Hit]:
    """Return every unguarded hit of ``rules`` in the message (first hit per rule and sentence)."""
    hits: list[Hit] = []
    for rule in rules:
        seen: set[tuple[int, int]] = set()
        for m in _finditer(rule, lex, ctx):
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
