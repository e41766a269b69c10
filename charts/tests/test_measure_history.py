"""The questionnaire chart: bands, arrows, the table, the empty state and time zones."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from charts.measure_history import DETERIORATED, IMPROVED, Band, Point, measure_history

BANDS = [Band(0, 4, "Minimal"), Band(5, 9, "Mild"), Band(10, 27, "Higher")]


def _chart(points, zone=None):
    return measure_history(
        points,
        title="PHQ-9 over time",
        desc="Each result",
        low=0,
        high=27,
        bands=BANDS,
        better_is_lower=True,
        caption="PHQ-9. A change of 6 points or more counts as reliable (source: NHS).",
        zone=zone,
    )


def test_no_results_is_the_empty_state():
    chart = _chart([])
    assert not chart.has_data and chart.svg == "" and "No results yet" in chart.empty


def test_bands_arrows_and_the_table():
    points = [
        Point(datetime(2026, 3, 2, 9, tzinfo=UTC), 16, "Higher", ""),
        Point(datetime(2026, 3, 9, 9, tzinfo=UTC), 6, "Mild", "−10 points: a reliable improvement", IMPROVED),
        Point(datetime(2026, 3, 16, 9, tzinfo=UTC), 14, "Higher", "+8 points: reliably worse", DETERIORATED),
    ]
    chart = _chart(points)
    assert chart.svg.count("<rect") == 3
    assert chart.svg.count("reliable-improvement") == 1 and chart.svg.count("reliable-deterioration") == 1
    assert 'width="100%"' in chart.svg and "<title" in chart.svg and "<script" not in chart.svg
    assert "source: NHS" in chart.table.caption
    assert [row.cells[0] for row in chart.table.rows] == ["16", "6", "14"]


def test_dates_are_read_in_the_viewers_zone():
    late = Point(datetime(2026, 3, 2, 20, 30, tzinfo=UTC), 5, "Mild", "")
    kathmandu = _chart([late], zoneinfo.ZoneInfo("Asia/Kathmandu"))  # 02:15 the next day
    assert kathmandu.table.rows[0].label.startswith("3 ")
    chatham = _chart([late], zoneinfo.ZoneInfo("Pacific/Chatham"))
    assert chatham.table.rows[0].label.startswith("3 ")
    new_york = _chart([late], zoneinfo.ZoneInfo("America/New_York"))
    assert new_york.table.rows[0].label.startswith("2 ")


def test_text_in_the_svg_is_escaped():
    chart = _chart([Point(datetime(2026, 3, 2, 9, tzinfo=UTC), 3, "<b>", "")])
    assert "<b>" not in chart.svg and "&lt;b&gt;" in chart.svg
