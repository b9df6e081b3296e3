"""Django's formats for English, with one way of writing a date everywhere: day, abbreviated month, year
("5 Dec 2026"), unambiguous for readers on either side of the Atlantic; times on the 24-hour clock."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j M"
