"""The executive funnel: counts, conversion, time per phase, overdue, stops by failure mode, value; scoped to the user.

Every figure comes from a fixed number of aggregate queries, whatever the size of the portfolio.
Definitions (PRODUCT.md §6): a cohort is the quarter an initiative was created; conversion from phase X is the
share of the initiatives that ever entered X which later entered the next phase (production after scaling); days in
a phase exclude time on hold and count finished stays; overdue means active and past the planned phase end.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import PHASE_ORDER, FailureMode, PhaseOutcome, Status
from adoption.exceptions import InvalidInput
from adoption.models import BusinessUnit, PhaseStint, RealisedValueEntry
from adoption.selectors.initiatives import initiative_list_visible

COHORT = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: the value below which a fraction of the rows fall (interpolated)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class EpochSeconds(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def cohort_range(cohort: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of a quarter like "2026Q3" and of the next one."""
    match = COHORT.match(cohort.strip())
    if not match:
        raise InvalidInput(_("The funnel was not computed."), fields={"cohort": [_("Write a quarter as 2026Q3.")]})
    year, quarter = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("The funnel was not computed."), fields={"cohort": [_("Choose a year 2000–2100.")]})
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


@dataclass
class PhaseFigures:
    phase: str
    active: int = 0
    on_hold: int = 0
    entered: int = 0
    advanced: int = 0
    median_days: float | None = None
    p90_days: float | None = None

    @property
    def conversion(self) -> float | None:
        return round(self.advanced / self.entered, 4) if self.entered else None


@dataclass
class Funnel:
    total: int
    by_status: dict[str, int]
    phases: list[PhaseFigures]
    overdue: int
    stops_by_failure_mode: dict[str, int]
    stops_contributing: dict[str, int]
    stops_not_a_failure: int
    # Reporting currency; hypothesised = latest estimate's net annual value of open initiatives (and of those in
    # production); realised = net value measured in periods ending within the last twelve months.
    value: dict[str, Decimal | str] = field(default_factory=dict)


def funnel_scope(*, user, business_unit: BusinessUnit | None = None, cohort: str | None = None) -> QuerySet:
    """The initiatives the funnel counts: visible to ``user``, in the unit (and its sub-units), of the cohort."""
    queryset = initiative_list_visible(user=user)
    if business_unit is not None:
        queryset = queryset.filter(business_unit__path__startswith=business_unit.path)
    if cohort:
        start, end = cohort_range(cohort)
        queryset = queryset.filter(created_at__gte=start, created_at__lt=end)
    return queryset


def funnel_summary(*, user, business_unit: BusinessUnit | None = None, cohort: str | None = None) -> Funnel:
    """The funnel for ``user``'s scope, optionally narrowed to a business unit and a cohort quarter."""
    scope = funnel_scope(user=user, business_unit=business_unit, cohort=cohort)
    now = timezone.now()

    # 1. Counts per phase and status, and overdue, in one pass.
    counts = scope.values("phase", "status").annotate(
        n=Count("pk"), late=Count("pk", filter=Q(status=Status.ACTIVE, planned_phase_end__lt=now))
    )
    phases = {phase: PhaseFigures(phase=phase) for phase in PHASE_ORDER}
    by_status = {status: 0 for status in Status.values}
    overdue = 0
    for row in counts:
        by_status[row["status"]] += row["n"]
        overdue += row["late"]
        if row["status"] == Status.ACTIVE:
            phases[row["phase"]].active += row["n"]
        elif row["status"] == Status.ON_HOLD:
            phases[row["phase"]].on_hold += row["n"]

    # 2. Conversion and time per phase from the stays.
    stints = PhaseStint.objects.filter(initiative__in=scope.values("pk"))
    days = (EpochSeconds(F("exited_at") - F("entered_at")) - F("held_seconds")) / 86400.0
    for row in stints.values("phase").annotate(
        entered=Count("initiative_id", distinct=True),
        advanced=Count("initiative_id", distinct=True, filter=Q(outcome=PhaseOutcome.ADVANCED)),
        median=Percentile(days, 0.5, filter=Q(exited_at__isnull=False)),
        p90=Percentile(days, 0.9, filter=Q(exited_at__isnull=False)),
    ):
        figures = phases[row["phase"]]
        figures.entered = row["entered"]
        figures.advanced = row["advanced"]
        figures.median_days = None if row["median"] is None else round(row["median"], 1)
        figures.p90_days = None if row["p90"] is None else round(row["p90"], 1)

    # 3. Why initiatives stopped.
    stopped = scope.filter(status=Status.STOPPED)
    by_mode = {mode: 0 for mode in FailureMode.values}
    not_a_failure = 0
    for row in stopped.values("stop_primary_failure_mode", "stop_not_a_failure").annotate(n=Count("pk")):
        if row["stop_not_a_failure"]:
            not_a_failure += row["n"]
        elif row["stop_primary_failure_mode"]:
            by_mode[row["stop_primary_failure_mode"]] += row["n"]
    contributing = {mode: 0 for mode in FailureMode.values}
    for row in (
        stopped.annotate(mode=Func(F("stop_contributing_modes"), function="unnest"))
        .values("mode")
        .annotate(n=Count("pk"))
    ):
        if row["mode"] in contributing:
            contributing[row["mode"]] += row["n"]

    # 4. Value: the latest hypothesis of each initiative against what was measured over the last twelve months.
    open_statuses = [Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION]
    hypothesis = scope.filter(status__in=open_statuses, current_roi__isnull=False).aggregate(
        hypothesised=Sum("current_roi__reporting_net_annual_value"),
        hypothesised_benefit=Sum("current_roi__reporting_annual_benefit"),
        production=Sum("current_roi__reporting_net_annual_value", filter=Q(status=Status.IN_PRODUCTION)),
    )
    realised = RealisedValueEntry.objects.filter(
        initiative__in=scope.values("pk"), period_end__gt=timezone.localdate(now) - datetime.timedelta(days=365)
    ).aggregate(net=Sum("reporting_net_value"), benefit=Sum("reporting_measured_benefit"))
    zero = Decimal("0.00")
    value = {
        "currency": settings.REPORTING_CURRENCY,
        "hypothesised_net_annual_value": hypothesis["hypothesised"] or zero,
        "hypothesised_annual_benefit": hypothesis["hypothesised_benefit"] or zero,
        "production_hypothesised_net_annual_value": hypothesis["production"] or zero,
        "realised_net_value_12m": realised["net"] or zero,
        "realised_benefit_12m": realised["benefit"] or zero,
    }

    return Funnel(
        total=sum(by_status.values()),
        by_status=by_status,
        phases=list(phases.values()),
        overdue=overdue,
        stops_by_failure_mode=by_mode,
        stops_contributing=contributing,
        stops_not_a_failure=not_a_failure,
        value=value,
    )
