"""The ROI ledger: appending ROI versions, and recording spend and realised value (owner or CoE).

All three tables are append-only (the database refuses UPDATE and DELETE): a new estimate is a new version, a
correction is a new entry. The derived figures come from ``adoption.roi`` and are written into the audit event so
the trail shows what each estimate amounted to.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Max

from adoption import inputs, roi
from adoption.models import Initiative, RealisedValueEntry, RoiVersion, SpendEntry
from adoption.services.criteria import criteria_derive
from governance import actions
from governance.audit import audit_record, audit_save, snapshot

RECORD_ROI = "record_roi"
NOTE_LIMIT = 500
BENEFIT_FIELDS = ("benefit_cash_saving", "benefit_cost_avoidance", "benefit_revenue", "productivity_hourly_rate")
RUN_COST_FIELDS = ("one_off_cost", "run_cost_model", "run_cost_infrastructure", "run_cost_people")
ZERO = Decimal("0")


def roi_version_append(
    *,
    actor,
    initiative: Initiative,
    currency: str,
    rate_to_reporting: Decimal,
    rate_date: datetime.date,
    confidence: str,
    benefit_cash_saving: Decimal = ZERO,
    benefit_cost_avoidance: Decimal = ZERO,
    benefit_revenue: Decimal = ZERO,
    productivity_hours: Decimal = ZERO,
    productivity_hourly_rate: Decimal = ZERO,
    one_off_cost: Decimal = ZERO,
    run_cost_model: Decimal = ZERO,
    run_cost_infrastructure: Decimal = ZERO,
    run_cost_people: Decimal = ZERO,
    assumptions: str = "",
) -> RoiVersion:
    """Append the next version of the initiative's ROI hypothesis, recorded against its current phase."""
    values = inputs.RoiVersionInput.clean_arguments(locals())

    with transaction.atomic():
        initiative = actions.action_lock("record_roi", user=actor, initiative=initiative, no_key=True)
        # The initiative's row lock makes "last version + 1" safe against concurrent writers.
        last = RoiVersion.objects.filter(initiative=initiative).aggregate(last=Max("version"))["last"] or 0
        figures = roi.roi_figures(SimpleNamespace(**values))
        version = RoiVersion.objects.create(
            initiative=initiative,
            version=last + 1,
            phase=initiative.phase,
            recorded_by=actor,
            reporting_annual_benefit=figures.reporting_annual_benefit,
            reporting_net_annual_value=figures.reporting_net_annual_value,
            **values,
        )
        initiative.current_roi = version
        audit_save(
            initiative,
            ["current_roi", "updated_at"],
            actor=actor,
            verb="roi.version_appended",
            target=version,
            initiative=initiative,
            after={
                **snapshot(version, ["version", "phase", *values]),
                "figures": roi.roi_figures(version).as_dict(),
            },
        )
        criteria_derive(actor=actor, initiative=initiative)
    return version


def spend_record(
    *,
    actor,
    initiative: Initiative,
    period_start: datetime.date,
    period_end: datetime.date,
    category: str,
    amount: Decimal,
    currency: str,
    rate_to_reporting: Decimal,
    note: str = "",
) -> SpendEntry:
    """Record money spent on the initiative in a period (the period may still be running)."""
    values = inputs.SpendInput.clean_arguments(locals())

    with transaction.atomic():
        initiative = actions.action_lock("record_spend", user=actor, initiative=initiative, no_key=True)
        entry = SpendEntry.objects.create(initiative=initiative, recorded_by=actor, **values)
        audit_record(
            actor=actor,
            verb="roi.spend_recorded",
            target=entry,
            initiative=initiative,
            after={
                **snapshot(entry, list(values)),
                "reporting_amount": str(roi.to_reporting(entry.amount, entry.rate_to_reporting)),
            },
        )
    return entry


def realised_value_record(
    *,
    actor,
    initiative: Initiative,
    period_start: datetime.date,
    period_end: datetime.date,
    currency: str,
    rate_to_reporting: Decimal,
    benefit_cash_saving: Decimal = ZERO,
    benefit_cost_avoidance: Decimal = ZERO,
    benefit_revenue: Decimal = ZERO,
    productivity_hours: Decimal = ZERO,
    productivity_hourly_rate: Decimal = ZERO,
    measured_cost: Decimal = ZERO,
    note: str = "",
    redeployed_to: str = "",
) -> RealisedValueEntry:
    """Record the benefit and cost measured over a period that has ended (and where saved hours went)."""
    values = inputs.RealisedValueInput.clean_arguments(locals())

    with transaction.atomic():
        initiative = actions.action_lock("record_realised_value", user=actor, initiative=initiative, no_key=True)
        figures = roi.realised_figures(SimpleNamespace(**values))
        entry = RealisedValueEntry.objects.create(
            initiative=initiative,
            recorded_by=actor,
            reporting_measured_benefit=figures.reporting_measured_benefit,
            reporting_net_value=figures.reporting_net_value,
            **values,
        )
        after = {**snapshot(entry, list(values)), "figures": roi.realised_figures(entry).as_dict()}
        audit_record(actor=actor, verb="roi.realised_recorded", target=entry, initiative=initiative, after=after)
    return entry
