"""The failure-mode radar's table: each signal the tracker holds, the failure mode of seed 001 it points to, and
its weight — the one home of both. ``analytics.selectors.radar`` reads each signal off the records and scores
each mode as the share of its signals' weight that fires (0–100)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode


@dataclass(frozen=True)
class Signal:
    code: str
    mode: str
    weight: int
    label: str


SIGNALS: tuple[Signal, ...] = (
    Signal("weak_kpi_baseline", FailureMode.NO_VALUE_HYPOTHESIS, 3, _("No KPI with a measured baseline")),
    Signal("no_roi_estimate", FailureMode.NO_VALUE_HYPOTHESIS, 2, _("No ROI estimate recorded")),
    Signal("data_unclassified", FailureMode.DATA_GOVERNANCE, 1, _("The data it touches is not classified")),
    Signal(
        "steward_signoff_missing",
        FailureMode.DATA_GOVERNANCE,
        3,
        _("Reached validation without a data steward's approval"),
    ),
    Signal(
        "closed_vendor_no_exit",
        FailureMode.VENDOR_LOCK_IN,
        4,
        _("Relies on one closed-API vendor with no exit plan met"),
    ),
    Signal("phase_overrun", FailureMode.ENGINEERING_UNDERESTIMATED, 3, _("A phase ran over its time box")),
    Signal(
        "run_cost_grew",
        FailureMode.ENGINEERING_UNDERESTIMATED,
        2,
        _("The run-cost estimate grew since the first estimate"),
    ),
    Signal(
        "no_metric_criterion_met",
        FailureMode.NO_EVALUATION,
        2,
        _("Reached validation without a metric criterion met"),
    ),
    Signal("no_evaluation_runs", FailureMode.NO_EVALUATION, 2, _("Reached validation without an evaluation run")),
    Signal(
        "training_missing",
        FailureMode.ORGANISATION_UNPREPARED,
        3,
        _("Reached scaling without the user-training criterion met"),
    ),
    Signal("no_sponsor", FailureMode.ORGANISATION_UNPREPARED, 2, _("No business sponsor named")),
)

# The criteria whose being met shows the users were trained (scaling's template in ``adoption.defaults``).
TRAINING_CRITERIA = ("user_training",)

MODES: tuple[str, ...] = tuple(FailureMode.values)
MODE_WEIGHT: dict[str, int] = {mode: sum(s.weight for s in SIGNALS if s.mode == mode) for mode in MODES}
