"""Warm, shame-free words for what the ledger shows ("3 of the last 4 Sundays")."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ledger.models import Frequency, Outcome

KEPT_LIKE = {Outcome.KEPT, Outcome.KEPT_CONFIRMED, Outcome.RENEGOTIATED}


def _weekday_plural(day: int) -> str:
    names = [
        _("Mondays"),
        _("Tuesdays"),
        _("Wednesdays"),
        _("Thursdays"),
        _("Fridays"),
        _("Saturdays"),
        _("Sundays"),
    ]
    return names[day]


def record_phrase(answers: list[tuple[str, object]], schedule) -> str:
    """How the last few went, counting what was kept or changed ahead as kept."""
    if not answers:
        return _("Nothing to look back on yet.")
    kept = sum(1 for outcome, _day in answers if outcome in KEPT_LIKE)
    total = len(answers)
    if schedule is not None and schedule.frequency == Frequency.WEEKDAYS and len(schedule.weekdays) == 1:
        return _("%(kept)s of the last %(total)s %(days)s") % {
            "kept": kept,
            "total": total,
            "days": _weekday_plural(schedule.weekdays[0]),
        }
    return ngettext("%(kept)s of the last %(total)s time", "%(kept)s of the last %(total)s times", total) % {
        "kept": kept,
        "total": total,
    }


def schedule_phrase(schedule) -> str:
    """The schedule in a sentence: "Every day by 19:00", "On Sundays by 19:00"."""
    if schedule is None:
        return ""
    at = schedule.due_time.strftime("%H:%M")
    if schedule.frequency == Frequency.ONCE:
        return _("Once, on %(day)s by %(time)s") % {"day": date_format(schedule.starts_on), "time": at}
    if schedule.frequency == Frequency.DAILY:
        return _("Every day by %(time)s") % {"time": at}
    if schedule.frequency == Frequency.WEEKDAYS:
        days = ", ".join(_weekday_plural(d) for d in schedule.weekdays)
        return _("On %(days)s by %(time)s") % {"days": days, "time": at}
    return ngettext(
        "%(n)s time a week, by Sunday %(time)s",
        "%(n)s times a week, by Sunday %(time)s",
        schedule.times_per_week or 1,
    ) % {"n": schedule.times_per_week or 1, "time": at}
