"""Small readers of a chart's SVG, shared by the chart tests of this package."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from charts.frame import SVG_NS

NS = {"svg": SVG_NS}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted XML)


def texts(svg: str) -> list[str]:
    return [t.text for t in parse(svg).findall("svg:text", NS)]


def tips(svg: str) -> list[str]:
    return [c.find("svg:title", NS).text for c in parse(svg).findall("svg:circle", NS)]


def cells(table) -> list[list[str]]:
    """The table as rows of text: the row's label first."""
    return [[row.label, *row.cells] for row in table.rows]
