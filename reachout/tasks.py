"""Periodic job: a thin wrapper around an idempotent function in reachout.logic."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from reachout import logic


@db_periodic_task(crontab(minute="7"))
def remind_plan_reviews():
    return logic.send_review_reminders()
