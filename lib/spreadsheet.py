"""CSV cells a spreadsheet shows as text and never runs (SECURITY.md check 18)."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value) -> str:
    """A CSV cell a spreadsheet shows as text, never runs: a leading apostrophe when needed."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
