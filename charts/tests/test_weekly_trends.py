"""Check-in trends by week: lines with a legend, a table of the same numbers, any time zone."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.utils import timezone, translation

from charts.base import Series
from charts.tests.helpers import NS, cells, parse, texts, tips
from charts.weekly_trends import counts_table, weekly_trends

# Four Mondays around the start of daylight saving time in New York (Sunday 9 March 2025).
MONDAYS = [date(2025, 2, 24) + timedelta(weeks=i) for i in range(4)]


def trends(series, **kwargs):
    kwargs = {
        "title": "Feelings by week",
        "desc": "Average strength.",
        "low": 1,
        "high": 5,
        "chart_id": "feelings",
    }
    return weekly_trends(series, **kwargs)


def feelings():
    return [
        Series("Calm", list(zip(MONDAYS, [3.5, None, 4.0, 4.0], strict=True))),
        Series("Worried", list(zip(MONDAYS, [2.0, 2.5, None, None], strict=True))),
    ]


def test_the_table_has_one_row_per_week_and_one_column_per_series():
    chart = trends(feelings())
    assert chart.table.columns == ("Calm", "Worried")
    assert chart.table.corner == "Week of"
    assert cells(chart.table) == [
        ["24 Feb 2025", "3.5", "2.0"],
        ["3 Mar 2025", "—", "2.5"],
        ["10 Mar 2025", "4.0", "—"],
        ["17 Mar 2025", "4.0", "—"],
    ]
    assert chart.table.caption == "Feelings by week" and chart.table.caption_hidden


def test_the_chart_has_a_line_per_series_a_legend_and_the_week_labels():
    chart = trends(feelings())
    assert chart.has_data
    root = parse(chart.svg)
    assert root.get("aria-labelledby") == "feelings-title feelings-desc"
    assert len(root.findall("svg:polyline", NS)) == 2  # a lone Calm week is a dot; then one run each
    assert {"Calm", "Worried", "24 Feb", "1", "5"} <= set(texts(chart.svg))
    assert "Calm, 10 Mar 2025: 4.0" in tips(chart.svg)


def test_a_scale_wider_than_four_gets_three_ticks():
    chart = weekly_trends(
        [Series("average", [(MONDAYS[0], 6.5)])],
        title="Cravings",
        desc="d",
        low=0,
        high=10,
        chart_id="cravings",
    )
    assert {"0", "5", "10"} <= set(texts(chart.svg)) and "2" not in texts(chart.svg)


def test_weeks_are_evenly_spaced_across_a_daylight_saving_change():
    circles = parse(trends([Series("Calm", [(m, 3.0) for m in MONDAYS])]).svg).findall("svg:circle", NS)
    xs = [float(c.get("cx")) for c in circles]
    gaps = [b - a for a, b in pairwise(xs)]
    assert max(gaps) - min(gaps) <= 0.2  # coordinates carry one decimal


@pytest.mark.parametrize(
    "zone", ["Asia/Kathmandu", "Pacific/Chatham", "America/New_York", "Pacific/Kiritimati"]
)
def test_the_viewers_time_zone_changes_nothing_mondays_are_plain_dates(zone):
    utc = trends(feelings())
    with timezone.override(zone):
        there = trends(feelings())
    assert there == utc


def test_the_week_labels_follow_the_language():
    with translation.override("es"):
        chart = trends(feelings())
    assert cells(chart.table)[0] == ["24 feb 2025", "3,5", "2,0"]


@pytest.mark.parametrize("series", [[], [Series("Calm", [(m, None) for m in MONDAYS])]])
def test_no_values_is_the_empty_state(series):
    chart = trends(series)
    assert not chart.has_data
    assert str(chart.empty) == "Not enough data yet."
    assert [child.tag.split("}")[1] for child in parse(chart.svg)] == ["title", "desc"]
    assert len(chart.table.rows) == (len(MONDAYS) if series else 0)


def test_counts_per_week_leave_out_weeks_without_any():
    weeks = [(MONDAYS[0], {"settled": 2}), (MONDAYS[1], {}), (MONDAYS[2], {"activated": 1, "shut_down": 3})]
    columns = [("settled", "Settled"), ("activated", "Activated"), ("shut_down", "Shut down")]
    built = counts_table(weeks, columns, caption="How the body felt, week by week")
    assert built.columns == ("Settled", "Activated", "Shut down")
    assert cells(built) == [["24 Feb 2025", "2", "0", "0"], ["10 Mar 2025", "0", "1", "3"]]
    assert counts_table([], columns, caption="c").rows == ()


@pytest.mark.parametrize(("language", "written"), [("en", "3 Mar"), ("es", "3 mar")])
def test_a_weeks_axis_label_is_in_the_pages_language(language, written):
    from charts.weekly_trends import axis_label

    with translation.override(language):
        assert axis_label(date(2025, 3, 3)) == written


def test_a_spanish_chart_shows_spanish_months():
    december = [date(2025, 12, 1) + timedelta(weeks=i) for i in range(4)]
    with translation.override("es"):
        chart = trends([Series("Calma", [(monday, 3.0) for monday in december])])
    labels = set(texts(chart.svg))
    assert "1 dic" in labels
    assert not any("Dec" in label for label in labels)
