"""Periodic jobs: thin wrappers around idempotent functions in notifications.logic."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from notifications import logic


@db_periodic_task(crontab(minute="*"))
def deliver_notification_emails():
    """Every minute, so an email follows its notification (or the end of quiet hours) soon."""
    return logic.deliver_due_emails()
