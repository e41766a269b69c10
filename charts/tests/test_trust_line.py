"""The trust line (the trajectory chart): valid, accessible, CSP-safe SVG drawn from plain points."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.utils import translation

from charts.base import has_values as has_data
from charts.frame import SVG_NS
from charts.tests.helpers import NS, parse, texts, tips
from charts.trust_line import trust_line

MONTHS = [date(2025, m, 1) for m in range(1, 7)]


def chart(points, **kwargs) -> str:
    kwargs.setdefault("title", "Alex → Sam: consistency")
    kwargs.setdefault("desc", "From 50 in January to 80 in June.")
    return trust_line(points, **kwargs).svg


def monthly(*scores):
    return list(zip(MONTHS, scores, strict=False))


def test_the_chart_is_well_formed_svg_labelled_for_screen_readers():
    root = parse(chart(monthly(50, 60, 65, 70, 75, 80)))
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == "Alex → Sam: consistency"
    assert desc.text == "From 50 in January to 80 in June."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_chart_has_no_scripts_inline_styles_or_external_references():
    svg = chart(monthly(50, 60, None, 70, 75, 80))
    assert "<script" not in svg
    assert "style=" not in svg
    assert svg.replace(f'xmlns="{SVG_NS}"', "").count("http") == 0
    assert "href" not in svg


def test_the_y_axis_has_gridlines_at_every_quarter():
    root = parse(chart(monthly(50, 60)))
    labels = [t.text for t in root.findall("svg:text", NS)]
    assert {"0", "25", "50", "75", "100"} <= set(labels)
    assert len(root.findall("svg:line", NS)) == 5


def test_months_are_labelled_by_default_as_month_and_year():
    labels = [t.text for t in parse(chart(monthly(50, 60, 65))).findall("svg:text", NS)]
    assert {"Jan 2025", "Feb 2025", "Mar 2025"} <= set(labels)


def test_a_custom_label_formats_the_months():
    svg = chart(monthly(50, 60), label=lambda d: d.strftime("%m/%y"))
    assert "01/25" in svg
    assert "Jan 2025" not in svg


def test_month_labels_are_thinned_so_they_never_crowd():
    points = [(date(2023, 1, 1) + timedelta(days=30 * i), 60.0) for i in range(36)]
    texts = parse(chart(points)).findall("svg:text", NS)
    month_labels = [t for t in texts if t.text not in {"0", "25", "50", "75", "100"}]
    xs = sorted(float(t.get("x")) for t in month_labels)
    assert 2 <= len(month_labels) <= 8
    assert all(b - a >= 80 for a, b in pairwise(xs))


def test_a_missing_score_leaves_a_gap_in_the_line():
    root = parse(chart(monthly(50, 60, None, 70, 75, None)))
    lines = root.findall("svg:polyline", NS)
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(root.findall("svg:circle", NS)) == 4


def test_a_lone_score_between_gaps_is_a_dot_without_a_line():
    root = parse(chart(monthly(None, 60, None)))
    assert root.findall("svg:polyline", NS) == []
    assert len(root.findall("svg:circle", NS)) == 1


def test_higher_scores_sit_higher_on_the_chart():
    circles = parse(chart(monthly(20, 90))).findall("svg:circle", NS)
    low, high = (float(c.get("cy")) for c in circles)
    assert high < low


def test_title_description_and_labels_are_escaped():
    svg = chart(monthly(50, 60), title="<&>", desc='"quoted" & <b>', label=lambda d: "<m&>")
    root = parse(svg)
    assert root.find("svg:title", NS).text == "<&>"
    assert root.find("svg:desc", NS).text == '"quoted" & <b>'
    assert "<b>" not in svg
    assert "<m&>" in [t.text for t in root.findall("svg:text", NS)]


def test_an_empty_or_all_none_series_draws_nothing():
    for points in ([], monthly(None, None)):
        assert not has_data(points)
        root = parse(chart(points))
        assert root.find("svg:title", NS) is not None
        assert [child.tag.split("}")[1] for child in root] == ["title", "desc"]


def test_has_data_needs_one_score():
    assert has_data(monthly(None, 0.0))


def test_datetimes_in_an_odd_time_zone_are_labelled_by_their_own_wall_clock():
    # 23:30 UTC on 31 January is already 1 February in Kiribati (UTC+14).
    kiribati = timezone(timedelta(hours=14))
    first = datetime(2025, 1, 31, 23, 30, tzinfo=UTC).astimezone(kiribati)
    points = [(first, 55.0), (first + timedelta(days=59), 65.0)]
    labels = [t.text for t in parse(chart(points)).findall("svg:text", NS)]
    assert "Feb 2025" in labels
    assert "Jan 2025" not in labels


def test_a_single_point_is_drawn_in_the_middle():
    circle = parse(chart([(date(2025, 3, 1), 70.0)], width=640)).find("svg:circle", NS)
    assert float(circle.get("cx")) == (40 + 640 - 28) / 2


def test_several_charts_on_one_page_get_distinct_ids():
    a = parse(chart(monthly(50), title="Alex → Sam"))
    b = parse(chart(monthly(50), title="Sam → Alex"))
    assert a.get("aria-labelledby") != b.get("aria-labelledby")
    own = parse(chart(monthly(50), chart_id="pair-7"))
    assert own.get("aria-labelledby") == "pair-7-title pair-7-desc"


def test_size_is_set_by_width_and_height():
    # The proportions; on screen the chart fills its column (never wider than a phone).
    root = parse(chart(monthly(50, 60), width=320, height=160))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("100%", None, "0 0 320 160")


# The table beside the chart, and the viewer's time zone


def ends_of_months(*scores):
    """Scores at noon UTC on the last day of each month from January, as `ledger.queries.month_points`."""
    ends = [datetime(2025, m + 1, 1, 12, tzinfo=UTC) - timedelta(days=1) for m in range(1, 7)]
    return list(zip(ends, scores, strict=False))


def test_the_table_lists_every_month_with_its_whole_score():
    table = trust_line(ends_of_months(72.5, None, 80.0), title="t", desc="d").table
    assert (table.caption, table.corner, table.columns) == (
        "Score at the end of each month",
        "Month",
        ("Score",),
    )
    assert [[row.label, *row.cells] for row in table.rows] == [
        ["January 2025", "73"],
        ["February 2025", "—"],
        ["March 2025", "80"],
    ]
    assert not table.caption_hidden


def test_an_empty_chart_says_when_it_will_appear():
    chart = trust_line(ends_of_months(None, None), title="t", desc="d")
    assert not chart.has_data
    assert (
        chart.empty == "Not enough data yet. The chart appears once promises between you have been answered."
    )
    assert len(chart.table.rows) == 2


def test_kathmandu_reads_the_same_months_as_utc():
    # Noon UTC is 17:45 in Kathmandu (+05:45): still the last day of the month.
    chart = trust_line(ends_of_months(60.0, 70.0), title="t", desc="d", zone=ZoneInfo("Asia/Kathmandu"))
    assert [row.label for row in chart.table.rows] == ["January 2025", "February 2025"]
    assert "Jan 2025: 60" in tips(chart.svg)


def test_chatham_is_already_in_the_next_month_in_the_chart_and_the_table_alike():
    # Noon UTC on 31 January is 01:45 on 1 February on the Chatham Islands (+13:45 in summer).
    chart = trust_line(ends_of_months(60.0, 70.0), title="t", desc="d", zone=ZoneInfo("Pacific/Chatham"))
    assert [row.label for row in chart.table.rows] == ["February 2025", "March 2025"]
    assert tips(chart.svg) == ["Feb 2025: 60", "Mar 2025: 70"]
    assert "Jan 2025" not in texts(chart.svg)


def test_days_around_a_daylight_saving_change_are_placed_by_the_wall_clock():
    # Midnight in New York on 8, 9 and 10 March 2025: 24 then 23 hours apart, one day each.
    new_york = ZoneInfo("America/New_York")
    nights = [datetime(2025, 3, d, tzinfo=new_york).astimezone(UTC) for d in (8, 9, 10)]
    chart = trust_line([(night, 50.0) for night in nights], title="t", desc="d", zone=new_york)
    xs = [float(c.get("cx")) for c in parse(chart.svg).findall("svg:circle", NS)]
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1])) <= 0.1
    assert [row.label for row in chart.table.rows] == ["March 2025"] * 3


def test_without_a_zone_datetimes_keep_their_own_wall_clock():
    chart = trust_line(ends_of_months(60.0), title="t", desc="d")
    assert tips(chart.svg) == ["Jan 2025: 60"]


def test_scores_read_in_the_pages_language():
    with translation.override("es"):
        chart = trust_line(ends_of_months(72.4), title="t", desc="d")
    assert [[row.label, *row.cells] for row in chart.table.rows] == [["enero de 2025", "72"]]
    assert chart.table.columns == ("Puntuación",)


def test_month_label_is_in_the_pages_language():
    from charts.trust_line import month_label

    with translation.override("en"):
        assert month_label(date(2025, 12, 1)) == "Dec 2025"
    with translation.override("es"):
        assert month_label(date(2025, 12, 1)) == "dic 2025"


def test_a_spanish_chart_and_table_name_months_in_spanish():
    with translation.override("es"):
        built = trust_line(monthly(50, 60, 65), title="t", desc="d")
        labels = set(texts(built.svg))
        rows = [row.label for row in built.table.rows]
    assert {"ene 2025", "feb 2025", "mar 2025"} <= labels
    assert rows[0] == "enero de 2025"
    assert not any("Jan" in label or "January" in label for label in labels | set(rows))
