"""What every chart is made of: series of points in, a `Chart` out for the template."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from charts.table import Table

When = date | datetime
Point = tuple[When, float | None]

# The one empty state: a chart with no value to draw says so instead of drawing a frame.
EMPTY = _("Not enough data yet.")


@dataclass(frozen=True)
class Series:
    """One line: a label for the legend and the table, and (when, value) points, None for a gap."""

    label: str
    points: list[Point]


@dataclass(frozen=True)
class Chart:
    """What the page shows: the SVG, the same numbers as a table, and the empty state.

    `templates/charts/_chart.html` renders it; `svg` is built from escaped parts only.
    """

    title: str
    svg: str
    table: Table
    has_data: bool
    empty: str = EMPTY


def has_values(points: Iterable[Point]) -> bool:
    """True when at least one point has a value worth drawing (0 counts)."""
    return any(value is not None for _when, value in points)


def has_data(series: Sequence[Series]) -> bool:
    """True when any series has a value worth drawing."""
    return any(has_values(s.points) for s in series)
