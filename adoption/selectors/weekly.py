"""The Monday view: the stored weekly snapshots (``adoption.models.weekly``) a person may see, summed over their units.

Snapshots are kept per business unit, so a person sees the units they see whole (``governance.access.view_scope``);
executives and the CoE see everything, read from the whole portfolio's row. Initiatives granted one by one are not
in any weekly figure (a unit's history is not theirs to read). Two queries, whatever the number of weeks or units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from adoption.models import BusinessUnit, WeeklySnapshot
from adoption.services.weekly import WeekFigures
from governance.access import view_scope

TREND_WEEKS = 13
FIGURES = [name for name in WeekFigures.__dataclass_fields__]


@dataclass
class Week:
    week: datetime.date
    figures: WeekFigures

    @property
    def label(self) -> str:
        year, number, _day = self.week.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def last_day(self) -> datetime.date:
        return self.week + datetime.timedelta(days=6)


@dataclass
class UnitWeek:
    unit: BusinessUnit
    figures: WeekFigures


@dataclass
class MondayView:
    weeks: list[Week] = field(default_factory=list)  # oldest first
    units: list[UnitWeek] = field(default_factory=list)  # the latest week, per unit
    currency: str = ""
    whole_unit_scope: bool = True  # False: the person sees no business unit whole

    @property
    def latest(self) -> Week | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def previous(self) -> Week | None:
        return self.weeks[-2] if len(self.weeks) > 1 else None


def _figures(row: WeeklySnapshot) -> WeekFigures:
    return WeekFigures(**{name: getattr(row, name) for name in FIGURES})


def monday_view(*, user, business_unit: BusinessUnit | None = None, weeks: int = TREND_WEEKS) -> MondayView:
    """The last ``weeks`` recorded weeks for ``user``'s scope (narrowed to a unit and its sub-units), and the units'
    figures of the latest one side by side."""
    scope = view_scope(user=user)
    view = MondayView()
    rows = WeeklySnapshot.objects.all()
    if scope is not None:
        units, _direct = scope
        if not units:
            view.whole_unit_scope = False
            return view
        rows = rows.filter(business_unit_id__in=units)
    else:
        rows = rows.filter(Q(business_unit__isnull=True) if business_unit is None else Q(business_unit__isnull=False))
    if business_unit is not None:
        rows = rows.filter(business_unit__path__startswith=business_unit.path)
    recent = list(rows.order_by("-week").values_list("week", flat=True).distinct()[:weeks])
    if not recent:
        return view
    by_week: dict[datetime.date, WeekFigures] = {week: WeekFigures() for week in sorted(recent)}
    latest_units: list[UnitWeek] = []
    for row in rows.filter(week__in=recent).select_related("business_unit").order_by("week", "business_unit__name"):
        by_week[row.week].add(_figures(row))
        view.currency = row.currency
        if row.week == recent[0] and row.business_unit is not None:
            latest_units.append(UnitWeek(row.business_unit, _figures(row)))
    view.weeks = [Week(week, figures) for week, figures in by_week.items()]
    if scope is None and business_unit is None:
        # The whole portfolio's figures come from its own row; the units side by side are read for the latest week.
        latest_units = [
            UnitWeek(row.business_unit, _figures(row))
            for row in WeeklySnapshot.objects.filter(week=recent[0], business_unit__isnull=False)
            .select_related("business_unit")
            .order_by("business_unit__name")
        ]
    view.units = latest_units
    return view
