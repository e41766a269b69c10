"""The trust line: one direction of a relationship, its consistency score (0–100) by month."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from charts import frame, table
from charts.base import Chart, Point, Series, When, has_values

TICKS = (0, 25, 50, 75, 100)
MIN_LABEL_GAP = 80  # px between month labels, so "Sep 2025" never overlaps its neighbour


def month_label(when: date) -> str:
    """The default x label: "Jan 2025" ("ene 2025"), in the page's language."""
    return date_format(when, "SHORT_YEAR_MONTH_FORMAT")


def score_text(value: float) -> str:
    """A score as the page shows it: whole, localized."""
    return floatformat(value, 0)


def trust_line(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    zone: tzinfo | None = None,
    label: Callable[[date], str] = month_label,
    chart_id: str | None = None,
    width: int = frame.WIDTH,
    height: int = frame.HEIGHT,
) -> Chart:
    """The chart and its table of scores at the given instants, with gaps where a score is None.

    Aware datetimes are read in `zone` (the viewer's) when given, otherwise by the wall
    clock they carry; either way the chart and the table name the same month. `chart_id`
    keeps ids unique when a page shows several charts; by default it is derived from the
    title and description.
    """
    local = [(_in_zone(when, zone), value) for when, value in points]
    svg = frame.line_svg(
        [Series(title, local)],
        title=title,
        desc=desc,
        ident=frame.chart_id("trajectory", title, desc, chart_id),
        low=0,
        high=100,
        ticks=TICKS,
        x_labels=lambda plot: [
            (month, label(month)) for month in frame.thin(frame.month_starts(plot), plot, MIN_LABEL_GAP)
        ],
        tip=lambda _series, when, value: f"{label(when)}: {score_text(value)}",
        width=width,
        height=height,
    )
    return Chart(
        title=title,
        svg=svg,
        table=table.build(
            _("Score at the end of each month"),
            _("Month"),
            [_("Score")],
            ((date_format(when, "YEAR_MONTH_FORMAT"), [value]) for when, value in local),
            text=score_text,
        ),
        has_data=has_values(local),
        empty=_("Not enough data yet. The chart appears once promises between you have been answered."),
    )


def _in_zone(when: When, zone: tzinfo | None) -> When:
    if zone is not None and isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone(zone)
    return when
