"""A questionnaire's totals over time, over its published bands, with reliable-change arrows.

Plain data in (points, bands, arrows), a `Chart` out. Bands are drawn as labelled
shaded strips; an arrow beside a point marks a reliable improvement (▲ towards better)
or deterioration since the result before. The table beside the chart carries every
total, its band and the change, with the threshold used and its source in the caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from charts import frame, palette, table
from charts.base import Chart

WIDTH, HEIGHT = 400, 250
BAND_FILLS = ("#eef5f3", "#f7f3e8", "#f6ece6", "#f3e9ef", "#ecedf6", "#f1f1f1")
IMPROVED, DETERIORATED = "improved", "deteriorated"


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Point:
    when: datetime
    total: int
    band: str  # the band's words, for the table
    change: str  # the change from the result before, in words ("" for the first)
    arrow: str = ""  # IMPROVED, DETERIORATED or ""


def measure_history(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    low: float,
    high: float,
    bands: Sequence[Band],
    better_is_lower: bool,
    caption: str,
    zone: tzinfo | None = None,
    chart_id: str | None = None,
) -> Chart:
    local = [_local(p, zone) for p in points]
    ident = frame.chart_id("measure", title, desc, chart_id)
    svg = _svg(local, ident, title, desc, low, high, bands, better_is_lower) if local else ""
    rows = (
        (
            date_format(p.when, "DATE_FORMAT"),
            [p.total, p.band, p.change or table.BLANK],
        )
        for p in local
    )
    return Chart(
        title=title,
        svg=svg,
        table=table.build(
            caption,
            _("Date"),
            [_("Score"), _("Band"), pgettext("measure chart column", "Change")],
            rows,
            text=str,
        ),
        has_data=bool(local),
        empty=_("No results yet. Your chart appears after your first one."),
    )


def _local(p: Point, zone: tzinfo | None) -> Point:
    if zone is None:
        return p
    return Point(p.when.astimezone(zone), p.total, p.band, p.change, p.arrow)


def _svg(points, ident, title, desc, low, high, bands, better_is_lower) -> str:
    # A narrower viewBox than the line charts': band names stay readable on a 390 px phone.
    width, height = WIDTH, HEIGHT
    plot = frame.Plot(
        left=frame.MARGIN_LEFT - 10,
        right=width - 128,  # room on the right for the band names
        top=frame.MARGIN_TOP,
        bottom=height - frame.MARGIN_BOTTOM,
        first=frame.day(points[0].when),
        last=frame.day(points[-1].when),
        low=low,
        high=high,
    )
    body = []
    for index, band in enumerate(bands):
        top, bottom = plot.y(min(high, band.high + 0.5)), plot.y(max(low, band.low - 0.5))
        body.append(
            f'<rect x="{frame.num(plot.left)}" y="{frame.num(top)}" width="{frame.num(plot.right - plot.left)}" '
            f'height="{frame.num(bottom - top)}" fill="{BAND_FILLS[index % len(BAND_FILLS)]}"/>'
        )
        body.append(
            f'<text x="{frame.num(plot.right + 6)}" y="{frame.num((top + bottom) / 2)}" fill="{palette.TEXT}" '
            f'dominant-baseline="middle">{escape(band.label)}</text>'
        )
    for tick in sorted({low, high, *(b.low for b in bands)}):
        body.append(
            f'<text x="{frame.num(plot.left - 6)}" y="{frame.num(plot.y(tick))}" fill="{palette.TEXT}" '
            f'text-anchor="end" dominant-baseline="middle">{tick:g}</text>'
        )
    labels = frame.spread([p.when for p in points], lambda w: date_format(w, "SHORT_MONTH_DAY_FORMAT"), 4)
    for when, label in labels:
        body.append(
            f'<text x="{frame.num(plot.x(when))}" y="{frame.num(plot.bottom + 20)}" fill="{palette.TEXT}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    colour = palette.SERIES[0][0]
    xy = [(frame.num(plot.x(p.when)), frame.num(plot.y(p.total))) for p in points]
    if len(xy) > 1:
        body.append(
            f'<polyline points="{" ".join(f"{x},{y}" for x, y in xy)}" fill="none" stroke="{colour}" '
            'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for p, (x, y) in zip(points, xy, strict=True):
        tip = f"{date_format(p.when, 'DATE_FORMAT')}: {p.total} · {p.band}" + (
            f" · {p.change}" if p.change else ""
        )
        body.append(
            f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}" stroke="{palette.DOT_RING}" stroke-width="1.5">'
            f"<title>{escape(tip)}</title></circle>"
        )
        if p.arrow:
            body.append(_arrow(float(x), float(y), p.arrow, better_is_lower, tip))
    return "\n".join(
        [
            f'<svg xmlns="{frame.SVG_NS}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'width="100%" viewBox="0 0 {width} {height}" font-family="{palette.FONT}" font-size="12">',
            f'<title id="{ident}-title">{escape(title)}</title>',
            f'<desc id="{ident}-desc">{escape(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _arrow(x: float, y: float, kind: str, better_is_lower: bool, tip: str) -> str:
    """A filled triangle beside the point, pointing the way the score moved."""
    went_down = (kind == IMPROVED) == better_is_lower
    colour = "#2f6f62" if kind == IMPROVED else "#a3321f"
    x0 = x - 14  # on the left of the dot: the last one sits at the plot's right edge
    if went_down:
        shape = f"{x0 - 7},{y - 10} {x0 + 7},{y - 10} {x0},{y + 2}"
    else:
        shape = f"{x0 - 7},{y + 10} {x0 + 7},{y + 10} {x0},{y - 2}"
    css = "reliable-improvement" if kind == IMPROVED else "reliable-deterioration"
    return f'<polygon class="{css}" points="{shape}" fill="{colour}"><title>{escape(tip)}</title></polygon>'
