"""Periodic jobs: thin wrappers around idempotent functions in checkins.logic."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from checkins import logic


@db_periodic_task(crontab(minute="*"))
def remind_to_return_after_a_pause():
    return logic.remind_to_return()


@db_periodic_task(crontab(minute="*/5"))
def remind_to_check_in():
    return logic.remind_to_check_in()
