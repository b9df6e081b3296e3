"""Reads of the ROI ledger (estimates, spend, realised value, with derived figures) and of the model selection."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from adoption import roi
from adoption.models import Initiative, ModelOption, RealisedValueEntry, RoiVersion, SelectionWeights, SpendEntry
from adoption.roi import RealisedFigures, RoiFigures
from adoption.selectors.criteria import require_visible

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Estimate:
    version: RoiVersion
    figures: RoiFigures


@dataclass(frozen=True)
class Realised:
    entry: RealisedValueEntry
    figures: RealisedFigures


@dataclass(frozen=True)
class RoiLedger:
    """An initiative's ROI history. Amounts named ``reporting_*`` or totals are in the reporting currency."""

    reporting_currency: str
    estimates: list[Estimate]
    realised: list[Realised]
    spend: list[SpendEntry]
    spend_to_date: Decimal
    realised_benefit: Decimal
    realised_cost: Decimal
    realised_net: Decimal
    # Days from the first measured period's start to the last one's end.
    realised_days: int
    realised_net_annualised: Decimal | None
    estimate_by_phase: dict[str, Estimate] = field(default_factory=dict)

    @property
    def first_estimate(self) -> Estimate | None:
        return self.estimates[0] if self.estimates else None

    @property
    def latest_estimate(self) -> Estimate | None:
        return self.estimates[-1] if self.estimates else None

    def comparison(self) -> dict[str, Decimal | None]:
        """Estimate vs estimate vs actual, as net annual value in the reporting currency."""
        first, latest = self.first_estimate, self.latest_estimate
        return {
            "first_estimate": first.figures.reporting_net_annual_value if first else None,
            "latest_estimate": latest.figures.reporting_net_annual_value if latest else None,
            "actual_annualised": self.realised_net_annualised,
        }


def roi_ledger(*, user, initiative: Initiative) -> RoiLedger:
    """Every ROI version with its derived figures, the realised-value entries and the spend (constant queries)."""
    require_visible(user=user, initiative=initiative)
    estimates = [
        Estimate(version=v, figures=roi.roi_figures(v))
        for v in RoiVersion.objects.filter(initiative=initiative).select_related("recorded_by").order_by("version")
    ]
    realised = [
        Realised(entry=e, figures=roi.realised_figures(e))
        for e in RealisedValueEntry.objects.filter(initiative=initiative)
        .select_related("recorded_by")
        .order_by("period_start", "pk")
    ]
    spend = list(
        SpendEntry.objects.filter(initiative=initiative).select_related("recorded_by").order_by("period_start", "pk")
    )
    by_phase: dict[str, Estimate] = {}
    for estimate in estimates:
        by_phase[estimate.version.phase] = estimate  # the latest version of each phase wins
    benefit = sum((r.figures.reporting_measured_benefit for r in realised), ZERO)
    cost = sum((r.figures.reporting_measured_cost for r in realised), ZERO)
    net = sum((r.figures.reporting_net_value for r in realised), ZERO)
    days = 0
    if realised:
        start = min(r.entry.period_start for r in realised)
        end = max(r.entry.period_end for r in realised)
        days = roi.period_days(start, end)
    return RoiLedger(
        reporting_currency=settings.REPORTING_CURRENCY,
        estimates=estimates,
        realised=realised,
        spend=spend,
        spend_to_date=sum((roi.to_reporting(s.amount, s.rate_to_reporting) for s in spend), ZERO),
        realised_benefit=benefit,
        realised_cost=cost,
        realised_net=net,
        realised_days=days,
        realised_net_annualised=roi.annualise(net, days=days) if realised else None,
        estimate_by_phase=by_phase,
    )


def model_weights() -> SelectionWeights:
    """The current weights of the five selection dimensions."""
    return SelectionWeights.objects.get(is_current=True)


def model_options_for(
    *, user, initiative: Initiative, weights: SelectionWeights | None = None
) -> tuple[SelectionWeights, list[ModelOption]]:
    """The current weights (``weights`` when the caller has them) and the initiative's options, best weighted score
    first (``weighted_score`` set)."""
    require_visible(user=user, initiative=initiative)
    weights = weights or model_weights()
    options = list(ModelOption.objects.filter(initiative=initiative).select_related("recorded_by"))
    for option in options:
        option.weighted_score = roi.weighted_score(option, weights)
    options.sort(key=lambda o: (-o.weighted_score, o.name))
    return weights, options
