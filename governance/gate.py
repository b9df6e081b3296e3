"""What a gate review needs and what it freezes: the sign-off slots a gate requires, and the snapshot of the criteria
and the ROI estimate a review is decided on.

The one home of "which slots": the CoE's sign-off matrix per phase, plus a second compliance officer at high risk.
"""

from __future__ import annotations

from adoption.choices import CriterionStatus, RiskTier, Role
from adoption.inputs import ROI_FIELDS
from adoption.models import EvidenceVersion, Initiative, RoiVersion
from governance.audit import snapshot
from governance.choices import RiskChangeStatus
from governance.models import GateReview, ReviewSlot, RiskTierChange, SignoffMatrixEntry

# What a review freezes of the ROI estimate: its version and phase, and the estimate's own fields.
ROI_SNAPSHOT_FIELDS = ["version", "phase", *ROI_FIELDS]


# The slot a high-risk gate adds to the matrix's: a second compliance officer.
HIGH_RISK_SLOT = (Role.COMPLIANCE_OFFICER, 2)


def required_slots(*, phase: str, risk_tier: str, initiative: Initiative | None = None) -> list[tuple[str, int]]:
    """(role, ordinal) pairs the gate of ``phase`` needs at ``risk_tier``: the matrix, plus a second compliance
    officer for high risk, plus the slots the regulatory obligations binding ``initiative`` add (e.g. the FSC's
    independent reviewer of a high-risk system; ``regimes`` keeps them, read through the relation)."""
    roles = list(SignoffMatrixEntry.objects.filter(phase=phase).order_by("order").values_list("role", flat=True))
    slots = [(role, 1) for role in roles]
    if risk_tier == RiskTier.HIGH:
        slots.append(HIGH_RISK_SLOT)
    if initiative is not None and initiative.pk and hasattr(initiative, "applied_obligations"):
        for extra in initiative.applied_obligations.filter(binding=True).values_list("slots", flat=True):
            for role, ordinal in extra or []:
                if (role, int(ordinal)) not in slots:
                    slots.append((role, int(ordinal)))
    return slots


def gate_roles() -> dict[str, list[str]]:
    """The roles each phase's gate needs by the matrix (one query; ``required_slots`` adds ``HIGH_RISK_SLOT`` at
    high risk), for the roles page's "who may sign what"."""
    matrix: dict[str, list[str]] = {}
    for phase, role in SignoffMatrixEntry.objects.order_by("order", "pk").values_list("phase", "role"):
        matrix.setdefault(phase, []).append(role)
    return matrix


def pending_risk_change(initiative: Initiative) -> bool:
    return RiskTierChange.objects.filter(initiative=initiative, status=RiskChangeStatus.PENDING).exists()


# What a review freezes of each criterion's newest evidence version: what signers read on the review page. Versions
# are append-only, so the frozen file is the version's own file, served through the review (never a public URL).
EVIDENCE_SNAPSHOT_FIELDS = ["version", "kind", "text", "url", "file_name", "content_type", "size", "sha256"]


def frozen_evidence(criteria) -> dict[int, dict]:
    """Criterion id → its newest evidence version as a review freezes it (one query)."""
    ids = [c.pk for c in criteria if c.evidence_count]
    if not ids:
        return {}
    newest = (
        EvidenceVersion.objects.filter(criterion_id__in=ids)
        .order_by("criterion_id", "-version")
        .distinct("criterion_id")
        .only("criterion_id", *EVIDENCE_SNAPSHOT_FIELDS)
    )
    return {
        v.criterion_id: {"id": v.pk, **{name: getattr(v, name) for name in EVIDENCE_SNAPSHOT_FIELDS}} for v in newest
    }


def review_snapshot(*, initiative: Initiative, criteria, evidence_hash: str, roi: RoiVersion | None, today) -> dict:
    evidence = frozen_evidence(criteria)
    return {
        "phase": initiative.phase,
        "risk_tier": initiative.risk_tier,
        "evidence_hash": evidence_hash,
        "criteria": [
            {
                "code": c.code,
                "title": c.template.title,
                "template_version": c.template.version,
                "kind": c.template.kind,
                "mandatory": c.template.mandatory,
                "status": c.effective_status(today),
                "metric_value": None if c.metric_value is None else str(c.metric_value),
                "comparator": c.template.comparator,
                "threshold": None if c.template.threshold is None else str(c.template.threshold),
                "unit": c.template.unit,
                "evidence_date": c.evidence_date.isoformat() if c.evidence_date else None,
                "evidence_sha256": c.latest_evidence_sha256,
                "evidence_versions": c.evidence_count,
                "evidence": evidence.get(c.pk),
                "waiver": (
                    {
                        "by": c.waived_by.get_username(),
                        "by_name": c.waived_by.get_full_name() or c.waived_by.get_username(),
                        "reason": c.waiver_reason,
                        "expires_on": c.waiver_expires_on.isoformat(),
                    }
                    if c.status == CriterionStatus.WAIVED and c.waived_by_id
                    else None
                ),
            }
            for c in criteria
        ],
        "roi": snapshot(roi, ROI_SNAPSHOT_FIELDS) if roi else None,
    }


def slots_create(review: GateReview) -> None:
    ReviewSlot.objects.bulk_create(
        ReviewSlot(review=review, role=role, ordinal=ordinal, order=position)
        for position, (role, ordinal) in enumerate(
            required_slots(phase=review.phase, risk_tier=review.risk_tier, initiative=review.initiative)
        )
    )
