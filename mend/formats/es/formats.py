"""Spanish: "7 de diciembre de 2026", "7 de diciembre de 2026, 19:00" (Django's own for the rest)."""

from django.conf.locale.es.formats import *  # noqa: F403

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
# Spanish writes days and months in lower case: "b" gives "dic", where "M" would give "Dic".
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
TIME_FORMAT = "H:i"
# Mend's own named formats, as in ../en/formats.py.
WEEKDAY_DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
DAY_TIME_FORMAT = r"l j \d\e F, H:i"
SHORT_MONTH_DAY_FORMAT = "j b"
SHORT_YEAR_MONTH_FORMAT = "b Y"
# ISO first: what a date input shows (Django's Spanish list starts with 07/12/2026, which
# <input type="date"> refuses, so the field arrived empty).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
