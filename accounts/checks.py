"""Start-up check: rate-limit counters are shared by every process that serves Mend.

allauth keeps its counters (login attempts, code requests) and the two-step codes already
used in Django's cache. With a cache that lives inside one process, three processes each
count on their own and together allow three times every limit; a code used on one could be
used again on another. django-axes' lockout itself is counted in the database.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "mend_counters"

# Caches that every process (and every machine) reaches: the database and Redis, or
# memcached. A file cache is neither shared between machines nor safe for allauth's locks.
SHARED_CACHES = {
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


def processes_from_environment() -> int:
    """How many processes the deployment says serve Mend: MEND_PROCESSES or WEB_CONCURRENCY."""
    counts = []
    for name in ("MEND_PROCESSES", "WEB_CONCURRENCY"):
        raw = os.environ.get(name, "").strip() or "1"
        try:
            counts.append(int(raw))
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error
    return max(counts)


def per_process_counters(caches: dict, processes: int) -> str | None:
    """Why the counters would not be shared by `processes` processes, or None when they are."""
    backend = caches.get("default", {}).get("BACKEND", "")
    if processes <= 1 or backend in SHARED_CACHES:
        return None
    return (
        f"Mend is set to run {processes} processes, but its cache ({backend.rsplit('.', 1)[-1]}) "
        "is not shared between processes, so each would keep its own login and rate-limit counts."
    )


@checks.register(TAG)
def check_shared_counters(app_configs=None, **kwargs):
    reason = per_process_counters(settings.CACHES, settings.MEND_PROCESSES)
    if reason is None:
        return []
    return [
        checks.Error(
            reason,
            hint="Leave CACHES at Mend's default (a table in the database) or set REDIS_URL, "
            "or run one process (MEND_PROCESSES=1). See docs/operators.md.",
            id="mend.E004",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """Links in mail (confirming an address, a new password) are built from MEND_SITE_URL,
    never from the Host header a request brought; without it they cannot open."""
    if settings.SITE_URL_CONFIGURED:
        return []
    return [
        checks.Warning(
            f"MEND_SITE_URL is not set, so links in mail point at {settings.SITE_URL}.",
            hint="Set MEND_SITE_URL to the address people open Mend at, e.g. https://mend.example.org.",
            id="mend.W005",
        )
    ]
