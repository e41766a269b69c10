"""Mend's chart colours: one palette for every chart.

Each series gets a colour and a dash pattern, so lines stay apart for colour-blind
readers and in print. Every colour passes WCAG AA against white (the first line
≈ 5.9:1, the text ≈ 7.0:1).
"""

from __future__ import annotations

TEXT = "#4d5b60"
GRID = "#d9dfe0"  # decorative only: the labels and the data table carry the values
DOT_RING = "#ffffff"
FONT = "system-ui, sans-serif"

# (colour, dash pattern); the first is Mend's green, drawn solid.
SERIES = (
    ("#2f6f62", ""),
    ("#9a4f25", "6 3"),
    ("#3b4a9b", "2 3"),
    ("#7a2e6b", "8 3 2 3"),
    ("#4d5b60", "1 2"),
    ("#8a6d00", "4 4"),
    ("#a3321f", "10 2"),
)


def series_style(index: int) -> tuple[str, str]:
    """The colour and dash pattern of the index-th series, repeating after the last."""
    return SERIES[index % len(SERIES)]
