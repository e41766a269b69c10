"""The shared frame: responsive, accessible, CSP-safe SVG; one palette; one legend."""

from __future__ import annotations

from datetime import date, timedelta

from charts import legend, palette
from charts.base import Series
from charts.frame import Plot, line_svg, month_starts, spread, thin
from charts.tests.helpers import NS, parse, texts

DAYS = [date(2025, 1, 6) + timedelta(weeks=i) for i in range(8)]


def draw(series, **kwargs) -> str:
    kwargs = {
        "title": "Feelings by week",
        "desc": "Average strength per week.",
        "ident": "feelings",
        "low": 1,
        "high": 5,
        "ticks": [1, 2, 3, 4, 5],
        "x_labels": lambda _plot: spread(DAYS, lambda d: d.strftime("%d %b")),
        "tip": lambda s, when, value: f"{s.label}, {when}: {value}",
        **kwargs,
    }
    return line_svg(series, **kwargs)


def line(label, *values):
    return Series(label, list(zip(DAYS, values, strict=False)))


def test_the_svg_fills_its_column_and_keeps_its_proportions():
    root = parse(draw([line("Calm", 3, 4)]))
    assert root.get("width") == "100%"
    assert root.get("height") is None  # the viewBox's ratio decides, so a phone never scrolls sideways
    assert root.get("viewBox").startswith("0 0 640 ")


def test_the_svg_is_an_image_named_by_its_title_and_description():
    root = parse(draw([line("Calm", 3, 4)]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "feelings-title feelings-desc"
    assert root.find("svg:title", NS).get("id") == "feelings-title"
    assert root.find("svg:desc", NS).text == "Average strength per week."


def test_no_scripts_styles_or_references():
    svg = draw([line("<script>", 3, None, 4)], title="<style>")
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg and "href" not in svg


def test_each_series_has_its_own_colour_and_dash():
    svg = parse(draw([line(f"s{i}", 3, 4) for i in range(3)]))
    strokes = {(p.get("stroke"), p.get("stroke-dasharray")) for p in svg.findall("svg:polyline", NS)}
    assert len(strokes) == 3
    assert ("#2f6f62", None) in strokes


def test_the_palette_repeats_after_its_last_colour_and_every_pair_differs():
    assert palette.series_style(len(palette.SERIES)) == palette.series_style(0)
    assert len(set(palette.SERIES)) == len(palette.SERIES)


def test_the_legend_names_every_series_and_wraps_instead_of_running_off():
    names = [f"Someone with a long name {i}" for i in range(7)]
    root = parse(draw([line(name, 3, 4) for name in names], legend=True))
    assert set(names) <= set(texts(draw([line(name, 3, 4) for name in names], legend=True)))
    legend_texts = [t for t in root.findall("svg:text", NS) if t.text in names]
    assert all(float(t.get("x")) < 640 - 28 for t in legend_texts)
    assert len({t.get("y") for t in legend_texts}) > 1  # more than one row
    one_row = parse(draw([line("Calm", 3, 4)], legend=True))
    assert float(root.get("viewBox").split()[3]) > float(one_row.get("viewBox").split()[3])


def test_no_legend_unless_asked():
    assert "Calm" not in texts(draw([line("Calm", 3, 4)]))


def test_legend_layout_without_labels_needs_no_room():
    assert legend.height([], 40, 612) == 0
    assert legend.legend([], left=40, right=612, top=240) == []


def test_no_data_draws_only_the_title_and_description():
    for series in ([], [line("Calm")], [line("Calm", None, None)]):
        root = parse(draw(series, legend=True))
        assert [child.tag.split("}")[1] for child in root] == ["title", "desc"]


def test_values_outside_the_scale_stay_inside_the_plot():
    plot = Plot(left=40, right=612, top=12, bottom=208, first=0.0, last=1.0, low=1, high=5)
    assert plot.y(99) == 12 and plot.y(-3) == 208


def test_spread_labels_about_six_instants_from_the_first():
    labelled = spread(DAYS * 2 + [date(2025, 3, 31)] * 3, str)
    assert labelled[0] == (DAYS[0], "2025-01-06")
    assert 4 <= len(labelled) <= 9
    assert spread([], str) == []


def test_month_starts_and_thinning():
    first, last = date(2025, 1, 15).toordinal(), date(2025, 4, 2).toordinal()
    plot = Plot(left=40, right=612, top=12, bottom=208, first=float(first), last=float(last), low=0, high=100)
    assert month_starts(plot) == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]
    assert thin(list(range(30)), plot, 80) == list(range(0, 30, 5))  # room for 7 labels
    assert thin([], plot, 80) == []
