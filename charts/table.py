"""The data table beside every chart: the same numbers, as text, for everyone.

A `Table` is plain data; `templates/charts/_table.html` renders it (caption, column
and row headers with their scope), so no chart builds HTML for its table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.formats import localize

BLANK = "—"  # a week or month without a value


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A caption, the heading of the label column, the value columns and the rows."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    caption_hidden: bool = False  # when a heading right above already says it


def build(
    caption: str,
    corner: str,
    columns: Iterable[str],
    rows: Iterable[tuple[str, Iterable]],
    *,
    caption_hidden: bool = False,
    text: Callable[[object], str] = localize,
) -> Table:
    """A table of (row label, values); None shows as a dash, every other value through `text`.

    Each distinct value is turned into text once: a year of weeks × a dozen series
    repeats few values, and localizing each cell was most of the page's rendering
    (docs/performance.md, "The trend pages").
    """
    cell = Texts(text)
    return Table(
        caption=str(caption),
        corner=str(corner),
        columns=tuple(str(column) for column in columns),
        rows=tuple(Row(str(label), tuple(cell(value) for value in values)) for label, values in rows),
        caption_hidden=caption_hidden,
    )


class Texts:
    """`text(value)` remembered per distinct value (and type: 1 and 1.0 may read differently)."""

    def __init__(self, text: Callable[[object], str] = localize):
        self._text = text
        self._shown: dict = {}

    def __call__(self, value) -> str:
        key = (type(value), value)
        if key not in self._shown:
            self._shown[key] = BLANK if value is None else str(self._text(value))
        return self._shown[key]
