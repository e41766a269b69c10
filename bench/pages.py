"""Server-side render time of the busiest pages and the trend pages over the 5-year large family.

    .venv/bin/python -m bench.pages --db sqlite   [--requests 200] [--reuse]
    .venv/bin/python -m bench.pages --db postgres [--requests 200] [--reuse]
    [--no-gc-freeze] [--ledger-only: only the ledger, relationship and circle home pages]

SQLite uses a fresh file, var/bench.sqlite3; PostgreSQL a fresh database, mend_bench, on
127.0.0.1:5432 as user postgres (override with BENCH_POSTGRES_URL). Both are migrated and
filled by `bench.large_family`, unless --reuse finds a family built before. Settings are
the test settings (fixed test keys) with DEBUG off, as in production. Each page is
requested through Django's test Client as the person in recovery (who sees the most);
the time is `time.perf_counter()` around `client.get`, so it covers middleware, view,
queries and template, but no network and no connection setup (the Client keeps the
connection open, as MEND_DB_CONN_MAX_AGE > 0 would).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SQLITE_PATH = BASE_DIR / "var" / "bench.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/mend_bench"
TARGET_P95_MS = 50.0
WARM_UP = 5

# (label, url name, the other member for a relationship page)
PAGES = (
    ("ledger (ledger:mine)", "ledger:mine", None),
    ("relationship, partner", "ledger:relationship", "alex"),
    ("relationship, parent", "ledger:relationship", "maria"),
    ("circle home (circles:home)", "circles:home", None),
)
# (label, whose trends (None: my own), span in weeks), all at checkins:trends
TREND_PAGES = (
    ("trends, mine, 26 weeks", None, 26),
    ("trends, mine, 52 weeks", None, 52),
    ("trends, partner's, 26 weeks", "alex", 26),
)


def configure(db: str) -> str:
    """Environment for Django, before it is set up. Returns the database URL."""
    url = f"sqlite:///{SQLITE_PATH}" if db == "sqlite" else os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["MEND_DEBUG"] = "false"
    os.environ["MEND_ALLOWED_HOSTS"] = "testserver"
    return url


def prepare_database(db: str, url: str, reuse: bool) -> None:
    """Drop what a previous run left (unless reusing it), so schema and data are both new."""
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        if not exists or not reuse:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def family_for(years: int, seed: int, reuse: bool) -> dict:
    """The family to measure: the last one built for `years` (with --reuse), or a new one."""
    from django.core.management import call_command

    from bench.large_family import build_large_family, print_counts
    from checkins.models import CheckIn
    from circles.models import Circle, Member

    call_command("migrate", verbosity=0)
    # Circle names are sealed: compared here, not in SQL.
    label = f"The Ortega family (bench: {years} y"
    circle = next((c for c in Circle.objects.order_by("-created_at") if c.name.startswith(label)), None)
    if reuse and circle is not None:
        members = {
            m.user.email.split(".", 1)[0]: m
            for m in Member.objects.filter(circle=circle).select_related("user")
        }
        if not CheckIn.objects.filter(circle=circle).exists():
            raise SystemExit(f"{circle.name} was built without check-ins: run without --reuse")
        print(f"Reusing {circle.name}")
        return {"circle": circle, "members": members, "recovery": members["sam"]}
    started = time.perf_counter()
    family = build_large_family(years, seed=seed)
    print(f"Built {family['circle'].name} in {time.perf_counter() - started:.1f} s:")
    print_counts(family["counts"])
    analyze()
    return family


def analyze() -> None:
    """Give PostgreSQL's planner statistics, as autovacuum does within a minute of a bulk load.

    SQLite is left without them (no sqlite_stat1), as Django leaves every SQLite database.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, urls: dict[str, str], requests: int, freeze: bool = False) -> list[tuple[str, dict]]:
    """Per page: timings (ms) of `requests` GETs, its query count and its size.

    The pages take turns, request by request, so a burst of load from elsewhere on the
    machine falls on all of them alike rather than on whichever page ran then. With
    `freeze`, what exists after the warm-up is moved out of the garbage collector's way
    (`gc.freeze()`), as a server can do once it has started.
    """
    counts, sizes = {}, {}
    for label, url in urls.items():
        for _ in range(WARM_UP):
            _get(client, url)
        counts[label], sizes[label] = _count_queries(client, url)
    if freeze:
        gc.collect()
        gc.freeze()
    timings: dict[str, list[float]] = {label: [] for label in urls}
    cpu: dict[str, list[float]] = {label: [] for label in urls}
    for _ in range(requests):
        for label, url in urls.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            _get(client, url)
            timings[label].append((time.perf_counter() - started) * 1000)
            cpu[label].append((time.process_time() - cpu_started) * 1000)
    return [(label, _summary(timings[label], cpu[label], counts[label], sizes[label])) for label in urls]


def _count_queries(client, url: str) -> tuple[int, int]:
    """The SQL queries one request issues, and the page's size in bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        size = len(_get(client, url).content)
    return len(queries), size  # len() now: the next request clears the log it reads


def _summary(timings: list[float], cpu: list[float], queries: int, size: int) -> dict:
    percentiles = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "p50": statistics.median(timings),
        "p95": percentiles[94],
        "max": max(timings),
        "cpu": statistics.median(cpu),
        "queries": queries,
        "kb": size / 1024,
    }


def _get(client, url: str):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def run(args) -> list[tuple[str, dict]]:
    """Measure every page as the person in recovery; return (label, numbers) rows."""
    from django.test import Client
    from django.urls import reverse

    family = family_for(args.years, args.seed, args.reuse)
    client = Client()
    client.force_login(family["recovery"].user)
    urls = {}
    for label, name, other in PAGES:
        extra = [family["members"][other].pk] if other else []
        urls[label] = reverse(name, args=[family["circle"].pk, *extra])
    for label, who, span in TREND_PAGES if not args.ledger_only else ():
        query = f"?who={family['members'][who].pk}&span={span}" if who else f"?span={span}"
        urls[label] = reverse("checkins:trends", args=[family["circle"].pk]) + query
    return measure(client, urls, args.requests, freeze=args.gc_freeze)


COLUMNS = (("p50", "p50"), ("p95", "p95"), ("max", "max"), ("cpu", "CPU p50"))


def print_table(args, rows, load: tuple[float, float]) -> None:
    """A Markdown table, ready for docs/performance.md."""
    from django.db import connection

    freeze = ", gc.freeze() after warm-up" if args.gc_freeze else ""
    print(f"\n{args.db} ({connection.vendor}): {args.requests} requests per page{freeze}, times in ms")
    print(f"load average (1 min) before {load[0]:.2f}, after {load[1]:.2f}; CPU = this process only")
    print(f"machine: {os.cpu_count()} CPUs, {speed():.1f} µs for sum(range(1000)) (a yardstick)\n")
    head = " | ".join(f"{title:>7}" for _, title in COLUMNS)
    print(f"| {'page':<28} | {head} | queries |    KB | p95 < {TARGET_P95_MS:.0f} |")
    print(f"|{'-' * 30}|" + "|".join("-" * 9 for _ in COLUMNS) + f"|{'-' * 9}|{'-' * 7}|{'-' * 10}|")
    for label, r in rows:
        cells = " | ".join(f"{r[key]:>7.1f}" for key, _ in COLUMNS)
        met = "yes" if r["p95"] < TARGET_P95_MS else "no"
        print(f"| {label:<28} | {cells} | {r['queries']:>7} | {r['kb']:>5.0f} | {met:>8} |")


def speed() -> float:
    """Microseconds a small pure-Python loop takes here, best of five."""
    import timeit

    return min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="p50/p95 server-side render time of the busiest pages.")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database and the family built last time"
    )
    parser.add_argument(
        "--gc-freeze",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="gc.freeze() after the warm-up, as mend/wsgi.py does at start-up (the default; see docs)",
    )
    parser.add_argument(
        "--ledger-only", action="store_true", help="only the ledger, relationship and circle home pages"
    )
    args = parser.parse_args(argv)
    url = configure(args.db)
    prepare_database(args.db, url, args.reuse)
    import django

    django.setup()
    before = os.getloadavg()[0]
    rows = run(args)
    print_table(args, rows, (before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
