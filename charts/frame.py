"""The shared frame of every chart: an accessible, responsive, CSP-safe SVG line chart.

Server-side SVG keeps charts working without JavaScript and inside the CSP: no scripts,
no external references and no `style` attributes, only presentation attributes. The
document is `width="100%"` and scales by its viewBox, so it is never wider than the
column it sits in, down to a 390 px phone. Screen readers get `role="img"` with a title
and a description; the table beside the chart carries every value.

Chart modules (`trust_line`, `weekly_trends`, `repair_months`) choose the scale, the
ticks and the x labels, and call `line_svg`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from charts import legend as legend_
from charts import palette
from charts.base import Series, When, has_data

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 640, 240  # the viewBox; the page decides the size on screen
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 28, 12, 32


def day(when: When) -> float:
    """Days on one scale for dates and datetimes, by the wall clock each carries."""
    if isinstance(when, datetime):
        seconds = when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6
        return when.toordinal() + seconds / 86400
    return float(when.toordinal())


@dataclass(frozen=True)
class Plot:
    """Maps days and values to pixels inside the plot area."""

    left: float
    right: float
    top: float
    bottom: float
    first: float
    last: float
    low: float
    high: float

    def x(self, when: When | float) -> float:
        at = when if isinstance(when, float) else day(when)
        if self.last == self.first:  # a single instant sits in the middle
            return (self.left + self.right) / 2
        return self.left + (at - self.first) / (self.last - self.first) * (self.right - self.left)

    def y(self, value: float) -> float:
        value = min(self.high, max(self.low, value))
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


def chart_id(prefix: str, title: str, desc: str, given: str | None = None) -> str:
    """`given`, or an id derived from the title and description, unique per chart on a page."""
    if given:
        return escape(given)
    digest = hashlib.blake2s(f"{title}\n{desc}".encode(), digest_size=4).hexdigest()
    return f"{prefix}-{digest}"


def line_svg(
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    ident: str,
    low: float,
    high: float,
    ticks: Iterable[float],
    x_labels: Callable[[Plot], Iterable[tuple[When, str]]],
    tip: Callable[[Series, When, float], str],
    legend: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """One or more lines over time; gaps where a value is None; nothing drawn without data.

    `x_labels` picks the labelled instants once the plot area is known; `tip` is each
    dot's native tooltip for pointer users.
    """
    if not has_data(series):
        return _document(ident, title, desc, width, height, [])
    # Each instant and value is placed once: a year of weeks repeats them in every series.
    at = {when: day(when) for s in series for when, _value in s.points}
    ordered = [Series(s.label, sorted(s.points, key=lambda p: at[p[0]])) for s in series]
    labels = [s.label for s in ordered] if legend else []
    room = legend_.height(labels, MARGIN_LEFT, width - MARGIN_RIGHT)
    plot = Plot(
        left=MARGIN_LEFT,
        right=width - MARGIN_RIGHT,
        top=MARGIN_TOP,
        bottom=height - MARGIN_BOTTOM,
        first=min(at.values()),
        last=max(at.values()),
        low=low,
        high=high,
    )
    xs = {when: num(plot.x(instant)) for when, instant in at.items()}
    ys = {value: num(plot.y(value)) for s in series for _when, value in s.points if value is not None}
    body = _grid(plot, ticks) + _x_labels(plot, x_labels(plot))
    for index, item in enumerate(ordered):
        body += _line(item, palette.series_style(index), xs, ys)
    for index, item in enumerate(ordered):
        body += _dots(item, palette.series_style(index)[0], tip, xs, ys)
    body += legend_.legend(labels, left=plot.left, right=plot.right, top=height)
    return _document(ident, title, desc, width, height + room, body)


def _document(ident: str, title: str, desc: str, width: int, height: float, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'width="100%" viewBox="0 0 {width} {num(height)}" '
            f'font-family="{palette.FONT}" font-size="12">',
            f'<title id="{ident}-title">{escape(title)}</title>',
            f'<desc id="{ident}-desc">{escape(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _grid(plot: Plot, ticks: Iterable[float]) -> list[str]:
    parts = []
    for tick in ticks:
        y = num(plot.y(tick))
        parts.append(
            f'<line x1="{num(plot.left)}" y1="{y}" x2="{num(plot.right)}" y2="{y}" '
            f'stroke="{palette.GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(plot.left - 6)}" y="{y}" fill="{palette.TEXT}" text-anchor="end" '
            f'dominant-baseline="middle">{tick:g}</text>'
        )
    return parts


def _x_labels(plot: Plot, labels: Iterable[tuple[When, str]]) -> list[str]:
    y = num(plot.bottom + 20)
    return [
        f'<text x="{num(max(plot.left, plot.x(when)))}" y="{y}" fill="{palette.TEXT}" '
        f'text-anchor="middle">{escape(text)}</text>'
        for when, text in labels
    ]


def _runs(points: Sequence) -> list[list[tuple[When, float]]]:
    """Consecutive values; a None ends a run so the line shows a gap, not a guess."""
    runs: list[list[tuple[When, float]]] = [[]]
    for when, value in points:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((when, value))
    return [run for run in runs if run]


def _line(item: Series, style: tuple[str, str], xs: dict, ys: dict) -> list[str]:
    colour, dash = style
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return [
        f'<polyline points="{" ".join(f"{xs[w]},{ys[v]}" for w, v in run)}" '
        f'fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round" '
        f'stroke-linecap="round"{dash_attr}/>'
        for run in _runs(item.points)
        if len(run) > 1
    ]


def _dots(
    item: Series, colour: str, tip: Callable[[Series, When, float], str], xs: dict, ys: dict
) -> list[str]:
    # A native tooltip for pointer users; screen readers get the title/desc and the table.
    return [
        f'<circle cx="{xs[when]}" cy="{ys[value]}" r="3.5" fill="{colour}" '
        f'stroke="{palette.DOT_RING}" stroke-width="1.5"><title>{escape(tip(item, when, value))}</title></circle>'
        for when, value in item.points
        if value is not None
    ]


def num(value: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def month_starts(plot: Plot) -> list[date]:
    """First days of months from the first plotted day on; the first month if none falls inside."""
    # Compare whole days, so a series starting at 13:30 on the 1st still gets that month.
    current = date.fromordinal(int(plot.first)).replace(day=1)
    if current.toordinal() < int(plot.first):
        current = _next_month(current)
    months = []
    while current.toordinal() <= plot.last:
        months.append(current)
        current = _next_month(current)
    return months or [date.fromordinal(int(plot.first)).replace(day=1)]


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def thin(items: Sequence, plot: Plot, gap: float) -> list:
    """Every k-th item, so labels at least `gap` px apart never collide, whatever the span."""
    room = max(1, int((plot.right - plot.left) // gap))
    step = -(-len(items) // room)
    return list(items[:: max(step, 1)])


def spread(whens: Iterable[When], text: Callable[[When], str], count: int = 6) -> list[tuple[When, str]]:
    """About `count` evenly spaced labels over the distinct instants, from the first."""
    ordered = sorted(set(whens), key=day)
    return [(when, text(when)) for when in ordered[:: max(1, len(ordered) // count)]]
