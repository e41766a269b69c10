"""Benchmarks and the large-family data generator (not part of the app, not run by `make test`).

- `bench.large_family`: builds a circle of 8 with years of history (`python -m bench.large_family`).
- `bench.pages`: renders the busiest pages against it and prints p50/p95 (`python -m bench.pages`).

See docs/performance.md for the commands and the numbers.
"""
