"""Answer sets for the safety tests."""

from __future__ import annotations

from safety.rules import NO, QUESTIONS, YES


def safe() -> dict[str, str]:
    return dict.fromkeys(QUESTIONS, NO)


def afraid() -> dict[str, str]:
    return {**safe(), "afraid": YES}
