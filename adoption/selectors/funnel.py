"""The executive funnel: counts, conversion, time per phase, overdue, stops by failure mode, value; scoped to the user.

Every figure comes from a fixed number of aggregate queries, whatever the size of the portfolio.
Definitions (PRODUCT.md §6): a cohort is the quarter an initiative was created; conversion from phase X is the
share of the initiatives that ever entered X which later entered the next phase (production after scaling); days in
a phase exclude time on hold and count finished stays; overdue means active and past the planned phase end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Floor, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import PHASE_ORDER, CriterionKind, FailureMode, PhaseOutcome, Status
from adoption.display import QUARTER
from adoption.models import (
    BusinessUnit,
    FunnelDays,
    FunnelTally,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
    ModelOption,
    PhaseStint,
    RealisedValueEntry,
)
from adoption.models.clock import overdue_condition
from adoption.selectors.initiatives import initiative_list_visible
from core.exceptions import InvalidInput
from governance.access import view_scope

COHORT = QUARTER  # a cohort is a quarter: "2026Q3" (read by adoption.display, which also names it)


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: the value below which a fraction of the rows fall (interpolated)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


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
    finished: int = 0  # stays that ended (advanced or stopped): what the days are the percentiles of
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
    # Benchmark against reality, by model: how far offline evaluation scores sat above the task success of real
    # users (widest mean gap first).
    reality_gaps: list[RealityGap] = field(default_factory=list)


@dataclass(frozen=True)
class RealityGap:
    model: str
    initiatives: int
    mean_gap: Decimal
    widest_gap: Decimal


def _reality_gaps(funnel: Funnel, rows: QuerySet | None) -> None:
    """Two queries: the recorded gaps of the benchmark-against-reality criteria in scope, by the initiative's chosen
    model (else what it says it uses)."""
    # The templates first (a handful, most portfolios none): the criteria are then found through their index.
    templates = list(GateCriterionTemplate.objects.filter(kind=CriterionKind.REALITY_GAP).values_list("pk", flat=True))
    if not templates:
        return
    chosen = ModelOption.objects.filter(initiative=OuterRef("initiative"), is_chosen=True).values("name")[:1]
    criteria = GateCriterion.objects.filter(template_id__in=templates, metric_value__isnull=False).exclude(
        initiative__status=Status.VOIDED
    )
    if rows is not None:
        criteria = criteria.filter(initiative__in=rows.values("pk"))
    named = Coalesce(Subquery(chosen), NullIf("initiative__models_used", Value("")), Value("—"))
    grouped = (
        criteria.annotate(model=named)
        .values("model")
        .annotate(n=Count("initiative", distinct=True), mean=Avg("metric_value"), widest=Max("metric_value"))
        .order_by("-mean", "model")[:50]
    )
    funnel.reality_gaps = [
        RealityGap(row["model"], row["n"], row["mean"].quantize(Decimal("0.0001")), row["widest"]) for row in grouped
    ]


def funnel_scope(*, user, business_unit: BusinessUnit | None = None, cohort: str | None = None) -> QuerySet:
    """The initiatives the funnel counts: visible to ``user``, in the unit (and its sub-units), of the cohort; never
    a voided one (registered by mistake)."""
    queryset = initiative_list_visible(user=user).exclude(status=Status.VOIDED)
    if business_unit is not None:
        queryset = queryset.filter(business_unit__path__startswith=business_unit.path)
    if cohort:
        start, end = cohort_range(cohort)
        queryset = queryset.filter(created_at__gte=start, created_at__lt=end)
    return queryset


def funnel_summary(*, user, business_unit: BusinessUnit | None = None, cohort: str | None = None) -> Funnel:
    """The funnel for ``user``'s scope, optionally narrowed to a business unit and a cohort quarter.

    Without a cohort the counts and sums come from the running totals per business unit (``FunnelTally``), so
    they cost the same for 100 initiatives or 100,000; initiatives granted one by one outside the units a user
    sees whole are counted from their rows. A cohort is a slice of the rows, counted from them."""
    if cohort:
        return funnel_summary_from_rows(user=user, business_unit=business_unit, cohort=cohort)
    now = timezone.now()
    funnel = _empty_funnel()
    scope = view_scope(user=user)
    # A unit filter is a path prefix: "this unit and its sub-units", joined in rather than listed first.
    in_unit = Q() if business_unit is None else Q(business_unit__path__startswith=business_unit.path)
    tallies = FunnelTally.objects.filter(in_unit)
    extra: list[int] = []
    if scope is None:
        _count_tally(funnel, tallies)
        rows = None if business_unit is None else Initiative.objects.filter(in_unit)
        # The whole portfolio's histogram is kept on its own (the rows without a unit).
        histogram = FunnelDays.objects.filter(in_unit, business_unit__isnull=business_unit is None)
    else:
        units, direct = scope
        # Initiatives granted one by one outside the units seen whole: a user's own short list, read first so that
        # the usual case (none) costs neither their four counting queries nor a union in every later filter.
        extra = (
            list(
                Initiative.objects.filter(in_unit, pk__in=direct)
                .exclude(business_unit_id__in=units)
                .values_list("pk", flat=True)
            )
            if direct
            else []
        )
        _count_tally(funnel, tallies.filter(business_unit_id__in=units))
        histogram = FunnelDays.objects.filter(in_unit, business_unit_id__in=units)
        rows = Initiative.objects.filter(in_unit, business_unit_id__in=units)
        if extra:
            _count_rows(funnel, Initiative.objects.filter(pk__in=extra))
            rows = Initiative.objects.filter(
                pk__in=rows.values("pk").union(Initiative.objects.filter(pk__in=extra).values("pk"), all=True)
            )
    _time_figures(funnel, rows, now=now, percentiles=False)
    counted = None
    if rows is not None:
        counted = Initiative.objects.filter(in_unit).exclude(status=Status.VOIDED)
        if scope is not None:
            counted = counted.filter(Q(business_unit_id__in=scope[0]) | Q(pk__in=extra))
    _days_percentiles(funnel, histogram, counted, extra)
    _reality_gaps(funnel, rows)
    return funnel


def hypothesised_benefit_by_unit(*, user) -> dict[int, Decimal]:
    """The current ROI estimates' annual benefit (reporting currency) of the initiatives ``user`` sees, voided ones
    left out, per business unit that holds any of them: from the running totals (one query), initiatives granted
    one by one outside the units seen whole from their rows (one more, only for those who have such grants)."""
    scope = view_scope(user=user)
    tallies = FunnelTally.objects.filter(kind=Kind.STATUS)
    units, direct = scope if scope is not None else (None, [])
    if units is not None:
        tallies = tallies.filter(business_unit_id__in=units)
    grouped = tallies.values("business_unit_id").annotate(total=Sum("n"), benefit_sum=Sum("benefit"))
    sums = {
        unit: benefit for unit, benefit in grouped.filter(total__gt=0).values_list("business_unit_id", "benefit_sum")
    }
    if direct:
        extra = (
            Initiative.objects.filter(pk__in=direct).exclude(business_unit_id__in=units).exclude(status=Status.VOIDED)
        )
        for unit, benefit in (
            extra.values("business_unit_id")
            .annotate(benefit_sum=Sum("current_roi__reporting_annual_benefit"))
            .values_list("business_unit_id", "benefit_sum")
        ):
            sums[unit] = sums.get(unit, Decimal("0.00")) + (benefit or Decimal("0.00"))
    return sums


def status_counts(*, user, business_unit: BusinessUnit | None = None) -> dict[tuple[str, str], int] | None:
    """How many initiatives ``user`` sees in each (status, phase), in the unit and its sub-units when given, voided
    ones left out: from the running totals per business unit (``FunnelTally``), so a few hundred rows are summed
    whatever the number of initiatives. None when the user also sees initiatives granted one by one outside the
    units they see whole: those are counted from their rows by the caller."""
    scope = view_scope(user=user)
    tallies = FunnelTally.objects.filter(kind=FunnelTally.Kind.STATUS)
    if business_unit is not None:
        tallies = tallies.filter(business_unit__path__startswith=business_unit.path)
    if scope is not None:
        units, direct = scope
        if direct and Initiative.objects.filter(pk__in=direct).exclude(business_unit_id__in=units).exists():
            return None
        tallies = tallies.filter(business_unit_id__in=units)
    rows = tallies.order_by().values("status", "phase").annotate(total=Sum("n")).values_list("status", "phase", "total")
    return {(status, phase): total for status, phase, total in rows if total}


def funnel_by_unit(*, now: datetime.datetime | None = None) -> dict[int, Funnel]:
    """The funnel of every business unit on its own (the initiatives directly in it, not its sub-units), unscoped:
    counts and sums from the running totals, overdue and the value realised in the last twelve months from the rows.
    Four queries, whatever the number of units. Days per phase and reality gaps are left out (they are not summed
    across units). For the weekly snapshots, which are taken for everyone and read through the viewer's scope."""
    now = now or timezone.now()
    funnels: dict[int, Funnel] = {pk: _empty_funnel() for pk in BusinessUnit.objects.values_list("pk", flat=True)}
    for row in FunnelTally.objects.values("business_unit_id", "kind", "phase", "status", "mode").annotate(
        total=Sum("n"), net_sum=Sum("net"), benefit_sum=Sum("benefit")
    ):
        funnel = funnels.setdefault(row["business_unit_id"], _empty_funnel())
        _add(
            funnel,
            row["kind"],
            phase=row["phase"],
            status=row["status"],
            mode=row["mode"],
            n=row["total"],
            net=row["net_sum"],
            benefit=row["benefit_sum"],
        )
    overdue = Initiative.objects.filter(overdue_condition(now)).values("business_unit_id").annotate(n=Count("pk"))
    for row in overdue:
        funnels.setdefault(row["business_unit_id"], _empty_funnel()).overdue = row["n"]
    realised = (
        RealisedValueEntry.objects.filter(period_end__gt=timezone.localdate(now) - datetime.timedelta(days=365))
        .values(unit=F("initiative__business_unit_id"))
        .annotate(net=Sum("reporting_net_value"), benefit=Sum("reporting_measured_benefit"))
    )
    for row in realised:
        value = funnels.setdefault(row["unit"], _empty_funnel()).value
        value["realised_net_value_12m"] = row["net"] or Decimal("0.00")
        value["realised_benefit_12m"] = row["benefit"] or Decimal("0.00")
    return funnels


def funnel_summary_from_rows(*, user, business_unit: BusinessUnit | None = None, cohort: str | None = None) -> Funnel:
    """The same funnel counted from the initiatives and stays themselves (for cohorts, and to check the totals)."""
    scope = funnel_scope(user=user, business_unit=business_unit, cohort=cohort)
    funnel = _empty_funnel()
    _count_rows(funnel, scope)
    _time_figures(funnel, scope, now=timezone.now())
    _reality_gaps(funnel, scope)
    return funnel


def _empty_funnel() -> Funnel:
    zero = Decimal("0.00")
    return Funnel(
        total=0,
        by_status={status: 0 for status in Status.values if status != Status.VOIDED},
        phases=[PhaseFigures(phase=phase) for phase in PHASE_ORDER],
        overdue=0,
        stops_by_failure_mode={mode: 0 for mode in FailureMode.values},
        stops_contributing={mode: 0 for mode in FailureMode.values},
        stops_not_a_failure=0,
        value={
            "currency": settings.REPORTING_CURRENCY,
            "hypothesised_net_annual_value": zero,
            "hypothesised_annual_benefit": zero,
            "production_hypothesised_net_annual_value": zero,
            "realised_net_value_12m": zero,
            "realised_benefit_12m": zero,
        },
    )


OPEN_STATUSES = (Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION)
Kind = FunnelTally.Kind


def _add(funnel: Funnel, kind: str, *, phase="", status="", mode="", n=0, net=None, benefit=None) -> None:
    """Add one bucket's count (and, for a status bucket, its sums) to ``funnel``; both counting paths meet here."""
    figures = {f.phase: f for f in funnel.phases}
    if kind == Kind.STATUS:
        funnel.by_status[status] += n
        funnel.total += n
        if status == Status.ACTIVE:
            figures[phase].active += n
        elif status == Status.ON_HOLD:
            figures[phase].on_hold += n
        if status in OPEN_STATUSES:
            funnel.value["hypothesised_net_annual_value"] += net or 0
            funnel.value["hypothesised_annual_benefit"] += benefit or 0
        if status == Status.IN_PRODUCTION:
            funnel.value["production_hypothesised_net_annual_value"] += net or 0
    elif kind == Kind.ENTERED:
        figures[phase].entered += n
    elif kind == Kind.ADVANCED:
        figures[phase].advanced += n
    elif kind == Kind.FINISHED:
        figures[phase].finished += n
    elif kind == Kind.STOP_PRIMARY and mode in funnel.stops_by_failure_mode:
        funnel.stops_by_failure_mode[mode] += n
    elif kind == Kind.NOT_A_FAILURE:
        funnel.stops_not_a_failure += n
    elif kind == Kind.STOP_CONTRIBUTING and mode in funnel.stops_contributing:
        funnel.stops_contributing[mode] += n


def _count_tally(funnel: Funnel, tallies: QuerySet[FunnelTally]) -> None:
    """Counts and sums from the running totals ``tallies`` (of the units in scope), in one query."""
    for row in tallies.values("kind", "phase", "status", "mode").annotate(
        total=Sum("n"), net_sum=Sum("net"), benefit_sum=Sum("benefit")
    ):
        _add(
            funnel,
            row["kind"],
            phase=row["phase"],
            status=row["status"],
            mode=row["mode"],
            n=row["total"],
            net=row["net_sum"],
            benefit=row["benefit_sum"],
        )


def _count_rows(funnel: Funnel, scope: QuerySet) -> None:
    """The same counts and sums from the rows of the initiatives in ``scope`` and their stays (four queries); voided
    initiatives are left out, as the running totals leave them out."""
    scope = scope.exclude(status=Status.VOIDED)
    for row in scope.values("phase", "status").annotate(
        n=Count("pk"),
        net_sum=Sum("current_roi__reporting_net_annual_value"),
        benefit_sum=Sum("current_roi__reporting_annual_benefit"),
    ):
        _add(
            funnel,
            Kind.STATUS,
            phase=row["phase"],
            status=row["status"],
            n=row["n"],
            net=row["net_sum"],
            benefit=row["benefit_sum"],
        )
    # One stay per initiative and phase (a constraint), so counting stays counts initiatives.
    for row in (
        PhaseStint.objects.filter(initiative__in=scope.values("pk"))
        .values("phase")
        .annotate(
            entered=Count("pk"),
            advanced=Count("pk", filter=Q(outcome=PhaseOutcome.ADVANCED)),
            finished=Count("pk", filter=Q(exited_at__isnull=False)),
        )
    ):
        _add(funnel, Kind.ENTERED, phase=row["phase"], n=row["entered"])
        _add(funnel, Kind.ADVANCED, phase=row["phase"], n=row["advanced"])
        _add(funnel, Kind.FINISHED, phase=row["phase"], n=row["finished"])
    stopped = scope.filter(status=Status.STOPPED)
    for row in stopped.values("stop_primary_failure_mode", "stop_not_a_failure").annotate(n=Count("pk")):
        if row["stop_not_a_failure"]:
            _add(funnel, Kind.NOT_A_FAILURE, n=row["n"])
        elif row["stop_primary_failure_mode"]:
            _add(funnel, Kind.STOP_PRIMARY, mode=row["stop_primary_failure_mode"], n=row["n"])
    for row in (
        stopped.annotate(mode=Func(F("stop_contributing_modes"), function="unnest"))
        .values("mode")
        .annotate(n=Count("pk"))
    ):
        _add(funnel, Kind.STOP_CONTRIBUTING, mode=row["mode"], n=row["n"])


def _days_percentiles(
    funnel: Funnel, histogram: QuerySet[FunnelDays], counted: QuerySet | None, extra: list[int]
) -> None:
    """Median and 90th percentile of the days of the finished stays counted, exactly as ``percentile_cont`` gives them
    (interpolated between the two values around rank fraction × (n - 1)), in two queries whatever the portfolio's
    size: the whole days the ranks fall on, from the histogram ``histogram`` (rows of ``FunnelDays``; plus the
    finished stays of ``extra``, the initiatives granted one by one, counted from their rows); then the exact values
    at those ranks, read in order from the index on (phase, days) starting at that day, so past that day's stays at
    most. ``counted``: the initiatives whose stays count (None: all but the voided)."""
    counts: dict[tuple[str, int], int] = {}
    for phase, day, n in (
        histogram.values("phase", "days").annotate(total=Sum("n")).values_list("phase", "days", "total")
    ):
        counts[phase, day] = counts.get((phase, day), 0) + n
    if extra:
        extra_stays = PhaseStint.objects.filter(initiative__in=extra, exited_at__isnull=False).exclude(
            initiative__status=Status.VOIDED
        )
        for phase, day, n in (
            extra_stays.values("phase", day=Floor("days")).annotate(n=Count("pk")).values_list("phase", "day", "n")
        ):
            counts[phase, int(day)] = counts.get((phase, int(day)), 0) + n
    by_phase: dict[str, list[tuple[int, int]]] = {}
    for (phase, day), n in sorted(counts.items()):
        if n:
            by_phase.setdefault(phase, []).append((day, n))
    # The figure, its phase and position, the day its rank falls on and its rank among that day's stays.
    wanted: list[tuple[str, str, float, int, int]] = []
    for phase, days in by_phase.items():
        finished = sum(n for _, n in days)
        for name, fraction in (("median_days", 0.5), ("p90_days", 0.9)):
            position = fraction * (finished - 1)
            rank, before = int(position), 0
            for day, n in days:
                if rank < before + n:
                    wanted.append((name, phase, position, day, rank - before))
                    break
                before += n
    if not wanted:
        return
    stays = PhaseStint.objects.filter(exited_at__isnull=False)
    if counted is not None:
        stays = stays.filter(Exists(counted.filter(pk=OuterRef("initiative_id"))))
    elif Initiative.objects.filter(status=Status.VOIDED).exists():
        # The stays of voided initiatives are not counted; asked only when some initiative is voided at all.
        stays = stays.exclude(Exists(Initiative.objects.filter(pk=OuterRef("initiative_id"), status=Status.VOIDED)))
    # Two values from each rank on (the second one for the interpolation), one compound query.
    parts = [
        stays.filter(phase=phase, days__gte=day)
        .order_by("days")
        .annotate(want=Value(index))
        .values_list("want", "days")[within : within + 2]
        for index, (_name, phase, _position, day, within) in enumerate(wanted)
    ]
    values: dict[int, list[float]] = {}
    for index, days in parts[0].union(*parts[1:], all=True).order_by():
        values.setdefault(index, []).append(days)
    figures = {f.phase: f for f in funnel.phases}
    for index, (name, phase, position, _day, _within) in enumerate(wanted):
        around = sorted(values.get(index, []))
        if not around:  # the histogram and the stays disagree; leave the figure out rather than guess
            continue
        low, high = around[0], around[-1]
        setattr(figures[phase], name, round(low + (high - low) * (position - int(position)), 1))


def _time_figures(funnel: Funnel, scope: QuerySet | None, *, now: datetime.datetime, percentiles: bool = True) -> None:
    """What depends on the clock or needs every value (overdue, value realised in the last twelve months, and with
    ``percentiles`` days per phase), from the rows of ``scope`` (None: the whole portfolio, without a filter), in
    at most three queries."""
    scope = None if scope is None else scope.exclude(status=Status.VOIDED)
    initiatives = Initiative.objects.all() if scope is None else scope
    funnel.overdue = initiatives.filter(overdue_condition(now)).count()

    realised = RealisedValueEntry.objects.filter(
        period_end__gt=timezone.localdate(now) - datetime.timedelta(days=365)
    ).exclude(initiative__status=Status.VOIDED)
    if scope is not None:
        realised = realised.filter(initiative__in=scope.values("pk"))
    if scope is not None and percentiles:
        figures = {f.phase: f for f in funnel.phases}
        for row in (
            PhaseStint.objects.filter(exited_at__isnull=False, initiative__in=scope.values("pk"))
            .values("phase")
            .annotate(median=Percentile("days", 0.5), p90=Percentile("days", 0.9))
        ):
            figures[row["phase"]].median_days = round(row["median"], 1)
            figures[row["phase"]].p90_days = round(row["p90"], 1)

    sums = realised.aggregate(net=Sum("reporting_net_value"), benefit=Sum("reporting_measured_benefit"))
    funnel.value["realised_net_value_12m"] = sums["net"] or Decimal("0.00")
    funnel.value["realised_benefit_12m"] = sums["benefit"] or Decimal("0.00")


def cohorts_visible(*, user) -> list[str]:
    """Quarters in which the initiatives ``user`` may see were created, newest first, as "2026Q3".

    One query that hops from quarter to quarter (a recursive CTE: the first creation time at or after the start of
    the next quarter, read from the index on ``created_at``), so it costs one index probe per quarter of history,
    not a pass over every initiative."""
    try:
        visible, params = initiative_list_visible(user=user).order_by().values("created_at").query.sql_with_params()
    except EmptyResultSet:
        return []
    zone = timezone.get_current_timezone_name()
    sql = f"""
        WITH RECURSIVE quarter(start) AS (
            SELECT date_trunc('quarter', min(v.created_at) AT TIME ZONE %s) FROM ({visible}) v
            UNION ALL
            SELECT (
                SELECT date_trunc('quarter', min(v.created_at) AT TIME ZONE %s) FROM ({visible}) v
                WHERE v.created_at >= (quarter.start + interval '3 months') AT TIME ZONE %s
            )
            FROM quarter WHERE quarter.start IS NOT NULL
        )
        SELECT start FROM quarter WHERE start IS NOT NULL
    """  # noqa: S608 (the visible set's SQL is Django's own, its values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [zone, *params, zone, *params, zone])
        starts = [row[0] for row in cursor.fetchall()]
    return [f"{q.year}Q{(q.month - 1) // 3 + 1}" for q in sorted(starts, reverse=True)]
