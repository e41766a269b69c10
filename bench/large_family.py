"""The "large family": 8 members and years of daily history, for query-count tests and benchmarks.

    build_large_family(5)   # in a test or a shell: returns the circle, members and counts
    python -m bench.large_family --years 5   # into the configured database, with timings

Each kind of entry has a writer named in KINDS: a function taking the `bench.family.Family`
(circle, members by key, start/today, a seeded `random.Random`) and returning counts.
To generate a new kind (check-ins, time-outs …), write such a function in its own module
and add its dotted path to KINDS; `build_large_family(years, kinds=["check_ins"])` then
builds only that kind. The same seed and `now` give the same history. Writers are named
rather than imported so this module can be run before Django is set up.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterable
from datetime import datetime

# kind → "module.function" writing it (see the module docstring).
KINDS: dict[str, str] = {
    "ledger": "bench.ledger_history.write",
    "small_moments": "bench.everyday.write_moments",
    "appreciations": "bench.everyday.write_appreciations",
    "check_ins": "bench.checkins.write",
}


def build_large_family(
    years: int, *, seed: int = 0, kinds: Iterable[str] | None = None, now: datetime | None = None
) -> dict:
    """Create a circle of 8 with `years` of history ending today, in one transaction.

    Returns {"circle", "members" (key → Member), "recovery" (the person in recovery),
    "start", "today", "counts"}.
    """
    from django.db import transaction
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from bench.family import RECOVERY, make_people

    with transaction.atomic():
        family = make_people(years, seed, now or timezone.now())
        for kind in kinds if kinds is not None else KINDS:
            family.add(import_string(KINDS[kind])(family))
    return {
        "circle": family.circle,
        "members": family.members,
        "recovery": family.members[RECOVERY],
        "start": family.start,
        "today": family.today,
        "counts": family.counts,
    }


def print_counts(counts: dict[str, int]) -> None:
    """The counts, tables first and then outcomes, one per line."""
    for name in sorted(counts, key=lambda n: (n.startswith("outcome"), n)):
        print(f"  {name:<24}{counts[name]:>8}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the large family in the configured database.")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--kind", action="append", choices=sorted(KINDS), help="only these kinds (repeatable)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
    import django

    django.setup()
    started = time.perf_counter()
    family = build_large_family(args.years, seed=args.seed, kinds=args.kind)
    print(f"Built {family['circle'].name} in {time.perf_counter() - started:.1f} s")
    print(f"History {family['start']} … {family['today']}; sign in as {family['recovery'].user.email}")
    print_counts(family["counts"])


if __name__ == "__main__":
    main()
