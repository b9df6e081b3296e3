"""Django's formats for this language, with amounts grouped by thousands and a comma (NT$1,234,567)."""

from django.conf.locale.zh_Hant.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
