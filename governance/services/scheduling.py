"""Scheduling periodic compliance reviews of initiatives in production, by risk-tier cadence."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from adoption.choices import RiskTier, Role, Status
from adoption.models import Initiative
from governance import access
from governance.audit import audit_record
from governance.choices import ComplianceReviewStatus, Scope
from governance.models import ComplianceReview

# Days between compliance reviews by risk tier (PRODUCT.md §3).
CADENCE_DAYS = {RiskTier.HIGH: 90, RiskTier.LIMITED: 180, RiskTier.MINIMAL: 365}
# An initiative that reached production without a tier is reviewed as often as a limited-risk one.
DEFAULT_CADENCE_DAYS = 180


def cadence(risk_tier: str) -> datetime.timedelta:
    return datetime.timedelta(days=CADENCE_DAYS.get(risk_tier, DEFAULT_CADENCE_DAYS))


def compliance_assignee_for(initiative: Initiative):
    """The compliance officer closest to the initiative: initiative scope, then its nearest unit, then a lead."""
    candidates = list(
        access.active_assignments()
        .filter(role=Role.COMPLIANCE_OFFICER, user__is_active=True)
        .filter(
            Q(scope=Scope.INITIATIVE, initiative=initiative)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=initiative.business_unit.ancestor_ids)
            | Q(scope=Scope.GLOBAL)
        )
        .select_related("user", "business_unit")
    )
    depth = {unit_id: i for i, unit_id in enumerate(initiative.business_unit.ancestor_ids)}

    def closeness(assignment):
        if assignment.scope == Scope.INITIATIVE:
            return (0, 0, assignment.user_id)
        if assignment.scope == Scope.BUSINESS_UNIT:
            return (1, -depth[assignment.business_unit_id], assignment.user_id)
        return (2, 0, assignment.user_id)

    best = min(candidates, key=closeness, default=None)
    return best.user if best else None


def compliance_review_schedule(*, initiative: Initiative, base: datetime.date, actor=None) -> ComplianceReview | None:
    """Open the next review of a production initiative, due one cadence after ``base`` (caller holds the lock)."""
    if initiative.status != Status.IN_PRODUCTION:
        return None
    if ComplianceReview.objects.filter(initiative=initiative, status=ComplianceReviewStatus.OPEN).exists():
        return None
    review = ComplianceReview.objects.create(
        initiative=initiative,
        due_on=base + cadence(initiative.risk_tier),
        risk_tier=initiative.risk_tier,
        assignee=compliance_assignee_for(initiative),
    )
    audit_record(
        actor=actor,
        verb="compliance_review.scheduled",
        target=review,
        initiative=initiative,
        after={"due_on": review.due_on.isoformat(), "assignee": review.assignee_id, "risk_tier": review.risk_tier},
    )
    return review


def compliance_review_reschedule(*, initiative: Initiative, actor) -> ComplianceReview | None:
    """A confirmed risk-tier change moves the open review's due date to the new cadence."""
    review = (
        ComplianceReview.objects.select_for_update()
        .filter(initiative=initiative, status=ComplianceReviewStatus.OPEN)
        .first()
    )
    if review is None:
        return None
    last = (
        ComplianceReview.objects.filter(initiative=initiative, status=ComplianceReviewStatus.COMPLETED)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    base = timezone.localdate(last or initiative.production_entered_at or timezone.now())
    before = {"due_on": review.due_on.isoformat(), "risk_tier": review.risk_tier}
    review.due_on = base + cadence(initiative.risk_tier)
    review.risk_tier = initiative.risk_tier
    review.save(update_fields=["due_on", "risk_tier"])
    audit_record(
        actor=actor,
        verb="compliance_review.rescheduled",
        target=review,
        initiative=initiative,
        before=before,
        after={"due_on": review.due_on.isoformat(), "risk_tier": review.risk_tier},
    )
    return review


def compliance_reviews_cancel_open(*, initiative: Initiative, actor, note: str) -> None:
    """Cancel the open compliance review of an initiative that left production for good."""
    for review in ComplianceReview.objects.select_for_update().filter(
        initiative=initiative, status=ComplianceReviewStatus.OPEN
    ):
        review.status = ComplianceReviewStatus.CANCELLED
        review.findings = note
        review.save(update_fields=["status", "findings"])
        audit_record(
            actor=actor, verb="compliance_review.cancelled", target=review, initiative=initiative, after={"note": note}
        )
