"""Vendor concentration, lock-in flags and the vendor-shock simulator, read through the viewer's scope.

An initiative's model and vendor are its chosen option's (``usage()``, the one home; without a chosen option, the
first model it says it uses, vendor unknown). A shock recomputes each affected initiative's current ROI estimate
with ``adoption.roi.roi_figures`` — the one home of ROI arithmetic — on a copy of the estimate; nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from adoption.choices import CriterionStatus, Phase, Sourcing, Status
from adoption.inputs import ROI_FIELDS
from adoption.models import GateCriterion, Initiative, ModelOption
from adoption.roi import RATIO, RoiFigures, money, roi_figures
from adoption.selectors.initiatives import initiative_list_visible
from analytics.choices import ScenarioKind, ScenarioTarget
from analytics.models import VendorScenario
from core.exceptions import NotFound

# The criterion whose being met counts as a vendor exit plan (scaling's template in ``adoption.defaults``).
EXIT_PLAN_CRITERION = "vendor_exit_plan"
# Still moving: what a shock can hit and what the portfolio's value sums.
OPEN = (Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION)
UNKNOWN_VENDOR = ""
HUNDRED = Decimal("100")
# The benefit fields of an estimate: what a vendor that disappears stops delivering.
BENEFIT_FIELDS = ("benefit_cash_saving", "benefit_cost_avoidance", "benefit_revenue", "productivity_hours")


@dataclass(frozen=True)
class Usage:
    vendor: str
    model: str


def usage(*, chosen_name: str | None, chosen_vendor: str | None, models_used: str) -> Usage:
    """The model and vendor an initiative relies on: its chosen option's name and vendor; else the first model it
    says it uses (``models_used``), vendor unknown; else none ("")."""
    if chosen_name:
        return Usage((chosen_vendor or "").strip(), chosen_name.strip())
    named = [part.strip() for part in re.split(r"[,;\n]", models_used or "") if part.strip()]
    return Usage(UNKNOWN_VENDOR, named[0] if named else "")


@dataclass
class Row:
    """One open initiative as the analyses read it."""

    initiative: Initiative
    usage: Usage
    closed_api: bool
    exit_plan_met: bool
    figures: RoiFigures | None

    @property
    def in_production(self) -> bool:
        return self.initiative.status == Status.IN_PRODUCTION


def _rows(scope: QuerySet) -> list[Row]:
    """The open initiatives of ``scope`` with their chosen option, exit plan and current estimate (one query)."""
    chosen = ModelOption.objects.filter(initiative=OuterRef("pk"), is_chosen=True)
    exit_plan = GateCriterion.objects.filter(
        initiative=OuterRef("pk"), code=EXIT_PLAN_CRITERION, status=CriterionStatus.MET
    )
    initiatives = (
        scope.filter(status__in=OPEN)
        .select_related("business_unit", "current_roi")
        .annotate(
            chosen_name=Subquery(chosen.values("name")[:1]),
            chosen_vendor=Subquery(chosen.values("vendor")[:1]),
            exit_plan_met=Exists(exit_plan),
        )
        .order_by("number")
    )
    return [
        Row(
            initiative=i,
            usage=usage(chosen_name=i.chosen_name, chosen_vendor=i.chosen_vendor, models_used=i.models_used),
            closed_api=i.sourcing == Sourcing.CLOSED_API,
            exit_plan_met=i.exit_plan_met,
            figures=roi_figures(i.current_roi) if i.current_roi is not None else None,
        )
        for i in initiatives
    ]


def _share(part, whole) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(RATIO) if whole else Decimal("0")


@dataclass(frozen=True)
class Share:
    """A vendor's (or a model's) part of the portfolio."""

    name: str
    vendor: str  # a model's vendor; for a vendor, its own name
    initiatives: int  # open initiatives relying on it
    production: int
    production_share: Decimal
    run_cost: Decimal  # annual run cost of the current estimates, reporting currency
    run_cost_share: Decimal


@dataclass(frozen=True)
class Concentration:
    vendors: list[Share]
    models: list[Share]
    production_total: int
    run_cost_total: Decimal
    lock_in: list[Row]


def _shares(rows: list[Row], key) -> list[Share]:
    production_total = sum(1 for r in rows if r.in_production)
    run_total = sum((r.figures.reporting_annual_run_cost for r in rows if r.figures), Decimal("0"))
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row.usage.model:
            groups[key(row.usage)].append(row)
    shares = []
    for (name, vendor), members in groups.items():
        production = sum(1 for r in members if r.in_production)
        run_cost = money(sum((r.figures.reporting_annual_run_cost for r in members if r.figures), Decimal("0")))
        shares.append(
            Share(
                name=name,
                vendor=vendor,
                initiatives=len(members),
                production=production,
                production_share=_share(production, production_total),
                run_cost=run_cost,
                run_cost_share=_share(run_cost, run_total),
            )
        )
    return sorted(shares, key=lambda s: (-s.run_cost, -s.initiatives, s.name, s.vendor))


def is_locked_in(row: Row) -> bool:
    """A closed-API initiative in scaling or in production with no exit-plan criterion met."""
    initiative = row.initiative
    late = initiative.status == Status.IN_PRODUCTION or (
        initiative.phase == Phase.SCALING and initiative.status in (Status.ACTIVE, Status.ON_HOLD)
    )
    return row.closed_api and late and not row.exit_plan_met


def concentration_of(rows: list[Row]) -> Concentration:
    """The shares and lock-in flags of ``rows``."""
    return Concentration(
        vendors=_shares(rows, lambda u: (u.vendor, u.vendor)),
        models=_shares(rows, lambda u: (u.model, u.vendor)),
        production_total=sum(1 for r in rows if r.in_production),
        run_cost_total=money(sum((r.figures.reporting_annual_run_cost for r in rows if r.figures), Decimal("0"))),
        lock_in=[row for row in rows if is_locked_in(row)],
    )


def vendor_concentration(*, user) -> Concentration:
    """Shares of production initiatives and of run cost per vendor and per model, and the lock-in flags, over the
    initiatives ``user`` may see (two queries whatever their number)."""
    return concentration_of(_rows(initiative_list_visible(user=user)))


# --- the vendor-shock simulator -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shock:
    """What happens (``ScenarioKind``) to which vendor or model (``ScenarioTarget``), by how much (percent)."""

    kind: str
    target_type: str
    target: str
    percent: Decimal

    def hits(self, used: Usage) -> bool:
        named = used.vendor if self.target_type == ScenarioTarget.VENDOR else used.model
        return bool(named) and named.casefold() == self.target.strip().casefold()


def shocked_estimate(version, shock: Shock) -> SimpleNamespace:
    """A copy of the estimate ``version`` as it would read under ``shock``: a price change scales the model and token
    cost; a vendor that disappears for a share of the year takes that share of the benefit (and of its model
    cost) with it. The original is not touched."""
    values = {name: getattr(version, name) for name in ROI_FIELDS}
    factor = Decimal(shock.percent) / HUNDRED
    if shock.kind == ScenarioKind.PRICE_CHANGE:
        values["run_cost_model"] = Decimal(values["run_cost_model"]) * (1 + factor)
    else:
        for name in BENEFIT_FIELDS:
            values[name] = Decimal(values[name] or 0) * (1 - factor)
        values["run_cost_model"] = Decimal(values["run_cost_model"]) * (1 - factor)
    return SimpleNamespace(**values)


@dataclass(frozen=True)
class Affected:
    initiative: Initiative
    usage: Usage
    before: RoiFigures | None
    after: RoiFigures | None

    @property
    def change(self) -> Decimal:
        if self.before is None or self.after is None:
            return Decimal("0")
        return self.after.reporting_net_annual_value - self.before.reporting_net_annual_value


@dataclass
class ShockResult:
    shock: Shock
    affected: list[Affected] = field(default_factory=list)
    value_before: Decimal = Decimal("0")
    value_after: Decimal = Decimal("0")

    @property
    def change(self) -> Decimal:
        return self.value_after - self.value_before


def shock_of(rows: list[Row], shock: Shock) -> ShockResult:
    """``shock`` applied to ``rows``: each affected initiative's figures before and after, and the portfolio's net
    annual value (reporting currency, the open initiatives' current estimates) before and after."""
    result = ShockResult(shock)
    for row in rows:
        if row.figures is not None:
            result.value_before += row.figures.reporting_net_annual_value
        if not shock.hits(row.usage):
            continue
        version = row.initiative.current_roi
        after = roi_figures(shocked_estimate(version, shock)) if version is not None else None
        result.affected.append(Affected(row.initiative, row.usage, row.figures, after))
    result.value_before = money(result.value_before)
    result.value_after = money(result.value_before + sum((a.change for a in result.affected), Decimal("0")))
    return result


def shock_run(*, user, shock: Shock) -> ShockResult:
    """``shock`` over the initiatives ``user`` may see; reads only (one query)."""
    return shock_of(_rows(initiative_list_visible(user=user)), shock)


def scenario_shock(scenario: VendorScenario) -> Shock:
    return Shock(scenario.kind, scenario.target_type, scenario.target, scenario.percent)


def scenarios_list() -> QuerySet[VendorScenario]:
    """The saved scenarios, by name (everyone who reads the portfolio may run them; each sees their own scope)."""
    return VendorScenario.objects.select_related("created_by").order_by("name", "pk")


def scenario_get(*, pk: int) -> VendorScenario:
    """A saved scenario, or NotFound."""
    scenario = scenarios_list().filter(pk=pk).first()
    if scenario is None:
        raise NotFound(_("No such scenario."))
    return scenario


def scenarios_compare(*, user, scenarios: list[VendorScenario]) -> list[ShockResult]:
    """Every scenario run over the same rows (one query for them all), side by side."""
    rows = _rows(initiative_list_visible(user=user))
    return [shock_of(rows, scenario_shock(scenario)) for scenario in scenarios]


def most_used_model(rows: list[Row]) -> Usage | None:
    """The model the most open initiatives rely on (ties: the first by name)."""
    counts: dict[Usage, int] = defaultdict(int)
    for row in rows:
        if row.usage.model:
            counts[row.usage] += 1
    if not counts:
        return None
    return min(counts, key=lambda used: (-counts[used], used.model, used.vendor))


def portfolio_rows(*, user) -> list[Row]:
    return _rows(initiative_list_visible(user=user))


# --- the board pack ---------------------------------------------------------------------------------------------


def _share_dict(share: Share) -> dict:
    return {
        "name": share.name,
        "vendor": share.vendor,
        "initiatives": share.initiatives,
        "production": share.production,
        "production_share": str(share.production_share),
        "run_cost": str(share.run_cost),
        "run_cost_share": str(share.run_cost_share),
    }


def _figures_dict(figures: RoiFigures | None) -> dict | None:
    if figures is None:
        return None
    return {
        "net_annual_value": str(figures.reporting_net_annual_value),
        "first_year_roi": None if figures.first_year_roi is None else str(figures.first_year_roi),
        "payback_months": None if figures.payback_months is None else str(figures.payback_months),
    }


def board_pack_vendors(today: datetime.date) -> dict:
    """The whole portfolio's vendor concentration, lock-in flags and saved scenarios as they stand at the end of
    ``today``: JSON-ready, sorted, amounts as strings (the partial ``templates/boardpack/vendors.html`` shows it).
    Concentration reads the current state of the records; ``today`` dates the figures."""
    rows = _rows(Initiative.objects.all())
    concentration = concentration_of(rows)
    scenarios = []
    for scenario in scenarios_list():
        result = shock_of(rows, scenario_shock(scenario))
        scenarios.append(
            {
                "name": scenario.name,
                "kind": scenario.kind,
                "target_type": scenario.target_type,
                "target": scenario.target,
                "percent": str(scenario.percent),
                "affected": [
                    {
                        "key": a.initiative.key,
                        "title": a.initiative.title,
                        "before": _figures_dict(a.before),
                        "after": _figures_dict(a.after),
                    }
                    for a in result.affected
                ],
                "value_before": str(result.value_before),
                "value_after": str(result.value_after),
                "change": str(result.change),
            }
        )
    return {
        "as_of": today.isoformat(),
        "currency": _reporting_currency(),
        "production_total": concentration.production_total,
        "run_cost_total": str(concentration.run_cost_total),
        "vendors": [_share_dict(s) for s in concentration.vendors],
        "models": [_share_dict(s) for s in concentration.models],
        "lock_in": [
            {
                "key": row.initiative.key,
                "title": row.initiative.title,
                "phase": row.initiative.phase,
                "status": row.initiative.status,
                "vendor": row.usage.vendor,
                "model": row.usage.model,
            }
            for row in concentration.lock_in
        ],
        "scenarios": scenarios,
    }


def _reporting_currency() -> str:
    from django.conf import settings

    return settings.REPORTING_CURRENCY
