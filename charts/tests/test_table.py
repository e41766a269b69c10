"""The one data table: plain data from the chart, HTML only from the template partial."""

from __future__ import annotations

import ast
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from charts import table
from charts.base import Chart
from charts.tests.helpers import cells

CHARTS = Path(__file__).resolve().parent.parent


def test_values_become_localized_text_and_missing_ones_a_dash():
    built = table.build("Cravings", "Week of", ["average"], [("6 Jan 2025", [3.5]), ("13 Jan 2025", [None])])
    assert cells(built) == [["6 Jan 2025", "3.5"], ["13 Jan 2025", "—"]]
    with translation.override("es"):
        spanish = table.build("Antojos", "Semana del", ["media"], [("6 ene 2025", [3.5])])
    assert cells(spanish) == [["6 ene 2025", "3,5"]]


def test_each_distinct_value_is_turned_into_text_once():
    seen = []

    def text(value):
        seen.append(value)
        return str(value)

    built = table.build("c", "w", ["a", "b"], [("x", [1, 1.0]), ("y", [1, None]), ("z", [1.0, 2])], text=text)
    assert seen == [1, 1.0, 2]  # 1 and 1.0 apart: a type may read differently
    assert cells(built) == [["x", "1", "1.0"], ["y", "1", "—"], ["z", "1.0", "2"]]


def _render(built) -> str:
    return render_to_string("charts/_table.html", {"table": built})


def test_the_partial_has_a_caption_and_scoped_headers():
    html = _render(
        table.build("Score at the end of each month", "Month", ["Score"], [("January 2025", [70])])
    )
    assert "<caption>Score at the end of each month</caption>" in html
    assert '<th scope="col">Month</th><th scope="col">Score</th>' in html
    assert '<tr><th scope="row">January 2025</th><td>70</td></tr>' in html


def test_a_caption_a_heading_already_says_is_for_screen_readers_only():
    html = _render(table.build("Feelings by week", "Week of", [], [], caption_hidden=True))
    assert '<caption class="visually-hidden">Feelings by week</caption>' in html
    assert "<tbody></tbody>" in html  # no weeks, no rows


def test_everything_in_the_table_is_escaped():
    html = _render(table.build("<b>c</b>", "<i>", ["<s>"], [("<u>", ["<script>"])], text=str))
    assert "<b>" not in html and "<i>" not in html and "<s>" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html and "&lt;u&gt;" in html


def test_a_chart_without_data_shows_the_empty_state_and_no_table():
    empty = Chart(title="t", svg="<svg></svg>", table=table.build("t", "w", [], []), has_data=False)
    html = render_to_string("charts/_chart.html", {"chart": empty})
    assert "<p>Not enough data yet.</p>" in html and "<table" not in html and "<svg" not in html
    with translation.override("es"):
        assert "Todavía no hay suficientes datos." in render_to_string("charts/_chart.html", {"chart": empty})
    own = Chart(title="t", svg="", table=empty.table, has_data=False, empty="Nothing <yet>.")
    assert "<p>Nothing &lt;yet&gt;.</p>" in render_to_string("charts/_empty.html", {"chart": own})


def test_a_chart_with_data_shows_the_figure_beside_its_table():
    chart = Chart(
        title="t",
        svg='<svg role="img"></svg>',
        table=table.build("t", "w", ["v"], [("a", [1])]),
        has_data=True,
    )
    html = render_to_string("charts/_chart.html", {"chart": chart})
    assert '<div class="chart-and-table">' in html
    assert '<figure class="chart"><svg role="img"></svg></figure>' in html
    assert html.index("<figure") < html.index("<table")


def test_no_chart_module_builds_html_for_a_table_or_marks_strings_safe():
    for path in CHARTS.glob("*.py"):
        source = path.read_text()
        names = {
            n.id if isinstance(n, ast.Name) else n.attr
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.Name | ast.Attribute)
        }
        assert "mark_safe" not in names, path
        assert "<tr" not in source and "<td" not in source, path
