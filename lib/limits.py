"""Input limits shared by the API schemas, the forms and the middleware.

Each form and schema field keeps its own, tighter limit; these are the backstops that
hold for every value, so a field added without one is still bounded. A NUL character is
refused everywhere: no text a person writes has one, and PostgreSQL cannot store it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The longest free text Mend keeps is a part of a reach-out plan (4,000 characters).
TEXT_MAX = 4000
# More than any circle's members, any vocabulary's words or any checklist's items.
ITEMS_MAX = 100
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def has_nul(value) -> bool:
    """Whether a NUL character is anywhere in a value parsed from JSON or a form (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple, set)):
        return any(has_nul(item) for item in value)
    return False


def nul_message() -> str:
    return _("Please remove the null character from what you wrote; Mend can’t save it.")


def date_message() -> str:
    return _("Please choose a date between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_YEAR,
        "latest": LATEST_YEAR,
    }


def is_sensible_date(value: date | datetime) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def check_sensible_date(value: date | datetime | None) -> None:
    """A form field validator: dates far from now are typing slips (or probes), and
    the schedule arithmetic on year 9999 would overflow."""
    if value is not None and not is_sensible_date(value):
        raise ValidationError(date_message(), code="date_out_of_range")
