"""Criteria the initiative's data can judge: the one home of "what does the data say about this criterion".

A gate criterion template may name a derivation (``GateCriterionTemplate.derived``, data the CoE keeps): one of the
functions of ``DERIVATIONS``, each answering met or not met with one sentence saying what the data shows. Such a
criterion follows the data: the services that change the data re-judge it (``adoption.services.criteria``
``criteria_derive()``, audited), and nobody marks it by hand (``governance.actions.criterion_mark_state()`` refuses
with the sentence from here).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from adoption import roi
from adoption.choices import CriterionKind, CriterionStatus, DataClassification, RiskTier
from adoption.models import GateCriterion, Initiative, ModelOption, RoiVersion

# An option comparison needs at least this many options scored.
OPTIONS_TO_COMPARE = 2


@dataclass(frozen=True)
class Judgement:
    """What the data says about one criterion: met or not, in one sentence; ``value`` is the measured value the data
    gives (the days of a period), when it gives one."""

    met: bool
    reason: str
    value: Decimal | None = None

    @property
    def status(self) -> str:
        """Met; not met when a measured value misses its threshold; open while the data is missing."""
        if self.met:
            return CriterionStatus.MET
        return CriterionStatus.NOT_MET if self.value is not None else CriterionStatus.OPEN


@dataclass(frozen=True)
class Derivation:
    """A rule judging a criterion from the initiative's data."""

    judge: Callable[[GateCriterion, Initiative], Judgement]
    # The criterion kinds the rule can judge (empty: any kind).
    kinds: tuple[str, ...] = ()


def _estimate_reason(version: RoiVersion | None, *, missing: str) -> Judgement:
    if version is None:
        return Judgement(False, missing)
    if roi.estimate_is_empty(version):
        return Judgement(
            False, _("ROI estimate version %(version)d has every amount at zero.") % {"version": version.version}
        )
    return Judgement(True, _("ROI estimate version %(version)d is recorded.") % {"version": version.version})


def roi_recorded(criterion: GateCriterion, initiative: Initiative) -> Judgement:
    """An ROI estimate with at least one amount is recorded."""
    version = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
    return _estimate_reason(version, missing=_("No ROI estimate is recorded yet."))


def roi_in_phase(criterion: GateCriterion, initiative: Initiative) -> Judgement:
    """An ROI estimate with at least one amount was recorded during the criterion's phase."""
    version = RoiVersion.objects.filter(initiative=initiative, phase=criterion.phase).order_by("-version").first()
    phase = {"phase": criterion.get_phase_display().lower()}
    if version is None:
        return Judgement(False, _("No ROI estimate has been recorded in the %(phase)s phase yet.") % phase)
    return _estimate_reason(version, missing="")


def classified(criterion: GateCriterion, initiative: Initiative) -> Judgement:
    """The risk tier is assessed and the data is classified."""
    missing = []
    if initiative.risk_tier == RiskTier.UNASSESSED:
        missing.append(_("The risk tier is “%(tier)s”.") % {"tier": RiskTier.UNASSESSED.label})
    if initiative.data_classification == DataClassification.UNCLASSIFIED:
        missing.append(
            _("The data classification is “%(classification)s”.")
            % {"classification": DataClassification.UNCLASSIFIED.label}
        )
    if missing:
        return Judgement(False, " ".join(missing))
    return Judgement(
        True,
        _("The risk tier is “%(tier)s” and the data classification “%(classification)s”.")
        % {"tier": initiative.get_risk_tier_display(), "classification": initiative.get_data_classification_display()},
    )


def options_scored(criterion: GateCriterion, initiative: Initiative) -> Judgement:
    """At least two options scored on the five dimensions, and one chosen (the choice records the rationale)."""
    options = list(ModelOption.objects.filter(initiative=initiative).values_list("name", "is_chosen"))
    count = len(options)
    if count < OPTIONS_TO_COMPARE:
        return Judgement(
            False,
            _("%(count)d option is scored; score at least %(needed)d to compare them.")
            % {"count": count, "needed": OPTIONS_TO_COMPARE}
            if count == 1
            else _("%(count)d options are scored; score at least %(needed)d to compare them.")
            % {"count": count, "needed": OPTIONS_TO_COMPARE},
        )
    chosen = next((name for name, is_chosen in options if is_chosen), None)
    if chosen is None:
        return Judgement(
            False, _("%(count)d options are scored but none is chosen with a rationale yet.") % {"count": count}
        )
    return Judgement(
        True, _("%(count)d options are scored and “%(name)s” is chosen.") % {"count": count, "name": chosen}
    )


def period_days(start: datetime.date, end: datetime.date) -> int:
    """The days of a period, its first and last day included."""
    return (end - start).days + 1


def testing_days(criterion: GateCriterion, initiative: Initiative) -> Judgement:
    """The days between the recorded first and last day of the period, against the template's threshold."""
    from adoption.services.criteria import number_text, threshold_problem

    start, end = criterion.period_start, criterion.period_end
    if start is None or end is None:
        return Judgement(False, _("No testing period is recorded yet: give its first and last day."))
    days = Decimal(period_days(start, end))
    said = _("The recorded period, %(start)s to %(end)s, is %(days)s days.") % {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": number_text(days),
    }
    problem = threshold_problem(criterion.template, days)
    if problem:
        return Judgement(False, f"{said} {problem}", days)
    return Judgement(True, said, days)


DERIVATIONS: dict[str, Derivation] = {
    "roi_recorded": Derivation(roi_recorded),
    "roi_in_phase": Derivation(roi_in_phase),
    "classified": Derivation(classified),
    "options_scored": Derivation(options_scored),
    "testing_days": Derivation(testing_days, kinds=(CriterionKind.DURATION,)),
}


def judge(criterion: GateCriterion, initiative: Initiative | None = None) -> Judgement | None:
    """What the data says about ``criterion`` (None when its template names no derivation)."""
    derivation = DERIVATIONS.get(criterion.template.derived)
    if derivation is None:
        return None
    return derivation.judge(criterion, initiative or criterion.initiative)


def is_derived(criterion: GateCriterion) -> bool:
    return criterion.template.derived in DERIVATIONS
