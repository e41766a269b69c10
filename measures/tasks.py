"""Periodic jobs: thin wrappers around idempotent functions in measures.logic."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from measures import logic


@db_periodic_task(crontab(minute="*/15"))
def remind_measures_due():
    return logic.remind_due()
