"""Load the rule and lexicon data files (coach/data/<lang>/*.json) and compile them.

The data files are the source of truth: clinicians review them, and every entry
carries ``examples`` that must match and ``counterexamples`` that must not
(checked by coach/tests/test_lexicons.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from .scan import Scanner

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGS: tuple[str, ...] = ("en", "es")
_FLAGS = re.IGNORECASE | re.UNICODE
_MACRO = re.compile(r"%([A-Z_]+)%")


@dataclass(frozen=True)
class Guard:
    """A named condition that blocks (or, for safety, downgrades) a rule hit."""

    name: str
    regex: re.Pattern[str]
    scope: str  # sentence | before | after | message
    window: int = 30


@dataclass(frozen=True)
class Rule:
    """One lexicon entry: a label, a regex, and its guards."""

    id: str
    kind: str  # pattern | strength | safety
    label: str
    regex: re.Pattern[str]
    unless: tuple[re.Pattern[str], ...] = ()
    guards: tuple[str, ...] = ()
    downgrade: tuple[str, ...] = ()
    tier: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    # The regex split into its listed alternatives, each with its index in the
    # lexicon's Scanner (which finds their matches; see coach/scan.py).
    parts: tuple[tuple[re.Pattern[str], int], ...] = ()
    pids: frozenset[int] = frozenset()  # the scanner ids of ``parts``


@dataclass(frozen=True)
class Lexicon:
    """All compiled rules, guards, idioms and texts for one language."""

    lang: str
    rules: tuple[Rule, ...]
    guards: dict[str, Guard]
    idioms: tuple[re.Pattern[str], ...]
    messages: dict[str, Any]
    banks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # Every rule part (pattern ids 0..n-1, in rule order) and then every idiom.
    scanner: Scanner = field(default_factory=lambda: Scanner(()))
    _kinds: dict[str, tuple[Rule, ...]] = field(default_factory=dict, repr=False, compare=False)

    def by_kind(self, kind: str) -> tuple[Rule, ...]:
        """Rules of one kind (pattern, strength or safety)."""
        found = self._kinds.get(kind)
        if found is None:
            found = self._kinds[kind] = tuple(rule for rule in self.rules if rule.kind == kind)
        return found

    @property
    def idiom_ids(self) -> range:
        """Scanner ids of the idioms (they follow the rule parts)."""
        return range(len(self.scanner.patterns) - len(self.idioms), len(self.scanner.patterns))


def _read(lang: str, name: str) -> Any:
    """Read one JSON data file; a missing optional file reads as empty."""
    path = DATA_DIR / lang / f"{name}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _expand(pattern: str, defs: dict[str, str]) -> str:
    """Replace %NAME% macros (shared sub-expressions) with their definition."""
    for _ in range(5):  # macros may use other macros; five levels is plenty
        expanded = _MACRO.sub(lambda m: defs[m.group(1)], pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


def _compile(patterns: str | list[str], defs: dict[str, str]) -> re.Pattern[str]:
    """Compile one regex or a list of alternatives into a single pattern."""
    if isinstance(patterns, str):
        patterns = [patterns]
    joined = "|".join(f"(?:{_expand(p, defs)})" for p in patterns)
    return re.compile(joined, _FLAGS)


def _rule(kind: str, entry: dict[str, Any], defs: dict[str, str], default_downgrade: list[str]) -> Rule:
    """Build one compiled rule from its JSON entry (errors name the entry)."""
    try:
        return _build_rule(kind, entry, defs, default_downgrade)
    except re.error as exc:
        raise ValueError(f"bad regex in coach rule {entry.get('id')!r}: {exc}") from exc


def _build_rule(kind: str, entry: dict[str, Any], defs: dict[str, str], default_downgrade: list[str]) -> Rule:
    """Compile the regexes of one entry."""
    regex = _compile(entry["regex"], defs)
    sources = entry["regex"] if isinstance(entry["regex"], list) else [entry["regex"]]
    parts = [(_compile(src, defs), -1) for src in sources]  # scanner ids are assigned in load()
    return Rule(
        id=entry["id"],
        kind=kind,
        label=entry["label"],
        regex=regex,
        unless=tuple(_compile(u, defs) for u in entry.get("unless", [])),
        guards=tuple(entry.get("guards", [])),
        downgrade=tuple(entry.get("downgrade", default_downgrade if kind == "safety" else [])),
        tier=entry.get("tier", ""),
        examples=tuple(entry.get("examples", [])),
        counterexamples=tuple(entry.get("counterexamples", [])),
        parts=tuple(parts),
    )


@cache
def load(lang: str) -> Lexicon:
    """Load and compile the lexicon for ``lang`` (cached for the process)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")
    base = _read(lang, "guards")
    defs: dict[str, str] = base.get("defs", {})
    guards = {
        name: Guard(name, _compile(g["regex"], defs), g.get("scope", "sentence"), g.get("window", 30))
        for name, g in base.get("guards", {}).items()
    }
    default_downgrade = base.get("safety_downgrade", [])
    rules: list[Rule] = []
    for kind, fname in (("safety", "safety"), ("pattern", "patterns"), ("strength", "strengths")):
        rules.extend(_rule(kind, e, defs, default_downgrade) for e in _read(lang, fname).get("rules", []))
    idioms = tuple(_compile(i, defs) for i in base.get("idioms", []))
    rules = _number_parts(rules)
    scanner = Scanner([part for rule in rules for part, _ in rule.parts] + list(idioms))
    messages, banks = _read(lang, "messages"), _read(lang, "banks")
    return Lexicon(lang, tuple(rules), guards, idioms, messages, banks, scanner)


def _number_parts(rules: list[Rule]) -> list[Rule]:
    """Give every rule part its index in the lexicon's Scanner (rule order)."""
    out, pid = [], 0
    for rule in rules:
        parts = []
        for part, _ in rule.parts:
            parts.append((part, pid))
            pid += 1
        out.append(replace(rule, parts=tuple(parts), pids=frozenset(pid for _, pid in parts)))
    return out
