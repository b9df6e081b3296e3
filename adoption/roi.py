"""Derived figures in one place: ROI of an estimate, realised value of a period, currency conversion, selection score.

Pure functions on Decimals (or on any object carrying the ledger's field names); nothing here touches the database.
Results are quantised explicitly, half-up: money to 2 decimal places, ratios to 4, months to 1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from adoption.choices import CONFIDENCE_BAND

MONEY = Decimal("0.01")
RATIO = Decimal("0.0001")
MONTHS = Decimal("0.1")
SCORE = Decimal("0.01")
ZERO = Decimal("0")
TWELVE = Decimal("12")
HUNDRED = Decimal("100")
DAYS_PER_YEAR = Decimal("365")

SELECTION_DIMENSIONS = ("quality", "total_cost", "data_security", "control", "vendor_risk")


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(MONEY, rounding=ROUND_HALF_UP)


def ratio(value: Decimal) -> Decimal:
    return Decimal(value).quantize(RATIO, rounding=ROUND_HALF_UP)


def _d(value: Any) -> Decimal:
    # None counts as nothing recorded; ints and strings are exact, so only floats are refused.
    if value is None:
        return ZERO
    if isinstance(value, float):
        raise TypeError("ROI figures are computed from Decimals, not floats")
    return Decimal(value)


def annual_benefit(
    *,
    cash_saving: Decimal,
    cost_avoidance: Decimal,
    revenue: Decimal,
    productivity_hours: Decimal,
    hourly_rate: Decimal,
) -> Decimal:
    """Cash saving + cost avoidance + revenue + productivity hours valued at the hourly rate."""
    return money(_d(cash_saving) + _d(cost_avoidance) + _d(revenue) + _d(productivity_hours) * _d(hourly_rate))


def recorded_benefit(record: Any) -> Decimal:
    """``annual_benefit`` of a record with an ROI version's benefit fields (a realised-value entry has them too)."""
    return annual_benefit(
        cash_saving=record.benefit_cash_saving,
        cost_avoidance=record.benefit_cost_avoidance,
        revenue=record.benefit_revenue,
        productivity_hours=record.productivity_hours,
        hourly_rate=record.productivity_hourly_rate,
    )


def estimate_is_empty(record: Any) -> bool:
    """An ROI estimate (a version, or its input values) that says nothing: no benefit and no cost at all."""
    costs = ("one_off_cost", "run_cost_model", "run_cost_infrastructure", "run_cost_people")
    return recorded_benefit(record) == ZERO and all(_d(getattr(record, name, None)) == ZERO for name in costs)


def annual_run_cost(*, model: Decimal, infrastructure: Decimal, people: Decimal) -> Decimal:
    return money(_d(model) + _d(infrastructure) + _d(people))


def net_annual_value(*, benefit: Decimal, run_cost: Decimal) -> Decimal:
    return money(_d(benefit) - _d(run_cost))


def first_year_roi(*, benefit: Decimal, run_cost: Decimal, one_off: Decimal) -> Decimal | None:
    """(benefit − run cost − one-off) ÷ (one-off + run cost); None when nothing is spent (the ratio is undefined)."""
    denominator = _d(one_off) + _d(run_cost)
    if denominator == 0:
        return None
    return ratio((_d(benefit) - _d(run_cost) - _d(one_off)) / denominator)


def payback_months(*, one_off: Decimal, net: Decimal) -> Decimal | None:
    """Months until the one-off cost is earned back: one-off ÷ (net ÷ 12); None when it never is (net ≤ 0)."""
    if _d(net) <= 0:
        return None
    return (_d(one_off) / (_d(net) / TWELVE)).quantize(MONTHS, rounding=ROUND_HALF_UP)


def to_reporting(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    """``amount`` in the reporting currency at ``rate`` (reporting units per unit of the recorded currency)."""
    if amount is None:
        return None
    return money(_d(amount) * _d(rate))


def confidence_band(amount: Decimal, confidence: str) -> tuple[Decimal, Decimal]:
    """The range a stated confidence puts around ``amount``: ±50% (low), ±25% (medium), ±10% (high)."""
    spread = abs(_d(amount)) * Decimal(CONFIDENCE_BAND[confidence])
    return money(_d(amount) - spread), money(_d(amount) + spread)


def annualise(amount: Decimal, *, days: int) -> Decimal | None:
    """Scale an amount measured over ``days`` to a year of 365 days; None for an empty period."""
    if days <= 0:
        return None
    return money(_d(amount) * DAYS_PER_YEAR / Decimal(days))


@dataclass(frozen=True)
class RoiFigures:
    """The derived figures of one ROI version, in its own currency and in the reporting currency."""

    currency: str
    rate_to_reporting: Decimal
    annual_benefit: Decimal
    annual_run_cost: Decimal
    one_off_cost: Decimal
    net_annual_value: Decimal
    first_year_roi: Decimal | None
    payback_months: Decimal | None
    net_low: Decimal
    net_high: Decimal
    reporting_annual_benefit: Decimal
    reporting_annual_run_cost: Decimal
    reporting_one_off_cost: Decimal
    reporting_net_annual_value: Decimal
    reporting_net_low: Decimal
    reporting_net_high: Decimal

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready (Decimals as strings), for audit events and API payloads."""
        return {name: (None if value is None else str(value)) for name, value in self.__dict__.items()}


def roi_figures(version: Any) -> RoiFigures:
    """Derived figures of an ROI version (or any object with the RoiVersion field names)."""
    benefit = recorded_benefit(version)
    run_cost = annual_run_cost(
        model=version.run_cost_model, infrastructure=version.run_cost_infrastructure, people=version.run_cost_people
    )
    one_off = money(_d(version.one_off_cost))
    net = net_annual_value(benefit=benefit, run_cost=run_cost)
    low, high = confidence_band(net, version.confidence)
    rate = _d(version.rate_to_reporting)
    return RoiFigures(
        currency=version.currency,
        rate_to_reporting=rate,
        annual_benefit=benefit,
        annual_run_cost=run_cost,
        one_off_cost=one_off,
        net_annual_value=net,
        first_year_roi=first_year_roi(benefit=benefit, run_cost=run_cost, one_off=one_off),
        payback_months=payback_months(one_off=one_off, net=net),
        net_low=low,
        net_high=high,
        reporting_annual_benefit=to_reporting(benefit, rate),
        reporting_annual_run_cost=to_reporting(run_cost, rate),
        reporting_one_off_cost=to_reporting(one_off, rate),
        reporting_net_annual_value=to_reporting(net, rate),
        reporting_net_low=to_reporting(low, rate),
        reporting_net_high=to_reporting(high, rate),
    )


@dataclass(frozen=True)
class RealisedFigures:
    """What one realised-value entry measured, in its own currency and in the reporting currency."""

    currency: str
    rate_to_reporting: Decimal
    days: int
    measured_benefit: Decimal
    measured_cost: Decimal
    net_value: Decimal
    reporting_measured_benefit: Decimal
    reporting_measured_cost: Decimal
    reporting_net_value: Decimal

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            name: (value if value is None or isinstance(value, int) else str(value))
            for name, value in self.__dict__.items()
        }


def period_days(start: datetime.date, end: datetime.date) -> int:
    """Days in a period whose start and end are both included."""
    return (end - start).days + 1


def realised_figures(entry: Any) -> RealisedFigures:
    """Derived figures of a realised-value entry (or any object with the RealisedValueEntry field names)."""
    benefit = recorded_benefit(entry)
    cost = money(_d(entry.measured_cost))
    net = money(benefit - cost)
    rate = _d(entry.rate_to_reporting)
    return RealisedFigures(
        currency=entry.currency,
        rate_to_reporting=rate,
        days=period_days(entry.period_start, entry.period_end),
        measured_benefit=benefit,
        measured_cost=cost,
        net_value=net,
        reporting_measured_benefit=to_reporting(benefit, rate),
        reporting_measured_cost=to_reporting(cost, rate),
        reporting_net_value=to_reporting(net, rate),
    )


def weighted_score(option: Any, weights: Any) -> Decimal:
    """Σ score × weight ÷ 100 over the five dimensions (scores 1–5, weights in percent): a score from 1 to 5."""
    total = sum(
        (Decimal(getattr(option, f"score_{name}")) * Decimal(getattr(weights, name)) for name in SELECTION_DIMENSIONS),
        ZERO,
    )
    return (total / HUNDRED).quantize(SCORE, rounding=ROUND_HALF_UP)
