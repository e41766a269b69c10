"""Result types returned by the coach engine (plain dataclasses, JSON-friendly)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PATTERNS: tuple[str, ...] = (
    "criticism",
    "contempt",
    "defensiveness",
    "stonewalling",
    "blame_generalization",
    "control",
    "retaliation",
    "caretaking",
    "stigma",
    "shaming",
)
STRENGTHS: tuple[str, ...] = ("i_statement", "appreciation", "ownership", "curiosity", "boundary")
CRISIS_CATEGORIES: tuple[str, ...] = ("self_harm", "overdose", "violence")
# notice: a soft line with help (the learned layer is unsure); concern: "are you OK?" with
# the help; crisis: the prominent card, and the coach stops coaching.
TIERS: tuple[str, ...] = ("none", "notice", "concern", "crisis")


@dataclass(frozen=True)
class Finding:
    """One harmful pattern found in a message."""

    pattern: str
    span: tuple[int, int]
    explanation: str
    rewrites: list[str]
    source: str = "rules"  # "rules" or "learned" (a softer, dismissible hint)
    rule_id: str = ""
    score: float = 1.0


@dataclass(frozen=True)
class Strength:
    """One helpful pattern found in a message, to encourage."""

    strength: str
    span: tuple[int, int]
    note: str
    rule_id: str = ""


@dataclass(frozen=True)
class CrisisSignal:
    """One piece of evidence behind the safety result."""

    category: str
    tier: str
    span: tuple[int, int]
    source: str
    rule_id: str = ""
    score: float = 1.0


@dataclass(frozen=True)
class Crisis:
    """Crisis screen result: category none/self_harm/overdose/violence, tier none/notice/concern/crisis."""

    category: str = "none"
    tier: str = "none"
    signals: list[CrisisSignal] = field(default_factory=list)
    also: tuple[str, ...] = ()  # other categories that scored close: show their help too
    about: str = (
        "self"  # who is at risk: "self" (the writer), "other" (someone else), "threat" (from the writer)
    )

    @property
    def flagged(self) -> bool:
        """True when any resources should be shown (notice, concern or crisis)."""
        return self.tier != "none"


@dataclass(frozen=True)
class Analysis:
    """Everything the coach has to say about one message."""

    text: str
    lang: str
    findings: list[Finding]
    strengths: list[Strength]
    crisis: Crisis
    learned_used: bool = False

    @property
    def support_mode(self) -> bool:
        """True when the coach has stopped coaching to show support instead."""
        return self.crisis.tier == "crisis"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (tuples become lists)."""
        data = asdict(self)
        data["support_mode"] = self.support_mode
        data["crisis"]["flagged"] = self.crisis.flagged
        return data
