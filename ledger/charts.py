"""The trajectory chart as a self-contained inline SVG string.

Server-side SVG keeps charts working without JavaScript and inside the CSP: no scripts,
no external references and no `style` attributes, only presentation attributes. The
page shows a data table beside the chart and, when `has_data` is false, says "not
enough data yet" instead of drawing an empty frame.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

Point = tuple[date | datetime, float | None]

# Both colours pass WCAG AA against white (line ≈ 5.9:1, text ≈ 7.0:1).
LINE = "#2f6f62"
TEXT = "#4d5b60"
GRID = "#d9dfe0"  # decorative only: the labels and the data table carry the values
FONT = "system-ui, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"

TICKS = (0, 25, 50, 75, 100)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 28, 12, 32
MIN_LABEL_GAP = 80  # px between month labels, so "Sep 2025" never overlaps its neighbour


def month_label(when: date) -> str:
    """The default x label: "Jan 2025"."""
    return when.strftime("%b %Y")


@dataclass(frozen=True)
class _Frame:
    """Maps days and scores to pixels inside the plot area."""

    left: float
    right: float
    top: float
    bottom: float
    first: float
    last: float

    def x(self, day: float) -> float:
        if self.last == self.first:  # a single instant sits in the middle
            return (self.left + self.right) / 2
        return self.left + (day - self.first) / (self.last - self.first) * (self.right - self.left)

    def y(self, value: float) -> float:
        value = min(100.0, max(0.0, value))
        return self.bottom - value / 100 * (self.bottom - self.top)


def has_data(points: Sequence[Point]) -> bool:
    """True when at least one point has a score worth drawing."""
    return any(value is not None for _, value in points)


def trajectory_svg(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    width: int = 640,
    height: int = 240,
    label: Callable[[date], str] = month_label,
    chart_id: str | None = None,
) -> str:
    """An accessible inline SVG of scores (0–100) over time, with gaps where a score is None.

    Pass dates or datetimes already in the viewer's time zone: months are labelled by the
    wall-clock date each point carries. `chart_id` keeps ids unique when a page shows
    several charts; by default it is derived from the title and description.
    """
    ident = escape(chart_id or _default_id(title, desc))
    parts = [_open(ident, title, desc, width, height)]
    if has_data(points):
        ordered = sorted(points, key=lambda p: _day(p[0]))
        frame = _frame(ordered, width, height)
        parts += _grid(frame) + _month_labels(frame, label) + _plot(ordered, frame, label)
    parts.append("</svg>")
    return "\n".join(parts)


def _default_id(title: str, desc: str) -> str:
    digest = hashlib.blake2s(f"{title}\n{desc}".encode(), digest_size=4).hexdigest()
    return f"trajectory-{digest}"


def _open(ident: str, title: str, desc: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12">\n'
        f'<title id="{ident}-title">{escape(title)}</title>\n'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )


def _day(when: date | datetime) -> float:
    """Days on a common scale for dates and datetimes, by the wall clock they carry."""
    if isinstance(when, datetime):
        seconds = when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6
        return when.toordinal() + seconds / 86400
    return float(when.toordinal())


def _frame(ordered: Sequence[Point], width: int, height: int) -> _Frame:
    days = [_day(when) for when, _ in ordered]
    return _Frame(
        left=MARGIN_LEFT,
        right=width - MARGIN_RIGHT,
        top=MARGIN_TOP,
        bottom=height - MARGIN_BOTTOM,
        first=days[0],
        last=days[-1],
    )


def _grid(frame: _Frame) -> list[str]:
    parts = []
    for tick in TICKS:
        y = _num(frame.y(tick))
        parts.append(
            f'<line x1="{_num(frame.left)}" y1="{y}" x2="{_num(frame.right)}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_num(frame.left - 6)}" y="{y}" fill="{TEXT}" text-anchor="end" '
            f'dominant-baseline="middle">{tick}</text>'
        )
    return parts


def _month_labels(frame: _Frame, label: Callable[[date], str]) -> list[str]:
    y = _num(frame.bottom + 20)
    return [
        f'<text x="{_num(max(frame.left, frame.x(_day(month))))}" y="{y}" fill="{TEXT}" '
        f'text-anchor="middle">{escape(label(month))}</text>'
        for month in _thin(_month_starts(frame), frame)
    ]


def _month_starts(frame: _Frame) -> list[date]:
    """First days of months from the first plotted day on; the first month if none falls inside."""
    # Compare whole days, so a series starting at 13:30 on the 1st still gets that month.
    current = date.fromordinal(int(frame.first)).replace(day=1)
    if current.toordinal() < int(frame.first):
        current = _next_month(current)
    months = []
    while current.toordinal() <= frame.last:
        months.append(current)
        current = _next_month(current)
    return months or [date.fromordinal(int(frame.first)).replace(day=1)]


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _thin(months: list[date], frame: _Frame) -> list[date]:
    # Keep every k-th month so labels never collide, whatever the span.
    room = max(1, int((frame.right - frame.left) // MIN_LABEL_GAP))
    step = -(-len(months) // room)
    return months[::step]


def _plot(ordered: Sequence[Point], frame: _Frame, label: Callable[[date], str]) -> list[str]:
    parts = []
    for run in _runs(ordered):
        if len(run) > 1:
            coords = " ".join(f"{_num(frame.x(_day(w)))},{_num(frame.y(v))}" for w, v in run)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="2.5" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    for when, value in ordered:
        if value is not None:
            parts.append(_dot(frame, when, value, label))
    return parts


def _runs(ordered: Sequence[Point]) -> list[list[tuple[date | datetime, float]]]:
    """Consecutive scored points; a None ends a run so the line shows a gap, not a guess."""
    runs: list[list[tuple[date | datetime, float]]] = [[]]
    for when, value in ordered:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((when, value))
    return [run for run in runs if run]


def _dot(frame: _Frame, when: date | datetime, value: float, label: Callable[[date], str]) -> str:
    # A native tooltip for pointer users; screen readers get the title/desc and the table.
    tip = escape(f"{label(when)}: {round(value)}")
    return (
        f'<circle cx="{_num(frame.x(_day(when)))}" cy="{_num(frame.y(value))}" r="3.5" '
        f'fill="{LINE}" stroke="#ffffff" stroke-width="1.5"><title>{tip}</title></circle>'
    )


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
