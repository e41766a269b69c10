"""Time to repair by month: one line, a table of every month, and the empty state."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone, translation

from charts.repair_months import repair_months
from charts.tests.helpers import NS, cells, parse, texts, tips

MONTHS = [date(2025, m, 1) for m in range(1, 5)]


def test_every_month_is_a_row_with_its_median_and_its_repairs():
    chart = repair_months(list(zip(MONTHS, [2.5, None, 10.0, 0.5], [1, 0, 3, 2], strict=True)))
    assert chart.table.caption == "Median days to repair, by the month the repair happened"
    assert not chart.table.caption_hidden
    assert (chart.table.corner, chart.table.columns) == ("Month", ("Median days", "Repairs"))
    assert cells(chart.table) == [
        ["January 2025", "2.5", "1"],
        ["February 2025", "—", "0"],
        ["March 2025", "10.0", "3"],
        ["April 2025", "0.5", "2"],
    ]


def test_the_scale_reaches_a_fifth_above_the_longest_month():
    chart = repair_months(list(zip(MONTHS, [2.5, None, 10.0, 0.5], [1, 0, 3, 2], strict=True)))
    assert {"0", "5", "10", "Median days to repair"} <= set(texts(chart.svg))
    root = parse(chart.svg)
    assert root.get("aria-labelledby") == "time-to-repair-title time-to-repair-desc"
    assert (
        len(root.findall("svg:polyline", NS)) == 1
    )  # January stands alone: the empty February breaks the line
    assert len(root.findall("svg:circle", NS)) == 3
    assert "March 2025: 10.0" in tips(chart.svg)


def test_nothing_repaired_yet_is_the_empty_state_but_the_months_are_still_listed():
    chart = repair_months([(month, None, 0) for month in MONTHS])
    assert not chart.has_data
    assert [child.tag.split("}")[1] for child in parse(chart.svg)] == ["title", "desc"]
    assert [row[1] for row in cells(chart.table)] == ["—"] * 4
    assert repair_months([]).table.rows == ()


def test_months_read_in_the_pages_language():
    with translation.override("es"):
        chart = repair_months([(MONTHS[0], 1.5, 1)])
    assert cells(chart.table) == [["enero de 2025", "1,5", "1"]]
    assert chart.table.columns == ("Mediana de días", "Reparaciones")


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Pacific/Chatham", "America/New_York"])
def test_months_are_calendar_months_whatever_the_viewers_zone(zone):
    rows = list(zip(MONTHS, [2.5, None, 10.0, 0.5], [1, 0, 3, 2], strict=True))
    utc = repair_months(rows)
    with timezone.override(zone):
        assert repair_months(rows) == utc
