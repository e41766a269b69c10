"""Periodic jobs: thin wrappers around idempotent functions in ledger.logic."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ledger import logic


@db_periodic_task(crontab(minute="*/5"))
def lay_out_occurrences():
    return logic.lay_out_all()


@db_periodic_task(crontab(minute="*/5"))
def remind_before_due():
    return logic.send_reminders()


@db_periodic_task(crontab(minute="*/15"))
def mark_missed_after_grace():
    return logic.mark_missed()
