"""English: "7 December 2026", "7 December 2026, 19:00" (Django's own for the rest)."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
# Mend's own named formats (the same names exist for every language; Django finds them in
# these modules: `|date:"DAY_TIME_FORMAT"`, date_format(d, "SHORT_YEAR_MONTH_FORMAT")).
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # a moment that matters: a promise's due time
DAY_TIME_FORMAT = "l j F, H:i"  # a recent day in a list: check-ins, promises due
SHORT_MONTH_DAY_FORMAT = "j M"  # a week on a chart's axis
SHORT_YEAR_MONTH_FORMAT = "M Y"  # a month on a chart's axis
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
