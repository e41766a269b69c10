"""Check-in trends by week: one line per group of feelings, per person, or per craving measure.

Weeks are the Mondays the view asks for (each check-in counts in its author's own
week), so no time zone is read here: a Monday is a plain date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from charts import frame, table
from charts.base import Chart, Series, has_data


def week_label(monday: date) -> str:
    """The table's label of a week: "3 Mar 2025" ("3 mar 2025"), in the page's language."""
    return _week_label(monday, get_language())


@lru_cache(maxsize=1024)
def _week_label(monday: date, language: str | None) -> str:
    # A page shows the same weeks in three charts and a table; formatting a date is slow.
    return date_format(monday, "SHORT_DATE_FORMAT")


def axis_label(monday: date) -> str:
    """The chart's short label of a week: "3 Mar" ("3 mar"), in the page's language."""
    return _axis_label(monday, get_language())


@lru_cache(maxsize=1024)
def _axis_label(monday: date, language: str | None) -> str:
    return date_format(monday, "SHORT_MONTH_DAY_FORMAT")


def weekly_trends(
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    low: int,
    high: int,
    chart_id: str,
    label: Callable[[date], str] = week_label,
) -> Chart:
    """Averages per week on a low–high scale, with a legend, and the table of the same numbers.

    Every series has a point (maybe None) for every week, oldest first.
    """
    weeks = [monday for monday, _value in series[0].points] if series else []
    labels = {when: label(when) for s in series for when, _value in s.points}
    text = table.Texts()
    svg = frame.line_svg(
        series,
        title=title,
        desc=desc,
        ident=frame.chart_id("weekly", title, desc, chart_id),
        low=low,
        high=high,
        ticks=[low, (low + high) / 2, high] if high - low > 4 else list(range(low, high + 1)),
        x_labels=lambda _plot: frame.spread(weeks, axis_label),
        tip=lambda item, when, value: f"{item.label}, {labels[when]}: {text(value)}",
        legend=True,
    )
    values = [dict(s.points) for s in series]
    return Chart(
        title=title,
        svg=svg,
        table=table.build(
            title,
            _("Week of"),
            [s.label for s in series],
            ((labels[monday], [v.get(monday) for v in values]) for monday in weeks),
            caption_hidden=True,  # the section's heading says it just above
        ),
        has_data=has_data(series),
    )


def counts_table(
    weeks: Iterable[tuple[date, dict]],
    columns: Sequence[tuple[str, str]],
    *,
    caption: str,
    label: Callable[[date], str] = week_label,
) -> table.Table:
    """How many of each kind per week, one (key, heading) column each; weeks with none left out."""
    return table.build(
        caption,
        _("Week of"),
        [heading for _key, heading in columns],
        ((label(monday), [counts.get(key, 0) for key, _h in columns]) for monday, counts in weeks if counts),
        caption_hidden=True,  # the section's heading says it just above
    )
