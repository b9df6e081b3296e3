"""Numbers and amounts in each language come from CLDR (Babel): grouping, currency symbols and compact forms."""

from decimal import Decimal

import pytest
from django.utils import translation

from adoption import display


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["€1,234.50", "NT$1.2M", "CN¥350M", "€1,234", "-€80,000"]),
        ("zh-hant", ["€1,234.50", "$125萬", "CN¥3.5億", "€1,234", "-€80,000"]),
        ("zh-hans", ["€1,234.50", "NT$125万", "¥3.5亿", "€1,234", "-€80,000"]),
    ],
)
def test_amounts_read_as_each_locale_writes_them(language, expected):
    with translation.override(language):
        assert [
            display.money(Decimal("1234.5"), "EUR", decimals=2),
            display.money_short(1_250_000, "TWD"),
            display.money_short(Decimal("350000000"), "CNY"),
            display.money(Decimal("1234.4"), "EUR"),
            display.money(-80000, "EUR"),
        ] == expected


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_numbers_are_grouped_by_thousands(language):
    with translation.override(language):
        assert display.number(Decimal("1234567.891"), 2) == "1,234,567.89"
        assert display.quantity(Decimal("14.0000")) == "14"
        assert display.quantity(Decimal("0.8600")) == "0.86"
        assert display.number(None) == display.DASH


def test_the_reporting_currency_is_the_default(settings):
    settings.REPORTING_CURRENCY = "TWD"
    with translation.override("zh-hant"):
        assert display.money(1500) == "$1,500"
    with translation.override("en"):
        assert display.money(1500) == "NT$1,500"
