"""The initiative's transition table and its gate: which edge needs which permission, and what a gate requires.

Services look an edge up here, check the permission, ask the gate for unmet reasons, and apply the edge.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from adoption.choices import CriterionStatus, Phase, RiskTier, Status
from adoption.models import GateCriterion, Initiative


@dataclass(frozen=True)
class Edge:
    name: str
    sources: frozenset[str]
    permission: str | None
    # True when leaving through this edge requires the current phase's gate criteria to be satisfied.
    gated: bool = False


EDGES: dict[str, Edge] = {
    edge.name: edge
    for edge in (
        # The owner (or CoE) asks to leave the phase; the approval of every slot then takes the "advance" edge.
        Edge("request_review", frozenset({Status.ACTIVE}), "request_gate_review", gated=True),
        Edge("advance", frozenset({Status.ACTIVE}), None, gated=True),
        Edge("hold", frozenset({Status.ACTIVE, Status.IN_PRODUCTION}), "hold_initiative"),
        Edge("resume", frozenset({Status.ON_HOLD}), "hold_initiative"),
        Edge("stop", frozenset({Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD}), "stop_initiative"),
        Edge("retire", frozenset({Status.IN_PRODUCTION}), "retire_initiative"),
    )
}


def edge_refusal(*, edge_name: str, initiative: Initiative) -> str | None:
    """Why ``initiative`` cannot take the edge in its current status, or None when it can."""
    edge = EDGES[edge_name]
    if initiative.status in edge.sources:
        return None
    return _("%(key)s is %(status)s; this action needs it to be %(allowed)s.") % {
        "key": initiative.key,
        "status": initiative.get_status_display().lower(),
        "allowed": _(" or ").join(str(Status(s).label).lower() for s in sorted(edge.sources)),
    }


def current_criteria(initiative: Initiative) -> list[GateCriterion]:
    """The criteria of the initiative's current phase, with their templates (one query)."""
    return list(
        GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase)
        .select_related("template", "waived_by")
        .order_by("order", "code")
    )


def _criterion_fingerprint(criterion: GateCriterion) -> list:
    return [
        criterion.code,
        criterion.status,
        None if criterion.metric_value is None else str(criterion.metric_value.normalize()),
        criterion.evidence_date.isoformat() if criterion.evidence_date else None,
        criterion.latest_evidence_sha256,
        criterion.evidence_count,
        criterion.waiver_expires_on.isoformat() if criterion.waiver_expires_on else None,
    ]


def evidence_set_hash(criteria: list[GateCriterion]) -> str:
    """SHA-256 of everything a signer relies on in the criteria; any change of evidence changes it."""
    payload = json.dumps(sorted(_criterion_fingerprint(c) for c in criteria), separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def gate_unmet_reasons(
    *, initiative: Initiative, criteria: list[GateCriterion], today: datetime.date, pending_risk_change: bool
) -> list[str]:
    """Everything that keeps ``initiative`` from leaving its phase today, one sentence each (empty: it may)."""
    reasons: list[str] = []
    if initiative.risk_tier == RiskTier.PROHIBITED:
        reasons.append(_("The risk tier is prohibited: a prohibited initiative can never pass a gate."))
    if initiative.phase == Phase.EXPLORATION and initiative.risk_tier == RiskTier.UNASSESSED:
        reasons.append(_("The risk tier has not been assessed yet."))
    if pending_risk_change:
        reasons.append(_("A risk-tier change awaits a compliance officer's confirmation."))
    for criterion in criteria:
        status = criterion.effective_status(today)
        title = criterion.template.title
        if status == CriterionStatus.STALE:
            # A lapsed waiver keeps its expiry date (stored status waived or, after the sweep, stale).
            if criterion.waiver_expires_on is not None:
                reasons.append(
                    _("“%(title)s”: the waiver expired on %(date)s.")
                    % {"title": title, "date": criterion.waiver_expires_on.isoformat()}
                )
            else:
                expires = criterion.evidence_expires_on()
                reasons.append(
                    _("“%(title)s”: the evidence is stale (valid until %(date)s); record fresh evidence.")
                    % {"title": title, "date": expires.isoformat() if expires else "—"}
                )
        elif criterion.template.mandatory and status not in (CriterionStatus.MET, CriterionStatus.WAIVED):
            reasons.append(
                _("“%(title)s” is %(status)s; it must be met or waived.")
                % {"title": title, "status": str(CriterionStatus(status).label).lower()}
            )
    return reasons
