"""The board pack's sections: an ordered registry of (key, the function that freezes its figures, its template).

Each function takes the day the pack is taken (``today``; the pack reports on the month before it) and returns
JSON-ready, deterministic data: keys sorted when dumped, amounts and ratios as strings, no "now" anywhere, so that
the same portfolio on the same day gives the same snapshot and the same SHA-256. The partial renders that data
(``section``) in the active language; a past pack renders its stored data only.

Other parts add their sections here (value, kill list, vendors, regimes, incidents): one row each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.module_loading import import_string

from adoption.choices import PHASE_ORDER, Status
from adoption.models import BusinessUnit, Initiative
from adoption.selectors.funnel import funnel_by_unit


@dataclass(frozen=True)
class Section:
    key: str
    function: str  # dotted path of ``f(today) -> dict``
    template: str

    def freeze(self, today: datetime.date) -> dict:
        return import_string(self.function)(today)


SECTIONS: list[Section] = [
    Section("funnel", "reports.sections.board_pack_funnel", "boardpack/funnel.html"),
    Section("value", "finance.selectors.board_pack_value", "boardpack/value.html"),
    Section("kill_list", "analytics.selectors.kill_list.board_pack_kill_list", "boardpack/kill_list.html"),
    Section("vendors", "analytics.selectors.vendors.board_pack_vendors", "boardpack/vendors.html"),
]


def section_named(key: str) -> Section | None:
    return next((section for section in SECTIONS if section.key == key), None)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of ``month`` (its first day) and of the next month, in the deployment's time zone."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(month.replace(day=1), datetime.time.min, tzinfo=tz)
    following = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return start, datetime.datetime.combine(following, datetime.time.min, tzinfo=tz)


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def ratio(part: int, whole: int) -> str | None:
    """A share as a string with four decimals ("0.6667"), None when there is nothing to divide."""
    return str((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))) if whole else None


def board_pack_funnel(today: datetime.date) -> dict:
    """The whole portfolio's funnel at the start of ``today`` (the end of the month reported on): initiatives per
    status; per phase the active and held ones, how many ever entered it and advanced from it, and the conversion;
    initiatives stopped during the month; and the same counts per business unit (the initiatives directly in it).
    The counts are the funnel's own (``adoption.selectors.funnel.funnel_by_unit``); voided initiatives are left
    out, as the funnel leaves them out. Six queries."""
    as_of = datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_default_timezone())
    month = previous_month(today)
    start, end = month_bounds(month)
    funnels = funnel_by_unit(now=as_of)
    units = {unit.pk: unit for unit in BusinessUnit.objects.only("pk", "code", "name")}
    stopped_in_month = dict(
        Initiative.objects.filter(stopped_at__gte=start, stopped_at__lt=end)
        .exclude(status=Status.VOIDED)
        .values_list("business_unit_id")
        .annotate(n=Count("pk"))
    )
    statuses = [status for status in Status.values if status != Status.VOIDED]
    whole = {"total": 0, "statuses": dict.fromkeys(statuses, 0), "overdue": 0}
    phases = {phase: {"active": 0, "on_hold": 0, "entered": 0, "advanced": 0} for phase in PHASE_ORDER}
    rows = []
    for pk, funnel in funnels.items():
        if not funnel.total:
            continue
        whole["total"] += funnel.total
        whole["overdue"] += funnel.overdue
        for status in statuses:
            whole["statuses"][status] += funnel.by_status.get(status, 0)
        for figures in funnel.phases:
            into = phases[figures.phase]
            for name in into:
                into[name] += getattr(figures, name)
        unit = units.get(pk)
        rows.append(
            {
                "code": unit.code if unit else str(pk),
                "name": unit.name if unit else "",
                "total": funnel.total,
                "statuses": {status: funnel.by_status.get(status, 0) for status in statuses},
                "stopped_in_month": stopped_in_month.get(pk, 0),
            }
        )
    return {
        "as_of": today.isoformat(),
        "month": month.isoformat()[:7],
        "currency": settings.REPORTING_CURRENCY,
        **whole,
        "stopped_in_month": sum(stopped_in_month.values()),
        "phases": [
            {"phase": phase, **phases[phase], "conversion": ratio(phases[phase]["advanced"], phases[phase]["entered"])}
            for phase in PHASE_ORDER
        ],
        "units": sorted(rows, key=lambda row: row["code"]),
    }
