"""adoption.roi: the derived figures, to the cent, with their rounding and the cases where they do not exist."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from adoption import roi
from tests.factories.adoption import roi_values

D = Decimal


def version(**overrides):
    return SimpleNamespace(**roi_values(**overrides))


def test_the_worked_example():
    figures = roi.roi_figures(version())
    assert figures.annual_benefit == D("250000.00")  # 120000 + 30000 + 0 + 2000 h × 50
    assert figures.annual_run_cost == D("40000.00")
    assert figures.one_off_cost == D("60000.00")
    assert figures.net_annual_value == D("210000.00")
    assert figures.first_year_roi == D("1.5000")  # (250000 − 40000 − 60000) ÷ (60000 + 40000)
    assert figures.payback_months == D("3.4")  # 60000 ÷ (210000 ÷ 12) = 3.43
    assert (figures.net_low, figures.net_high) == (D("157500.00"), D("262500.00"))  # medium: ±25%
    assert figures.reporting_net_annual_value == D("210000.00")


def test_no_payback_when_the_net_value_is_not_positive():
    losing = roi.roi_figures(version(benefit_cash_saving=D("0"), benefit_cost_avoidance=D("0"), productivity_hours=0))
    assert losing.annual_benefit == D("0.00")
    assert losing.net_annual_value == D("-40000.00")
    assert losing.payback_months is None
    assert losing.first_year_roi == D("-1.0000")  # (0 − 40000 − 60000) ÷ 100000
    assert roi.payback_months(one_off=D("60000"), net=D("0")) is None


def test_payback_is_zero_without_one_off_cost_and_roi_undefined_without_any_cost():
    assert roi.payback_months(one_off=D("0"), net=D("1000")) == D("0.0")
    assert roi.first_year_roi(benefit=D("1000"), run_cost=D("0"), one_off=D("0")) is None


def test_rounding_is_explicit_and_half_up():
    # 1050 ÷ (12000 ÷ 12) = 1.05 months: half-up gives 1.1 where banker's rounding would give 1.0.
    assert roi.payback_months(one_off=D("1050"), net=D("12000")) == D("1.1")
    # 1234.5 h × 33.33 = 41145.885 → 41145.89.
    assert roi.annual_benefit(
        cash_saving=0, cost_avoidance=0, revenue=0, productivity_hours=D("1234.5"), hourly_rate=D("33.33")
    ) == D("41145.89")
    # (140000 − 0 − 105000) ÷ 105000 = 0.33333… → 0.3333.
    assert roi.first_year_roi(benefit=D("140000"), run_cost=D("0"), one_off=D("105000")) == D("0.3333")


def test_conversion_to_the_reporting_currency():
    figures = roi.roi_figures(version(currency="USD", rate_to_reporting=D("0.92")))
    assert figures.currency == "USD"
    assert figures.annual_benefit == D("250000.00")
    assert figures.reporting_annual_benefit == D("230000.00")
    assert figures.reporting_net_annual_value == D("193200.00")
    assert figures.reporting_one_off_cost == D("55200.00")
    # Ratios do not depend on the currency.
    assert figures.first_year_roi == D("1.5000")
    assert roi.to_reporting(D("33333.33"), D("0.12345678")) == D("4115.23")


@pytest.mark.parametrize(
    ("confidence", "low", "high"),
    [("low", "-15000.00", "-5000.00"), ("medium", "-12500.00", "-7500.00"), ("high", "-11000.00", "-9000.00")],
)
def test_confidence_bands_widen_around_negative_values_too(confidence, low, high):
    assert roi.confidence_band(D("-10000"), confidence) == (D(low), D(high))


def test_realised_figures_and_annualising():
    entry = SimpleNamespace(
        currency="USD",
        rate_to_reporting=D("0.5"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        benefit_cash_saving=D("10000"),
        benefit_cost_avoidance=D("0"),
        benefit_revenue=D("5000"),
        productivity_hours=D("100"),
        productivity_hourly_rate=D("50"),
        measured_cost=D("8000"),
    )
    figures = roi.realised_figures(entry)
    assert figures.days == 90
    assert figures.measured_benefit == D("20000.00")
    assert figures.measured_cost == D("8000.00")
    assert figures.net_value == D("12000.00")
    assert (figures.reporting_measured_benefit, figures.reporting_net_value) == (D("10000.00"), D("6000.00"))
    assert roi.annualise(D("12000"), days=90) == D("48666.67")
    assert roi.annualise(D("12000"), days=0) is None


def test_weighted_score():
    option = SimpleNamespace(
        score_quality=5, score_total_cost=3, score_data_security=4, score_control=2, score_vendor_risk=1
    )
    weights = SimpleNamespace(quality=30, total_cost=20, data_security=20, control=15, vendor_risk=15)
    assert roi.weighted_score(option, weights) == D("3.35")  # (150 + 60 + 80 + 30 + 15) ÷ 100


def test_floats_are_refused():
    with pytest.raises(TypeError):
        roi.annual_run_cost(model=0.1, infrastructure=D("0"), people=D("0"))


def test_figures_serialise_for_the_audit_trail():
    data = roi.roi_figures(version()).as_dict()
    assert data["first_year_roi"] == "1.5000"
    assert data["payback_months"] == "3.4"
    assert roi.roi_figures(version(benefit_cash_saving=D("0"))).as_dict()["payback_months"] is not None
