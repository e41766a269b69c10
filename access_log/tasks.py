"""Periodic job: a thin wrapper around access_log.retention.sweep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from access_log import retention


@db_periodic_task(crontab(minute="37", hour="3"))
def forget_old_access_records():
    return retention.sweep()
