"""A small server-side SVG line chart: several series over weeks, with a legend.

Pure function over plain data (no Django): the view gathers the numbers, the
template shows the same numbers in a table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

# Colour and dash pairs that stay apart for colour-blind readers; all AA on white.
STYLES = [
    ("#2f6f62", ""),
    ("#9a4f25", "6 3"),
    ("#3b4a9b", "2 3"),
    ("#7a2e6b", "8 3 2 3"),
    ("#4d5b60", "1 2"),
    ("#8a6d00", "4 4"),
    ("#a3321f", "10 2"),
]
TEXT = "#4d5b60"


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[date, float | None]]


def has_data(series: list[Series]) -> bool:
    return any(value is not None for s in series for _d, value in s.points)


def line_chart_svg(
    series: list[Series],
    *,
    title: str,
    desc: str,
    y_min: float,
    y_max: float,
    y_ticks: list[float],
    width: int = 640,
    height: int = 260,
    chart_id: str = "chart",
) -> str:
    """An accessible inline SVG: role=img with <title> and <desc>, no scripts, no styles."""
    left, right, top, bottom = 40, 10, 10, 60
    days = sorted({d for s in series for d, _v in s.points})
    if not days:
        return _open(chart_id, title, desc, width, height) + "</svg>"
    span = max((days[-1] - days[0]).days, 1)

    def x(d: date) -> float:
        return left + (width - left - right) * (d - days[0]).days / span

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - y_min) / (y_max - y_min))

    parts = [_open(chart_id, title, desc, width, height)]
    for tick in y_ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d9d3ca" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{tick:g}</text>'
        )
    parts.extend(_x_labels(days, x, height - bottom))
    for index, item in enumerate(series):
        parts.extend(_line(item, STYLES[index % len(STYLES)], x, y))
    parts.extend(_legend(series, height, width))
    parts.append("</svg>")
    return "".join(parts)


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _x_labels(days: list[date], x, baseline: float) -> list[str]:
    step = max(1, len(days) // 6)
    return [
        f'<text x="{x(d):.1f}" y="{baseline + 16:.1f}" text-anchor="middle" font-size="11" fill="{TEXT}">{d:%d %b}</text>'
        for d in days[::step]
    ]


def _line(item: Series, style: tuple[str, str], x, y) -> list[str]:
    colour, dash = style
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out, run = [], []
    for d, value in [*item.points, (None, None)]:
        if value is None:
            if len(run) > 1:
                points = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
                )
            out.extend(
                f'<circle cx="{x(px):.1f}" cy="{y(py):.1f}" r="2.5" fill="{colour}"/>' for px, py in run
            )
            run = []
        else:
            run.append((d, value))
    return out


def _legend(series: list[Series], height: int, width: int) -> list[str]:
    out, cursor = [], 40
    for index, item in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{cursor}" x2="{cursor + 18}" y1="{height - 12}" y2="{height - 12}" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        out.append(
            f'<text x="{cursor + 22}" y="{height - 8}" font-size="11" fill="{TEXT}">{escape(item.label)}</text>'
        )
        cursor += 30 + 7 * len(item.label)
        if cursor > width - 60:
            break
    return out
