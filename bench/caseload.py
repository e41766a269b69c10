"""The caseload page with 1,000 circles: server time per request, p50/p95/p99.

    nice -n 10 .venv/bin/python -m bench.caseload --circles 1000 --requests 200

Builds (in a fresh PostgreSQL database, `test_workspace` on 127.0.0.1 by default; set
BENCH_POSTGRES_URL to change it) one professional in 1,000 circles, each with two
members who consent to check-ins, repair and promises at the trends level, and a few
weeks of shared history; then times `client.get("/w/")` (middleware, view, queries,
template and the access-log INSERT, no network). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from datetime import timedelta

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test_workspace"


def build(circles: int, seed: int = 0):
    from checkins.models import CheckIn
    from circles.audience.models import Audience
    from circles.models import Circle, Consent, ConsentScope, Member
    from ledger.models import Occurrence, Promise
    from repair.models import Rupture
    from tests.support import give_totp, make_user

    rng = random.Random(seed)
    from django.utils import timezone

    now = timezone.now()
    pro_user = make_user(f"pat{seed}")
    give_totp(pro_user)
    family = [make_user(f"sam{seed}"), make_user(f"alex{seed}")]
    shared = {"audience": Audience.CIRCLE, "professional_may_see": True}
    made = Circle.objects.bulk_create(
        [Circle(name=f"Family {rng.randint(0, 10**6)}") for _ in range(circles)]
    )
    members, pros = [], []
    for circle in made:
        pros.append(
            Member(
                circle=circle,
                user=pro_user,
                role=Member.Role.PROFESSIONAL,
                joined_at=now - timedelta(days=120),
            )
        )
        for user in family:
            members.append(
                Member(circle=circle, user=user, role=Member.Role.PARENT, joined_at=now - timedelta(days=120))
            )
    Member.objects.bulk_create(pros + members)
    pro_of = {p.circle_id: p for p in pros}
    consents = [
        Consent(
            member=m,
            recipient_names="Pat",
            purposes=["treatment"],
            data_from=now - timedelta(days=100),
            expires_at=now + timedelta(days=60),
            text_version="1",
            language="en",
            text_sha256="0" * 64,
            reauthenticated_at=now,
        )
        for m in members
    ]
    Consent.objects.bulk_create(consents)
    Consent.recipients.through.objects.bulk_create(
        [
            Consent.recipients.through(consent_id=c.pk, member_id=pro_of[c.member.circle_id].pk)
            for c in consents
        ]
    )
    ConsentScope.objects.bulk_create(
        [
            ConsentScope(consent=c, category=cat, level="trends")
            for c in consents
            for cat in ("checkins", "repair", "promises")
        ]
    )
    checkins, ruptures, promises, occurrences = [], [], [], []
    for m in members:
        for d in range(0, 56, 4):
            checkins.append(
                CheckIn(
                    circle_id=m.circle_id,
                    author=m,
                    state="settled",
                    created_at=now - timedelta(days=d, hours=rng.random()),
                    **shared,
                )
            )
        for d in (5, 20, 40):
            r = Rupture(
                circle_id=m.circle_id,
                author=m,
                what="x",
                happened_at=now - timedelta(days=d),
                created_at=now - timedelta(days=d),
                **shared,
            )
            if d > 5:
                r.status, r.repaired_at = (
                    Rupture.Status.REPAIRED,
                    r.created_at + timedelta(hours=rng.randint(1, 72)),
                )
            ruptures.append(r)
        p = Promise(
            circle_id=m.circle_id,
            author=m,
            what="Call",
            to_circle=True,
            created_at=now - timedelta(days=90),
            **shared,
        )
        promises.append(p)
        for d in range(1, 60, 3):
            day = now - timedelta(days=d)
            occurrences.append(
                Occurrence(
                    promise=p,
                    circle_id=m.circle_id,
                    due_at=day,
                    due_date=day.date(),
                    opens_on=day.date(),
                    outcome=rng.choice(["kept", "kept_confirmed", "missed"]),
                )
            )
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    Rupture.objects.bulk_create(ruptures, batch_size=2000)
    Promise.objects.bulk_create(promises, batch_size=2000)
    Occurrence.objects.bulk_create(occurrences, batch_size=2000)
    return pro_user


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--circles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["MEND_DEBUG"] = "false"
    os.environ["MEND_ALLOWED_HOSTS"] = "testserver"
    from bench.pages import prepare_database

    prepare_database("postgres", url, reuse=False)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    user = build(args.circles)
    print(f"Built {args.circles} circles in {time.perf_counter() - started:.1f} s")
    # A database in use has its planner statistics (autovacuum keeps them); right after a
    # bulk load it has none, and PostgreSQL then plans the consent joins badly.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    for _ in range(5):
        assert client.get("/w/", secure=True).status_code == 200
    # As mend/wsgi.py does at start-up: what exists after warming up is never collected.
    gc.collect()
    gc.freeze()
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)
    ):
        client.get("/w/", secure=True)
    times, cpu = [], []
    load = os.getloadavg()[0]
    for _ in range(args.requests):
        t, c = time.perf_counter(), time.process_time()
        client.get("/w/", secure=True)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    q = statistics.quantiles(times, n=100)
    print(
        f"caseload /w/ ({connection.vendor}, {args.circles} circles, {args.requests} requests, {len(statements)} statements)"
    )
    print(
        f"p50 {q[49]:.1f} ms  p95 {q[94]:.1f} ms  p99 {q[98]:.1f} ms  max {max(times):.1f} ms  (target p95 <= 100 ms)"
    )
    print(
        f"CPU of this process p50 {statistics.median(cpu):.1f} ms; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after"
    )


if __name__ == "__main__":
    main()
