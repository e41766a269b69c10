"""Find rule matches without running every regex over the whole message.

Python's ``re`` tries a pattern such as ``\\bI\\s+will\\b`` at every position of the
text, so running some 400 rule alternatives over a 500-character message would cost
milliseconds. Instead, ``prefilter.starts`` works out once, from each pattern's source,
the words ("i will", "suicid..."), literals ("🙄") or position (``^``) a match must
start with. Per message, one split of the lowercased text into words (a single compiled
regex), a dictionary look-up per word and, where a phrase key begins, of the next one
or two words, give every pattern the few positions where it could start. The regex is
tried only there, with ``pattern.match(text, pos)``; trying the positions from left to
right and resuming after each match reproduces ``finditer`` exactly.

Two kinds of fallback keep the results identical to ``finditer``: a pattern whose start
is unknown (``prefilter.starts`` gives None) is always scanned in full, and a text on
which the lowercase keys could be wrong (see ``indexable``) scans every pattern in full.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from .prefilter import starts

_WORDS = re.compile(r"(\w+)")
_ASCII_WORDS = re.compile(r"([0-9a-z_]+)")  # the same split on lowercased ASCII text, faster
_PHRASE_PARTS = re.compile(r"\w+|\W+")  # a phrase key as [word, gap, word, ...]
# Non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter: Kelvin sign,
# dotted capital I, dotless i, long s (coach/tests/test_prefilter.py recomputes this set).
FOLDS_TO_ASCII = frozenset("\u212a\u0130\u0131\u017f")
_CACHE_LIMIT = 50_000

Pids = tuple[int, ...]


def indexable(norm: str, lower: str) -> bool:
    """True when the lowercase keys find every match in ``norm`` (``lower`` is ``norm.lower()``).

    That needs ``lower`` to line up with ``norm`` character for character, no character
    that ``re.IGNORECASE`` matches to an ASCII letter (long s, Kelvin sign, dotted and
    dotless i), and no non-ASCII digit, since ``\\d`` gives the keys 0 to 9 only. Other
    letters (é, ß, Greek) are fine: they are word characters in both the text and the
    regex, and no key holds them.
    """
    if norm.isascii():
        return True
    if len(lower) != len(norm):
        return False
    return not any(not ch.isascii() and (ch.isdecimal() or ch in FOLDS_TO_ASCII) for ch in set(norm))


class Scanner:
    """An index from words and literals to the patterns that can start there."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self._root = _Step()  # the first word, and through ``deeper`` the words after it
        literals: dict[tuple[str, int], list[int]] = {}  # (literal, shift) -> pattern ids
        begin, full = [], []
        for pid, pattern in enumerate(self.patterns):
            found = starts(pattern)
            if found is None:
                full.append(pid)
                continue
            for lit, kind in found:
                if kind == "begin":
                    begin.append(pid)
                elif kind in ("sub", "after"):  # the match starts at the literal, or after it
                    literals.setdefault((lit, len(lit) if kind == "after" else 0), []).append(pid)
                else:
                    self._root.add(_PHRASE_PARTS.findall(lit), kind.endswith("prefix"), pid)
        self.full: tuple[int, ...] = tuple(full)  # patterns without a start set: always scanned in full
        self._full = frozenset(full)
        self._begin = tuple(begin)
        self._literals = _shortest(literals)
        self._root.freeze()
        self._cache: dict[str, Pids] = {}

    def clear_cache(self) -> None:
        """Forget the per-word look-ups (benchmarks measure them cold)."""
        self._cache.clear()

    def candidates(self, norm: str, lower: str) -> Candidates | None:
        """Ascending start positions per pattern id (None: the text needs full scans).

        A position may repeat; ``scan`` skips the repeat. Patterns in ``full`` have no
        positions but are in ``pids``.
        """
        if not indexable(norm, lower):
            return None
        # [gap, word, gap, word, ..., gap]: the words and the text between them.
        tokens = (_ASCII_WORDS if lower.isascii() else _WORDS).split(lower)
        out = Candidates({pid: [0] for pid in self._begin})  # "^": position 0, first
        offsets = list(accumulate(map(len, tokens)))  # tokens[i] starts at offsets[i - 1]
        root, heads, deeper, cache = self._root, self._root.heads, self._root.deeper, self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        last = len(tokens) - 2  # the index of the last word
        for i in range(1, len(tokens), 2):
            word = tokens[i]
            pids = cache.get(word)  # keys of one word (vocabularies repeat, so cached)
            if pids is None:
                pids = cache[word] = root.here(word)
            if word in heads and i < last:  # the first word of longer keys
                gap = tokens[i + 1]
                step = deeper.get(word + gap)
                if step is None and gap != " ":
                    step = root.next_step(word, gap)
                if step is not None:
                    pids += step.follow(tokens, i + 2, last)
            if pids:
                pos = offsets[i - 1]
                for pid in pids:
                    at = out.get(pid)
                    if at is None:
                        out[pid] = [pos]
                    else:
                        at.append(pos)
        self._add_literals(lower, out)
        out.pids = frozenset(out).union(self.full)
        return out

    def _add_literals(self, lower: str, out: dict[int, list[int]]) -> None:
        """Add the positions of the literals found anywhere in the text."""
        touched: set[int] = set()
        for lit, pids, shift in self._literals:
            at = lower.find(lit)
            if at < 0:
                continue
            spots = []
            while at >= 0:
                spots.append(at + shift)
                at = lower.find(lit, at + 1)
            for pid in pids:
                out.setdefault(pid, []).extend(spots)
            touched.update(pids)
        for pid in touched:  # merged with other positions: put back in order
            if len(out[pid]) > 1:
                out[pid] = sorted(set(out[pid]))

    def find(self, pid: int, norm: str, candidates: Candidates | None) -> list[re.Match[str]]:
        """Exactly ``list(pattern.finditer(norm))`` for pattern ``pid``, given the text's candidates."""
        pattern = self.patterns[pid]
        if candidates is None or pid in self._full:
            return list(pattern.finditer(norm))
        at = candidates.get(pid)
        return scan(pattern, at, norm) if at else []

    def matches(self, norm: str, lower: str) -> dict[int, list[re.Match[str]]]:
        """The matches of every pattern that has any, by pattern id (for tests and tools)."""
        found = self.candidates(norm, lower)
        return {pid: hits for pid in range(len(self.patterns)) if (hits := self.find(pid, norm, found))}


class Candidates(dict[int, list[int]]):
    """Start positions by pattern id, with ``pids``: the ids that may match at all (those
    with positions and those always scanned in full). Testing a rule's few ids against
    that frozenset is the cheapest way to skip a rule that cannot match."""

    pids: frozenset[int] = frozenset()


def _shortest(literals: dict[tuple[str, int], list[int]]) -> list[tuple[str, Pids, int]]:
    """(literal, pattern ids, shift from where it is found to where a match starts).

    A pattern keyed by both "call" and "called" keeps only "call", which finds every
    "called" as well.
    """
    out = []
    for (lit, shift), pids in literals.items():
        mine = [
            pid
            for pid in pids
            if not any(
                lit.startswith(other) and other != lit and pid in others
                for (other, s), others in literals.items()
                if s == shift == 0
            )
        ]
        if mine:
            out.append((lit, tuple(mine), shift))
    return out


class _Step:
    """Phrase keys from one word on: that word whole, a beginning of it, or, through
    ``deeper`` (keyed by the word and the gap after it), the words that follow."""

    def __init__(self) -> None:
        self.words: dict[str, Pids] = {}
        self.prefixes: dict[str, Pids] = {}
        self.deeper: dict[str, _Step] = {}
        self.heads: frozenset[str] = frozenset()  # words that begin a key of ``deeper``
        self._starts: tuple[str, ...] = ()
        self._lens: list[int] = []

    def add(self, parts: list[str], prefix: bool, pid: int) -> None:
        """Add a key split into [word, gap, word, ...]; ``prefix``: the last word is a beginning."""
        if len(parts) == 1:
            table = self.prefixes if prefix else self.words
            table[parts[0]] = (*table.get(parts[0], ()), pid)
            return
        self.deeper.setdefault(parts[0] + parts[1], _Step()).add(parts[2:], prefix, pid)

    def freeze(self) -> None:
        """Prepare the look-up helpers once every key is added."""
        self._starts = tuple(self.prefixes)  # for one str.startswith test per word
        self._lens = sorted({len(p) for p in self.prefixes})
        self.heads = frozenset(_PHRASE_PARTS.match(key).group() for key in self.deeper)  # type: ignore[union-attr]
        for step in self.deeper.values():
            step.freeze()

    def here(self, word: str) -> Pids:
        """Patterns for keys ending at ``word``: the word itself and its beginnings."""
        pids = self.words.get(word, ())
        if word.startswith(self._starts):
            for n in self._lens:
                if n > len(word):
                    break
                pids += self.prefixes.get(word[:n], ())
        return pids

    def follow(self, tokens: list[str], i: int, last: int) -> Pids:
        """Patterns for the keys from here on that the words from ``tokens[i]`` on match."""
        word = tokens[i]
        pids = self.words.get(word, ())
        if word.startswith(self._starts):  # some key is a beginning of the word
            pids = self.here(word)
        if word in self.heads and i < last:
            step = self.next_step(word, tokens[i + 1])
            if step is not None:
                pids += step.follow(tokens, i + 2, last)
        return pids

    def next_step(self, word: str, gap: str) -> _Step | None:
        """Where keys continue after ``word`` and ``gap`` (keys spell any whitespace " ")."""
        step = self.deeper.get(word + gap)
        if step is None and gap != " " and gap.isspace():
            step = self.deeper.get(word + " ")
        return step  # None also for a gap of whitespace and punctuation, which no key has


def scan(pattern: re.Pattern[str], positions: list[int], text: str) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying only the ascending candidate ``positions``."""
    found: list[re.Match[str]] = []
    resume = 0
    for pos in positions:
        if pos < resume:
            continue
        m = pattern.match(text, pos)
        if m is None:
            continue
        if m.end() == pos:  # an empty match changes how finditer resumes: do it the slow way
            return list(pattern.finditer(text))
        found.append(m)
        resume = m.end()
    return found
