"""Time to repair, month by month: the circle's median days from a rupture to its repair."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from charts import frame, table
from charts.base import Chart, Series, has_data
from charts.weekly_trends import axis_label


def month_label(month: date) -> str:
    """The table's label of a month: "January 2025", in the page's language."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def repair_months(rows: Sequence[tuple[date, float | None, int]]) -> Chart:
    """Rows of (first day of the month, median days or None, repairs that month), oldest first."""
    series = [Series(_("Median days to repair"), [(month, days) for month, days, _n in rows])]
    top = max([days for _m, days, _n in rows if days is not None] + [1.0])
    text = table.Texts()
    svg = frame.line_svg(
        series,
        title=_("Time to repair by month"),
        desc=_("Median days from logging a rupture to repairing it, for each of the last twelve months."),
        ident="time-to-repair",
        low=0,
        high=top * 1.2,
        ticks=[round(top * f, 1) for f in (0, 0.5, 1)],
        x_labels=lambda _plot: frame.spread([month for month, _d, _n in rows], axis_label),
        tip=lambda _series, month, days: f"{month_label(month)}: {text(days)}",
        legend=True,
    )
    return Chart(
        title=_("Time to repair by month"),
        svg=svg,
        table=table.build(
            _("Median days to repair, by the month the repair happened"),
            _("Month"),
            [_("Median days"), _("Repairs")],
            ((month_label(month), [days, count]) for month, days, count in rows),
        ),
        has_data=has_data(series),
    )
