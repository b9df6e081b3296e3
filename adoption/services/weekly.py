"""The weekly snapshots behind the Monday view (``adoption.models.weekly``): taken once per ISO week, never changed.

``weekly_snapshot_take()`` runs from beat early on Monday (``config/schedule.py``) and from
``manage.py weekly_snapshot``: it records the week that has just ended, one row per business unit and one for the
whole portfolio. Running it again for a week already recorded writes nothing, so retries and a second beat are
harmless. The funnel's figures come from the funnel's own selector (``funnel_by_unit()``); what happened during the
week is counted here, in four grouped queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from adoption.choices import PhaseOutcome
from adoption.models import Initiative, PhaseStint, RealisedValueEntry, WeeklySnapshot
from adoption.selectors.funnel import Funnel, funnel_by_unit

SNAPSHOT_LOCK_KEY = 0x3EE1C5


@dataclass
class WeekFigures:
    """One row of a week: the funnel at its end and what happened during it."""

    total: int = 0
    statuses: dict = field(default_factory=dict)
    phases: dict = field(default_factory=dict)
    overdue: int = 0
    entered: int = 0
    advanced: int = 0
    stopped: int = 0
    hypothesised_value: Decimal = Decimal("0.00")
    realised_value: Decimal = Decimal("0.00")
    realised_value_12m: Decimal = Decimal("0.00")

    @classmethod
    def from_funnel(cls, funnel: Funnel) -> WeekFigures:
        return cls(
            total=funnel.total,
            statuses={status: n for status, n in funnel.by_status.items()},
            phases={
                p.phase: {"active": p.active, "on_hold": p.on_hold, "entered": p.entered, "advanced": p.advanced}
                for p in funnel.phases
            },
            overdue=funnel.overdue,
            hypothesised_value=Decimal(funnel.value["hypothesised_net_annual_value"]),
            realised_value_12m=Decimal(funnel.value["realised_net_value_12m"]),
        )

    def add(self, other: WeekFigures) -> None:
        """Add ``other``'s figures to these (to make the whole portfolio's row of the units' rows)."""
        for name in (f.name for f in fields(self)):
            mine, theirs = getattr(self, name), getattr(other, name)
            if name == "statuses":
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            elif name == "phases":
                for phase, counts in theirs.items():
                    into = mine.setdefault(phase, {})
                    for key, n in counts.items():
                        into[key] = into.get(key, 0) + n
            else:
                setattr(self, name, mine + theirs)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def last_complete_week(now: datetime.datetime) -> datetime.date:
    """The Monday of the last ISO week that has ended by ``now`` (in the deployment's time zone)."""
    return week_start(timezone.localdate(now)) - datetime.timedelta(days=7)


def week_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the week starting on ``week`` and of the next one, in the deployment's time zone."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(week, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def week_moves(week: datetime.date) -> dict[int, dict[str, int | Decimal]]:
    """Per business unit, what happened during the week: initiatives registered (entered the funnel), stays that
    ended by moving to the next phase (advanced), initiatives stopped, and realised net value recorded."""
    start, end = week_bounds(week)
    moves: dict[int, dict] = {}

    def put(unit: int, name: str, value) -> None:
        moves.setdefault(unit, {})[name] = value or 0

    for row in (
        Initiative.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("business_unit_id")
        .annotate(n=Count("pk"))
    ):
        put(row["business_unit_id"], "entered", row["n"])
    for row in (
        PhaseStint.objects.filter(outcome=PhaseOutcome.ADVANCED, exited_at__gte=start, exited_at__lt=end)
        .values(unit=F("initiative__business_unit_id"))
        .annotate(n=Count("pk"))
    ):
        put(row["unit"], "advanced", row["n"])
    for row in (
        Initiative.objects.filter(stopped_at__gte=start, stopped_at__lt=end)
        .values("business_unit_id")
        .annotate(n=Count("pk"))
    ):
        put(row["business_unit_id"], "stopped", row["n"])
    for row in (
        RealisedValueEntry.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
        .values(unit=F("initiative__business_unit_id"))
        .annotate(net=Sum("reporting_net_value"))
    ):
        put(row["unit"], "realised_value", row["net"])
    return moves


def weekly_snapshot_store(*, week: datetime.date, units: dict[int, WeekFigures], taken_at: datetime.datetime) -> int:
    """Record ``week`` (a Monday) for the units ``units`` names and a row for their sum, unless the week is
    recorded already; returns the rows written (0 when it was). Two runs at once write one set: the second waits
    for the first, then finds the week recorded."""
    if week.weekday() != 0:
        raise ValueError("A week is named by its Monday.")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SNAPSHOT_LOCK_KEY])
        if WeeklySnapshot.objects.filter(week=week).exists():
            return 0
        whole = WeekFigures()
        for figures in units.values():
            whole.add(figures)
        common = {"week": week, "taken_at": taken_at, "currency": settings.REPORTING_CURRENCY}
        rows = [WeeklySnapshot(business_unit_id=None, **common, **vars(whole))]
        rows += [WeeklySnapshot(business_unit_id=unit, **common, **vars(figures)) for unit, figures in units.items()]
        WeeklySnapshot.objects.bulk_create(rows)
        return len(rows)


def weekly_snapshot_take(*, now: datetime.datetime | None = None, week: datetime.date | None = None) -> int:
    """Record the last complete week (or ``week``, a Monday) as the funnel stands now; nothing when it is recorded
    already. Returns the rows written."""
    now = now or timezone.now()
    week = week or last_complete_week(now)
    units = {unit: WeekFigures.from_funnel(funnel) for unit, funnel in funnel_by_unit(now=now).items()}
    for unit, moved in week_moves(week).items():
        figures = units.setdefault(unit, WeekFigures())
        for name, value in moved.items():
            setattr(figures, name, value)
    return weekly_snapshot_store(week=week, units=units, taken_at=now)
