"""Periodic job: a thin wrapper around audit.retention.sweep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from audit import retention


@db_periodic_task(crontab(minute="23", hour="3"))
def forget_old_client_data():
    return retention.sweep()
