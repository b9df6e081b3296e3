"""The failure-mode radar: a score per failure mode per initiative from the signals of ``analytics.radar``, the
portfolio's heat map (business units × modes) and the back-test over stopped initiatives.

Every signal is read in one query over the initiatives (annotations), so a radar costs the same number of queries
for ten initiatives or ten thousand.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from adoption.choices import CriterionKind, CriterionStatus, DataClassification, Phase, Sourcing, Status
from adoption.models import (
    EvaluationRun,
    GateCriterion,
    Initiative,
    PhaseDefinition,
    PhaseStint,
    RoiVersion,
)
from adoption.models.clock import overdue_condition
from adoption.selectors.initiatives import initiative_list_visible
from analytics.radar import MODE_WEIGHT, MODES, SIGNALS, TRAINING_CRITERIA
from analytics.selectors.vendors import EXIT_PLAN_CRITERION
from governance.choices import Decision
from governance.models import SignOff

DATA_STEWARD = "data_steward"
MEASURED = (CriterionKind.METRIC, CriterionKind.REALITY_GAP)


def _annotated(scope: QuerySet, now: datetime.datetime) -> QuerySet:
    """``scope`` with each fact a signal needs (one query when read; the time boxes are one more)."""
    boxes = dict(PhaseDefinition.objects.values_list("phase", "time_box_days"))
    overrun = Q()
    for phase, days in boxes.items():
        overrun |= Q(phase=phase, days__gt=days)
    stints = PhaseStint.objects.filter(initiative=OuterRef("pk"))
    run_cost = F("run_cost_model") + F("run_cost_infrastructure") + F("run_cost_people")
    first_run = (
        RoiVersion.objects.filter(initiative=OuterRef("pk"))
        .order_by("version")
        .annotate(total=run_cost * F("rate_to_reporting"))
        .values("total")[:1]
    )
    last_run = (
        RoiVersion.objects.filter(initiative=OuterRef("pk"))
        .order_by("-version")
        .annotate(total=run_cost * F("rate_to_reporting"))
        .values("total")[:1]
    )
    criteria = GateCriterion.objects.filter(initiative=OuterRef("pk"), status=CriterionStatus.MET)
    return scope.select_related("business_unit").annotate(
        reached_validation=Exists(stints.filter(phase=Phase.VALIDATION)),
        reached_scaling=Exists(stints.filter(phase=Phase.SCALING)),
        overran=Exists(stints.filter(overrun).filter(exited_at__isnull=False)) if boxes else Value(False),
        is_overdue_now=Exists(Initiative.objects.filter(overdue_condition(now), pk=OuterRef("pk"))),
        steward_approved=Exists(
            SignOff.objects.filter(
                review__initiative=OuterRef("pk"), slot__role=DATA_STEWARD, decision=Decision.APPROVE
            )
        ),
        exit_plan_met=Exists(criteria.filter(code=EXIT_PLAN_CRITERION)),
        metric_met=Exists(criteria.filter(template__kind__in=MEASURED)),
        training_met=Exists(criteria.filter(code__in=TRAINING_CRITERIA)),
        has_evaluation_runs=Exists(EvaluationRun.objects.filter(initiative=OuterRef("pk"))),
        first_run_cost=Subquery(first_run),
        last_run_cost=Subquery(last_run),
    )


def _weak_baseline(initiative) -> bool:
    """No KPI, or a baseline with no measured figure in it."""
    baseline = (initiative.kpi_baseline or "").strip()
    return not (initiative.kpi or "").strip() or not any(ch.isdigit() for ch in baseline)


def fired_signals(initiative) -> list[str]:
    """The codes of the signals that fire for an initiative read through ``_annotated``."""
    facts = {
        "weak_kpi_baseline": _weak_baseline(initiative),
        "no_roi_estimate": initiative.current_roi_id is None,
        "data_unclassified": initiative.data_classification == DataClassification.UNCLASSIFIED,
        "steward_signoff_missing": initiative.reached_validation and not initiative.steward_approved,
        "closed_vendor_no_exit": initiative.sourcing == Sourcing.CLOSED_API and not initiative.exit_plan_met,
        "phase_overrun": initiative.overran or initiative.is_overdue_now,
        "run_cost_grew": (
            initiative.first_run_cost is not None
            and initiative.last_run_cost is not None
            and initiative.last_run_cost > initiative.first_run_cost
        ),
        "no_metric_criterion_met": initiative.reached_validation and not initiative.metric_met,
        "no_evaluation_runs": initiative.reached_validation and not initiative.has_evaluation_runs,
        "training_missing": initiative.reached_scaling and not initiative.training_met,
        "no_sponsor": initiative.sponsor_id is None,
    }
    return [signal.code for signal in SIGNALS if facts[signal.code]]


def mode_scores(fired: list[str]) -> dict[str, int]:
    """Each mode's score: the share of its signals' weight that fires, 0–100 (rounded half up)."""
    weights: dict[str, int] = defaultdict(int)
    for signal in SIGNALS:
        if signal.code in fired:
            weights[signal.mode] += signal.weight
    return {
        mode: int((Decimal(100) * weights[mode] / MODE_WEIGHT[mode]).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
        for mode in MODES
    }


def top_mode(scores: dict[str, int]) -> str | None:
    """The mode with the highest score (ties: the first in seed 001's order); None when nothing fires."""
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    return next(mode for mode in MODES if scores[mode] == best)


@dataclass
class RadarRow:
    initiative: Initiative
    signals: list[str]
    scores: dict[str, int]
    top: str | None


def radar_of(scope: QuerySet, *, now: datetime.datetime) -> list[RadarRow]:
    """The radar of each initiative of ``scope``, in key order."""
    rows = []
    for initiative in _annotated(scope, now).order_by("number"):
        fired = fired_signals(initiative)
        scores = mode_scores(fired)
        rows.append(RadarRow(initiative, fired, scores, top_mode(scores)))
    return rows


OPEN = (Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION)


def radar(*, user, now: datetime.datetime | None = None) -> list[RadarRow]:
    """The radar of the open initiatives ``user`` may see."""
    scope = initiative_list_visible(user=user).filter(status__in=OPEN)
    return radar_of(scope, now=now or timezone.now())


@dataclass
class HeatCell:
    unit: str
    mode: str
    mean: int  # the mean score of the unit's initiatives for the mode
    top: int  # how many of them have it as their top mode


@dataclass
class HeatMap:
    units: list[str]
    cells: dict[tuple[str, str], HeatCell]
    counts: dict[str, int]


def heat_map(rows: list[RadarRow]) -> HeatMap:
    """Business units × modes: the mean score and the number of initiatives whose top mode it is."""
    by_unit: dict[str, list[RadarRow]] = defaultdict(list)
    for row in rows:
        by_unit[row.initiative.business_unit.name].append(row)
    cells = {}
    for unit, members in by_unit.items():
        for mode in MODES:
            total = sum(row.scores[mode] for row in members)
            mean = int((Decimal(total) / len(members)).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
            cells[(unit, mode)] = HeatCell(unit, mode, mean, sum(1 for row in members if row.top == mode))
    return HeatMap(sorted(by_unit), cells, {unit: len(members) for unit, members in by_unit.items()})


@dataclass
class Backtest:
    """How often the radar's top mode matched the failure mode recorded when an initiative was stopped."""

    n: int = 0
    hits: int = 0
    per_mode: dict[str, dict[str, int]] = field(default_factory=dict)  # recorded mode → {"n": …, "hits": …}
    rows: list[tuple[RadarRow, str]] = field(default_factory=list)

    @property
    def hit_rate(self) -> Decimal | None:
        return (Decimal(self.hits) / self.n).quantize(Decimal("0.0001")) if self.n else None


def backtest_of(scope: QuerySet, *, now: datetime.datetime) -> Backtest:
    """The back-test over the stopped initiatives of ``scope`` with a recorded primary failure mode (stops that
    were not a failure are left out)."""
    stopped = scope.filter(status=Status.STOPPED, stop_not_a_failure=False).exclude(stop_primary_failure_mode="")
    result = Backtest(per_mode={mode: {"n": 0, "hits": 0} for mode in MODES})
    for row in radar_of(stopped, now=now):
        recorded = row.initiative.stop_primary_failure_mode
        hit = row.top == recorded
        result.n += 1
        result.hits += hit
        result.per_mode[recorded]["n"] += 1
        result.per_mode[recorded]["hits"] += hit
        result.rows.append((row, recorded))
    return result


def radar_backtest(*, user=None, now: datetime.datetime | None = None) -> Backtest:
    """The back-test over the stopped initiatives ``user`` may see (the whole portfolio without a user: the
    command line)."""
    scope = Initiative.objects.all() if user is None else initiative_list_visible(user=user)
    return backtest_of(scope, now=now or timezone.now())
