"""Mend's communication coach and crisis screen (plain Python, no Django).

Public API::

    import coach
    result = coach.analyze("You never listen to me.", "en")
    result.to_dict()

See docs/coach.md for what it looks for and its limits.
"""

from __future__ import annotations

from .engine import analyze, analyze_many, clear_caches, learned_available
from .learned import status as learned_status
from .result import (
    CRISIS_CATEGORIES,
    PATTERNS,
    STRENGTHS,
    TIERS,
    Analysis,
    Crisis,
    CrisisSignal,
    Finding,
    Strength,
)

__all__ = [
    "CRISIS_CATEGORIES",
    "PATTERNS",
    "STRENGTHS",
    "TIERS",
    "Analysis",
    "Crisis",
    "CrisisSignal",
    "Finding",
    "Strength",
    "analyze",
    "analyze_many",
    "clear_caches",
    "learned_available",
    "learned_status",
]
