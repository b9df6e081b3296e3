"""Numbers and amounts in each language come from CLDR (Babel): grouping, currency symbols and compact forms."""

from decimal import Decimal

import pytest
from django.utils import translation

from adoption import display


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["€1,234.50", "NT$1.3M", "CN¥350M", "€1,234", "-€80,000"]),
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


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_halves_round_up_in_full_and_compact_figures(language):
    with translation.override(language):
        assert display.money(Decimal("1234.5"), "EUR") == "€1,235"
        assert display.number(Decimal("2.5")) == "3"
        assert display.number(Decimal("0.125"), 2) == "0.13"
        assert display.percent(Decimal("0.125")) == "13%"
        assert display.money(Decimal("-1234.5"), "EUR") == "-€1,235"
    with translation.override("en"):
        assert display.money_short(1_250_000, "EUR") == "€1.3M"
        assert display.money_short(1_150_000, "EUR") == "€1.2M"
    with translation.override("zh-hant"):
        assert display.money_short(Decimal("1255000"), "EUR") == "€125.5萬"
        assert display.money_short(Decimal("125000000"), "EUR") == "€1.3億"


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_currency_written_in_letters_stands_apart_from_its_digits(language):
    with translation.override(language):
        assert display.money(1250, "CHF") == "CHF\u00a01,250"
        assert display.money(-1250, "CHF") == "-CHF\u00a01,250"
        assert display.money_short(1_250_000, "CHF").startswith("CHF\u00a0")
        assert display.money(1250, "EUR") == "€1,250"


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en"), ("zh-hant", "zh_Hant_TW"), ("zh-hans", "zh_Hans_CN"), ("zh-hant-tw", "zh_Hant_TW"), ("fr", "en")],
)
def test_each_language_has_its_cldr_locale(language, locale):
    assert display.cldr_locale(language) == locale
    with translation.override(language):
        assert display.cldr_locale() == locale
