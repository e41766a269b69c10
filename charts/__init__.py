"""Mend's charts: server-side SVG with the same numbers in a table beside each one.

- `frame`: the shared SVG frame (sizing, viewBox, title and description, grid, lines)
- `palette`, `legend`: the one set of colours and dashes, and the one legend
- `table`: the data table as plain data, rendered by `templates/charts/_table.html`
- `base`: `Series` in, `Chart` out, and the one empty state ("Not enough data yet.")
- one module per chart: `trust_line`, `weekly_trends`, `repair_months`

Each chart is a function of plain data; the view gathers the numbers and passes the
`Chart` to `templates/charts/_chart.html`.
"""
