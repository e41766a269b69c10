"""The one legend: a short sample of each line's colour and dash, then its label.

Items flow left to right and wrap onto a new row rather than run off the chart, so a
member with many connections still sees every name.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from charts import palette

ROW_HEIGHT = 18
SAMPLE = 18  # length of the line sample, px
CHAR = 7  # rough width of a character at font-size 12, px
GAP = 12


def _layout(labels: Sequence[str], left: float, right: float) -> list[tuple[int, str, float, int]]:
    """(series index, label, x, row) for each item."""
    placed, x, row = [], left, 0
    for index, label in enumerate(labels):
        span = SAMPLE + 4 + CHAR * len(label)
        if x > left and x + span > right:
            x, row = left, row + 1
        placed.append((index, label, x, row))
        x += span + GAP
    return placed


def height(labels: Sequence[str], left: float, right: float) -> float:
    """Room the legend needs below the plot; nothing without labels."""
    placed = _layout(labels, left, right)
    return (placed[-1][3] + 1) * ROW_HEIGHT + 6 if placed else 0


def legend(labels: Sequence[str], *, left: float, right: float, top: float) -> list[str]:
    """SVG items for the labels, in series order, from `top` down."""
    parts = []
    for index, label, x, row in _layout(labels, left, right):
        colour, dash = palette.series_style(index)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        y = top + row * ROW_HEIGHT + ROW_HEIGHT / 2
        parts.append(
            f'<line x1="{x:g}" y1="{y:g}" x2="{x + SAMPLE:g}" y2="{y:g}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(
            f'<text x="{x + SAMPLE + 4:g}" y="{y:g}" fill="{palette.TEXT}" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
    return parts
