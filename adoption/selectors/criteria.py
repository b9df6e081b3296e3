"""Reads of gate criteria and their evidence, restricted to what the user may see, and the evidence-set hash."""

from __future__ import annotations

import datetime

from django.db.models import (
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import transitions
from adoption.choices import CriterionStatus
from adoption.models import (
    EvidenceVersion,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
)
from adoption.selectors.initiatives import require_visible
from core.exceptions import NotFound


def criteria_for(
    *, user, initiative: Initiative, phase: str | None = None, today: datetime.date | None = None
) -> list[GateCriterion]:
    """The criteria of ``phase`` (default: the current one) in gate order, each with ``effective`` set to its
    status as of ``today`` (met evidence past validity and lapsed waivers read as stale before the sweep runs)
    and ``evidence_expires`` to the last day its evidence counts."""
    require_visible(user=user, initiative=initiative)
    today = today or timezone.localdate()
    criteria = list(
        GateCriterion.objects.filter(initiative=initiative, phase=phase or initiative.phase)
        .select_related("template", "updated_by", "waived_by")
        .order_by("order", "code")
    )
    for criterion in criteria:
        criterion.effective = criterion.effective_status(today)
        criterion.evidence_expires = criterion.evidence_expires_on()
    return criteria


def evidence_versions(*, user, criterion: GateCriterion) -> QuerySet[EvidenceVersion]:
    """Every version of a criterion's evidence, oldest first, with who recorded it."""
    require_visible(user=user, initiative=criterion.initiative)
    return EvidenceVersion.objects.filter(criterion=criterion).select_related("created_by").order_by("version")


def evidence_set_hash(*, initiative: Initiative) -> str:
    """SHA-256 over what a signer relies on in the current phase's criteria (one query).

    Gate reviews freeze it at request time; a review is stale when it no longer matches. The fingerprint itself is
    defined once, in ``adoption.transitions``, which the review services use as well.
    """
    return transitions.evidence_set_hash(transitions.current_criteria(initiative))


def criterion_get(*, user, initiative: Initiative, pk) -> GateCriterion:
    """One criterion of a visible initiative (any phase) with its template, ``effective`` and ``evidence_expires``
    set; NotFound otherwise."""
    require_visible(user=user, initiative=initiative)
    criterion = (
        GateCriterion.objects.filter(initiative=initiative, pk=pk)
        .select_related("template", "updated_by", "waived_by", "initiative")
        .first()
    )
    if criterion is None:
        raise NotFound(_("Criterion not found on %(key)s.") % {"key": initiative.key})
    criterion.effective = criterion.effective_status(timezone.localdate())
    criterion.evidence_expires = criterion.evidence_expires_on()
    return criterion


def gate_progress(criteria: list[GateCriterion]) -> dict[str, int]:
    """How far the phase's gate is: mandatory criteria met or waived out of all mandatory ones, and stale ones.

    ``criteria`` come from ``criteria_for`` (with ``effective`` set); this counts, it does not query.
    """
    mandatory = [c for c in criteria if c.template.mandatory]
    done = [c for c in mandatory if c.effective in (CriterionStatus.MET, CriterionStatus.WAIVED)]
    return {
        "done": len(done),
        "total": len(mandatory),
        "stale": sum(1 for c in criteria if c.effective == CriterionStatus.STALE),
    }


def latest_evidence(*, user, initiative: Initiative, criteria: list[GateCriterion]) -> dict[int, list[EvidenceVersion]]:
    """Every evidence version of ``criteria``, newest first, by criterion id (one query for the whole phase)."""
    require_visible(user=user, initiative=initiative)
    by_criterion: dict[int, list[EvidenceVersion]] = {c.pk: [] for c in criteria}
    for version in (
        EvidenceVersion.objects.filter(criterion__in=[c.pk for c in criteria])
        .select_related("created_by")
        .order_by("criterion_id", "-version")
    ):
        by_criterion[version.criterion_id].append(version)
    return by_criterion


def evidence_version_visible(*, user, pk: int) -> EvidenceVersion | None:
    """One evidence version, if ``user`` may see its initiative (for downloading its file)."""
    return (
        EvidenceVersion.objects.restrict(user)
        .filter(pk=pk)
        .select_related("criterion", "criterion__initiative")
        .first()
    )


def criterion_titles() -> dict[str, str]:
    """Current template titles by code, to name criteria in the activity timeline."""
    return dict(GateCriterionTemplate.objects.filter(is_current=True).values_list("code", "title"))


def stale_criteria(*, today: datetime.date) -> QuerySet[GateCriterion]:
    """Criteria that are stale as of ``today``, whether or not the sweep has marked them yet (for health flags)."""
    expires = ExpressionWrapper(F("evidence_date") + F("template__validity_days"), output_field=DateField())
    return GateCriterion.objects.alias(expires=expires).filter(
        Q(status=CriterionStatus.STALE)
        | Q(status=CriterionStatus.MET, expires__lt=today)
        | Q(status=CriterionStatus.WAIVED, waiver_expires_on__lt=today)
    )
