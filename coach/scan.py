"""Find rule matches without scanning the whole message with every regex.

Python's ``re`` tries a pattern such as ``\\bI\\s+will\\b`` at every position of the
text, so running a hundred rules over a 500-character message costs milliseconds.
Instead, for each pattern we derive the literals a match must *start* with (for
example the words ``I`` or ``you``, a word prefix such as ``suicid``, or the start of
the message for ``^``). One pass over the message's words then gives, for every
pattern, the few positions where it could start, and the regex is only tried there
with ``pattern.match(text, pos)``. Trying the candidates from left to right and
resuming after each match reproduces ``finditer`` exactly.

The derivation is conservative: when a construct is not understood the pattern has no
start set and is scanned in full, as before. It is also only used for texts whose
case folding is plain (ASCII, or non-ASCII characters without case and outside
``\\w`` such as emoji); any other text takes the full scan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:  # the parser module is private; without it every pattern is scanned in full
    import re._parser as _sre  # type: ignore[import-not-found]
    from re._constants import (  # type: ignore[import-not-found]
        ASSERT,
        ASSERT_NOT,
        AT,
        AT_BEGINNING,
        AT_BEGINNING_STRING,
        AT_BOUNDARY,
        AT_NON_BOUNDARY,
        BRANCH,
        CATEGORY,
        CATEGORY_SPACE,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        SUBPATTERN,
    )
except ImportError:  # pragma: no cover - other Pythons
    _sre = None

# How a match may start: at a word equal to the literal ("word"), at a word beginning
# with it ("prefix"), anywhere the literal occurs ("sub"), or at position 0 ("begin").
Start = tuple[str, str]
_WORD = re.compile(r"\w+")
_PAIR_KEY = re.compile(r"(\w+)(\W+)(\w+)\Z")
# A word and, when only whitespace or only other characters follow, that gap and the next word.
_WORD_NEXT = re.compile(r"(\w+)(?=(\s+|[^\w\s]+)(\w+)|)")
_WORDCHAR = re.compile(r"\w")
_MAX_DEPTH = 30
_CACHE_LIMIT = 50_000


def _isword(ch: str) -> bool:
    """True for a character that ``\\w`` matches."""
    return _WORDCHAR.match(ch) is not None


def _nonword_next(rest: list[Any]) -> bool:
    """True when what follows must begin with a non-word character (or a boundary)."""
    if not rest:
        return False
    op, av = rest[0]
    if op is AT:
        return av is AT_BOUNDARY
    if op is LITERAL:
        return not _isword(chr(av))
    if op is IN:
        return all(
            (o is LITERAL and not _isword(chr(a))) or (o is CATEGORY and a is CATEGORY_SPACE) for o, a in av
        )
    if op in (MAX_REPEAT, MIN_REPEAT):
        # an optional piece may be skipped, so what comes after it must qualify too
        return _nonword_next(list(av[2])) and (av[0] >= 1 or _nonword_next(rest[1:]))
    if op is SUBPATTERN:
        return _nonword_next(list(av[-1]) + rest[1:])
    if op is BRANCH:
        return all(_nonword_next(list(b) + rest[1:]) for b in av[1])
    return False


def _literal_run(items: list[Any], i: int, word: bool) -> tuple[str, int]:
    """The lowercase literal run starting at ``items[i]`` (word characters only if ``word``)."""
    run = []
    while i < len(items) and items[i][0] is LITERAL:
        ch = chr(items[i][1])
        if not ch.isascii() and len(ch.lower()) != 1:
            break
        if word and (not ch.isascii() or not _isword(ch)):
            break
        run.append(ch.lower())
        i += 1
    return "".join(run), i


def _gap_then(rest: list[Any]) -> tuple[str, list[Any]] | None:
    """After a whole word: the gap to the next word (" " for any whitespace) and what follows."""
    while rest and rest[0] == (AT, AT_BOUNDARY):
        rest = rest[1:]
    if not rest:
        return None
    op, av = rest[0]
    if (op is LITERAL and chr(av).isspace()) or (op is IN and list(av) == [(CATEGORY, CATEGORY_SPACE)]):
        return " ", rest[1:]
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
        body = list(av[2])
        if body == [(IN, [(CATEGORY, CATEGORY_SPACE)])] or (
            len(body) == 1 and body[0][0] is LITERAL and chr(body[0][1]).isspace()
        ):
            return " ", rest[1:]
        return None
    gap, i = [], 0
    while i < len(rest) and rest[i][0] is LITERAL:
        ch = chr(rest[i][1])
        if not ch.isascii() or _isword(ch) or ch.isspace():
            break
        gap.append(ch)
        i += 1
    return ("".join(gap), rest[i:]) if gap else None


def _pairs(word: str, rest: list[Any], flags: int, depth: int) -> list[Start] | None:
    """For a whole first word: the word pairs (word, gap, next word) a match starts with."""
    found = _gap_then(rest)
    if found is None:
        return None
    gap, after = found
    second = _start(after, True, flags, depth + 1, pairs=False)
    if not second or any(kind not in ("word", "prefix") for _, kind in second):
        return None
    return [(f"{word}{gap}{lit}", "pair" if kind == "word" else "pairprefix") for lit, kind in second]


def _word_run(items: list[Any], word: str, flags: int, depth: int, pairs: bool) -> list[Start]:
    """Starts of a match that begins at a word start with ``word`` followed by ``items``.

    A group, alternation or optional piece right after the literal is inlined, so that
    ``don'?t`` gives the exact words "don" (then an apostrophe) and "dont".
    """
    lit, j = _literal_run(items, 0, word=True)
    word += lit
    rest = items[j:]
    if rest and depth < _MAX_DEPTH:
        op, av = rest[0]
        alts = None
        if op is SUBPATTERN and not av[1] and not av[2]:
            alts = [list(av[-1]) + rest[1:]]
        elif op is BRANCH:
            alts = [list(branch) + rest[1:] for branch in av[1]]
        elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            alts = [list(av[2]) + rest[1:], rest[1:]]
        if alts is not None and len(alts) <= 32:
            out: list[Start] = []
            for alt in alts:
                out.extend(_word_run(alt, word, flags, depth + 1, pairs))
            return out
    if not _nonword_next(rest):
        return [(word, "prefix")]
    return (_pairs(word, rest, flags, depth) if pairs else None) or [(word, "word")]


def _start(
    items: list[Any], anchored: bool, flags: int, depth: int = 0, pairs: bool = True
) -> list[Start] | None:
    """Ways a match of the node sequence ``items`` can start, or None when unknown."""
    if depth > _MAX_DEPTH:
        return None
    i = 0
    while i < len(items) and items[i][0] in (AT, ASSERT, ASSERT_NOT):  # zero-width: skip
        op, av = items[i]
        if op is AT:
            if av is AT_BOUNDARY:
                anchored = True
            elif av is AT_NON_BOUNDARY:
                anchored = False
            elif av is AT_BEGINNING_STRING or (av is AT_BEGINNING and not flags & re.MULTILINE):
                return [("", "begin")]
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    rest = items[i + 1 :]
    if op is LITERAL:
        ch = chr(av)
        if anchored and ch.isascii() and _isword(ch):
            return _word_run(items[i:], "", flags, depth + 1, pairs)
        lit, _ = _literal_run(items, i, word=False)
        return [(lit, "sub")] if lit else None
    if op is SUBPATTERN:
        if av[1] or av[2]:  # inline flags change matching; do not guess
            return None
        return _start(list(av[-1]) + rest, anchored, flags, depth + 1, pairs)
    if op is BRANCH:
        out: list[Start] = []
        for branch in av[1]:
            sub = _start(list(branch) + rest, anchored, flags, depth + 1, pairs)
            if sub is None:
                return None
            out.extend(sub)
        return out
    if op in (MAX_REPEAT, MIN_REPEAT):
        lo, _hi, body = av
        first = _start(list(body), anchored, flags, depth + 1, pairs=False)
        if first is None:
            return None
        out = [(lit, "prefix" if kind == "word" else kind) for lit, kind in first]
        if lo == 0:
            after = _start(rest, anchored, flags, depth + 1, pairs)
            if after is None:
                return None
            out.extend(after)
        return out
    if op is IN and all(o is LITERAL and chr(a).isascii() for o, a in av):
        return [
            (chr(a).lower(), "prefix" if anchored and _isword(chr(a)) else "sub")
            for _o, a in av  # one-character set such as [u*]
        ]
    return None


def starts(pattern: re.Pattern[str]) -> tuple[Start, ...] | None:
    """How a match of ``pattern`` may start, or None when it must be scanned in full."""
    if _sre is None:
        return None
    try:
        found = _start(list(_sre.parse(pattern.pattern, pattern.flags)), False, pattern.flags)
    except Exception:  # any parser surprise: scan in full
        return None
    if not found or any(not lit and kind != "begin" for lit, kind in found):
        return None
    return tuple(sorted(set(found)))


def plain_case(text: str) -> bool:
    """True when ``text.lower()`` is a faithful, same-length image for ``re.IGNORECASE``.

    ASCII folds simply. Other characters qualify only when they have no case and are
    not word characters (emoji, punctuation), so that ``\\w``, ``\\d`` and ignore-case
    matching agree with the word index built from the lowercased text.
    """
    if text.isascii():
        return True
    for ch in set(text):
        if not ch.isascii() and (ch.lower() != ch or ch.upper() != ch or _isword(ch)):
            return False
    return True


class Scanner:
    """An index from words and literals to the patterns that can start there."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self.full: frozenset[int] = frozenset()  # patterns without a start set
        self._word: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._sub: dict[str, list[int]] = {}
        self._pair: dict[str, list[int]] = {}  # "first second": a word, whitespace, a word
        self._pair_prefix: dict[str, list[int]] = {}  # "first sec": the second word's start
        self._begin: list[int] = []
        full = set()
        for pid, pattern in enumerate(self.patterns):
            found = starts(pattern)
            if found is None:
                full.add(pid)
                continue
            for lit, kind in found:
                if kind == "begin":
                    self._begin.append(pid)
                else:
                    table = {
                        "word": self._word,
                        "prefix": self._prefix,
                        "sub": self._sub,
                        "pair": self._pair,
                        "pairprefix": self._pair_prefix,
                    }[kind]
                    table.setdefault(lit, []).append(pid)
        self.full = frozenset(full)
        self._prefix_lens = tuple(sorted({len(p) for p in self._prefix}))
        keys = [_PAIR_KEY.match(key) for key in [*self._pair, *self._pair_prefix]]
        self._heads = frozenset(m.group(1) for m in keys if m)
        self._pair_lens = tuple(sorted({len(_PAIR_KEY.match(k).group(3)) for k in self._pair_prefix}))  # type: ignore[union-attr]
        self._sub_items = tuple(self._sub.items())
        self._cache: dict[str, tuple[int, ...]] = {}

    def clear_cache(self) -> None:
        """Forget the per-word lookups (benchmarks measure them cold)."""
        self._cache.clear()

    def _for_word(self, word: str) -> tuple[int, ...]:
        """Patterns that may start at a word (cached: vocabularies repeat)."""
        hit = self._cache.get(word)
        if hit is None:
            pids = list(self._word.get(word, ()))
            for n in self._prefix_lens:
                if n > len(word):
                    break
                pids.extend(self._prefix.get(word[:n], ()))
            hit = tuple(pids)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = hit
        return hit

    def _for_pair(self, pair: str) -> tuple[int, ...]:
        """Patterns that may start at a word followed by whitespace and another word (cached)."""
        hit = self._cache.get(pair)
        if hit is None:
            pids = list(self._pair.get(pair, ()))
            m = _PAIR_KEY.match(pair)
            if self._pair_lens and m:
                first, second = pair[: m.start(3)], m.group(3)
                for n in self._pair_lens:
                    if n > len(second):
                        break
                    pids.extend(self._pair_prefix.get(first + second[:n], ()))
            hit = tuple(pids)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[pair] = hit
        return hit

    def candidates(self, norm: str, lower: str) -> dict[int, list[int]] | None:
        """Start positions per pattern id, unsorted and possibly repeated (see ``positions``).

        None when the text needs full scans.
        """
        if len(lower) != len(norm) or not plain_case(norm):
            return None
        out: dict[int, list[int]] = {}
        cache, heads = self._cache, self._heads
        for m in _WORD_NEXT.finditer(lower):
            word = m.group(1)
            pids = cache.get(word)
            if pids is None:
                pids = self._for_word(word)
            if word in heads and m.group(2) is not None:
                gap = m.group(2)
                key = f"{word} {m.group(3)}" if gap[0].isspace() else f"{word}{gap}{m.group(3)}"
                more = cache.get(key)
                pids += self._for_pair(key) if more is None else more
            if pids:
                start = m.start()
                for pid in pids:
                    found = out.get(pid)
                    if found is None:
                        out[pid] = [start]
                    else:
                        found.append(start)
        for lit, pids in self._sub_items:
            pos = lower.find(lit)
            if pos < 0:
                continue
            at = []
            while pos >= 0:
                at.append(pos)
                pos = lower.find(lit, pos + 1)
            for pid in pids:
                out.setdefault(pid, []).extend(at)
        for pid in self._begin:
            out.setdefault(pid, []).append(0)
        return out


def positions(found: list[int]) -> list[int]:
    """Sorted, distinct candidate positions (words are indexed one after the other)."""
    return sorted(set(found)) if len(found) > 1 else found


def scan(pattern: re.Pattern[str], positions: list[int], text: str) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying only the sorted candidate ``positions``."""
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
