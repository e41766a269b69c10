"""Literal prefilters for rule regexes, so most rules are skipped with a substring test.

For each compiled pattern we derive a set of lowercase literals of which at least one
must occur in any matching text. When none occurs, the (slower) regex is not run.
Derivation is conservative: whenever a construct is not understood, no prefilter is
used and the rule always runs.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser module is private; without it we simply run every regex
    import re._parser as _sre  # type: ignore[import-not-found]
    from re._constants import (  # type: ignore[import-not-found]
        BRANCH,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        SUBPATTERN,
    )
except ImportError:  # pragma: no cover - older Pythons
    _sre = None

Req = frozenset[str] | None  # None: no requirement known


def _seq(items: Any) -> Req:
    """Requirement of a sequence: its longest literal run or its most selective part."""
    best: Req = None
    run: list[str] = []
    candidates: list[frozenset[str]] = []
    for op, av in [*list(items), (None, None)]:
        if op is LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        sub = _node(op, av)
        if sub is not None:
            candidates.append(sub)
    for cand in candidates:
        if best is None or min(map(len, cand)) > min(map(len, best)):
            best = cand
    return best


def _node(op: Any, av: Any) -> Req:
    """Requirement of one parsed node (None when unknown or optional)."""
    if op is SUBPATTERN:
        return _seq(av[-1])
    if op is BRANCH:
        parts = [_seq(branch) for branch in av[1]]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*parts)  # type: ignore[arg-type]
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
        return _seq(av[2])
    return None


def literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase literals of which one must appear for ``pattern`` to match, or None."""
    if _sre is None:
        return None
    try:
        req = _seq(_sre.parse(pattern.pattern, pattern.flags))
    except Exception:  # any parser surprise: fall back to always running the regex
        return None
    # A one-letter ASCII trigger would pass almost every text; emoji are fine.
    if not req or any(len(t) < 2 and t.isascii() for t in req):
        return None
    return tuple(sorted(req))
