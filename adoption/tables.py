"""The tables of the funnel and of the Monday view as a header and rows, for their CSV exports.

The pages show the same figures beside their charts; a CSV holds plain numbers (no grouping, amounts with two
decimals, ratios as fractions) so a spreadsheet can compute with them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.charts import value_items
from adoption.choices import FailureMode, Phase, Status

Table = tuple[list[str], list[list]]


def _amount(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _phase(code: str) -> str:
    return str(Phase(code).label)


def funnel_now(funnel, currency: str) -> Table:
    rows = [[_phase(p.phase), p.active, p.on_hold] for p in funnel.phases]
    rows += [[str(Status(s).label), funnel.by_status.get(s, 0), ""] for s in ("in_production", "stopped", "retired")]
    return [_("Phase or status"), _("Active"), _("On hold")], rows


def funnel_conversion(funnel, currency: str) -> Table:
    rows = [
        [_phase(p.phase), p.entered, p.advanced, "" if p.conversion is None else p.conversion] for p in funnel.phases
    ]
    return [_("Phase"), _("Entered"), _("Advanced"), _("Conversion")], rows


def funnel_days(funnel, currency: str) -> Table:
    rows = [[_phase(p.phase), _blank(p.median_days), _blank(p.p90_days)] for p in funnel.phases]
    return [_("Phase"), _("Median"), _("90th percentile")], rows


def funnel_stops(funnel, currency: str) -> Table:
    rows = [
        [str(FailureMode(mode).label), n, funnel.stops_contributing.get(mode, 0)]
        for mode, n in funnel.stops_by_failure_mode.items()
    ]
    rows.append([_("Not a failure"), funnel.stops_not_a_failure, ""])
    return [_("Failure mode"), _("Primary"), _("Contributing")], rows


def funnel_value(funnel, currency: str) -> Table:
    rows = [[label, _amount(amount), currency] for label, amount, _realised in value_items(funnel.value)]
    return [_("Figure"), _("Amount"), _("Currency")], rows


def funnel_gaps(funnel, currency: str) -> Table:
    rows = [[gap.model, gap.initiatives, gap.mean_gap, gap.widest_gap] for gap in funnel.reality_gaps]
    return [_("Model"), _("Initiatives"), _("Mean gap"), _("Widest gap")], rows


def _blank(value):
    return "" if value is None else value


# name in the URL: (what the file is called, how its table is made)
FUNNEL_TABLES: dict[str, tuple[object, Callable[..., Table]]] = {
    "now": (gettext_lazy("Where initiatives are now"), funnel_now),
    "conversion": (gettext_lazy("Conversion between phases"), funnel_conversion),
    "days": (gettext_lazy("Days per phase"), funnel_days),
    "stops": (gettext_lazy("Why initiatives stop"), funnel_stops),
    "value": (gettext_lazy("Hypothesised and realised value"), funnel_value),
    "gaps": (gettext_lazy("Benchmark against reality"), funnel_gaps),
}


def _week_columns() -> list[str]:
    return [
        _("Initiatives"),
        _("Active in a phase"),
        _("On hold"),
        _("In production"),
        _("Stopped"),
        _("Overdue"),
        _("Entered this week"),
        _("Advanced this week"),
        _("Stopped this week"),
        _("Hypothesised net annual value, open initiatives"),
        _("Realised net value recorded this week"),
        _("Realised net value, last 12 months"),
        _("Currency"),
    ]


def _week_cells(figures, currency: str) -> list:
    statuses = figures.statuses
    return [
        figures.total,
        statuses.get(Status.ACTIVE, 0),
        statuses.get(Status.ON_HOLD, 0),
        statuses.get(Status.IN_PRODUCTION, 0),
        statuses.get(Status.STOPPED, 0),
        figures.overdue,
        figures.entered,
        figures.advanced,
        figures.stopped,
        _amount(figures.hypothesised_value),
        _amount(figures.realised_value),
        _amount(figures.realised_value_12m),
        currency,
    ]


def monday_weeks(view) -> Table:
    rows = [[week.label, week.week.isoformat(), *_week_cells(week.figures, view.currency)] for week in view.weeks]
    return [_("Week"), _("Week starting"), *_week_columns()], rows


def monday_units(view) -> Table:
    label = view.latest.label if view.latest else ""
    rows = [[label, item.unit.code, item.unit.name, *_week_cells(item.figures, view.currency)] for item in view.units]
    return [_("Week"), _("Unit code"), _("Business unit"), *_week_columns()], rows


MONDAY_TABLES: dict[str, tuple[object, Callable[..., Table]]] = {
    "weeks": (gettext_lazy("Last 13 weeks"), monday_weeks),
    "units": (gettext_lazy("Business units side by side"), monday_units),
}
