"""gunicorn reads this file from the directory it starts in (see docs/operators.md).

It tells Mend how many worker processes it is about to start, so a cache that each
process would keep for itself (rate-limit counters counted N times) stops start-up before
any worker serves a request.
"""

import os


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from accounts.checks import per_process_counters, processes_from_environment

    processes = max(server.cfg.workers, processes_from_environment())
    # Workers are forked from here and inherit it; mend/wsgi.py checks again in each.
    os.environ["MEND_PROCESSES"] = str(processes)
    reason = per_process_counters(settings.CACHES, processes)
    if reason:
        raise ImproperlyConfigured(reason)
