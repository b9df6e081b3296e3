"""Reads of gate criteria and their evidence, restricted to what the user may see, and the evidence-set hash."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from adoption import transitions
from adoption.models import EvidenceVersion, GateCriterion, Initiative
from governance import access
from governance.permissions import VIEW


def require_visible(*, user, initiative: Initiative) -> None:
    """NotFound unless ``user`` may see ``initiative`` (invisible and missing read the same)."""
    access.require(user=user, action=VIEW, initiative=initiative)


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
