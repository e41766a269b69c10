"""Helpers for ledger tests: make a promise with a simple rule."""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone

from ledger import logic
from ledger.rules.schedule import Rule


def rule(frequency="daily", *, at=time(19, 0), tz="UTC", starts_on: date | None = None, **extra) -> Rule:
    return Rule(frequency, at, tz, starts_on or timezone.now().date(), **extra)


def new_promise(author, to=(), *, audience="circle", what="Call Mum", **rule_args):
    return logic.make_promise(author, what, recipients=list(to), rule=rule(**rule_args), audience=audience)
