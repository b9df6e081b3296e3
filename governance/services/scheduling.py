"""Scheduling periodic compliance reviews of initiatives in production, by risk-tier cadence."""

from __future__ import annotations

import datetime

from django.db.models import Min, Q
from django.utils import timezone

from adoption.choices import RiskTier, Role, Status
from adoption.models import Initiative
from governance import access
from governance.audit import AuditEntry, audit_record, audit_record_many, audit_save
from governance.choices import ComplianceReviewStatus, Scope
from governance.models import ComplianceReview

# Days between compliance reviews by risk tier (PRODUCT.md §3).
CADENCE_DAYS = {RiskTier.HIGH: 90, RiskTier.LIMITED: 180, RiskTier.MINIMAL: 365}
# An initiative that reached production without a tier is reviewed as often as a limited-risk one.
DEFAULT_CADENCE_DAYS = 180


def cadence(risk_tier: str, obligation_days: int | None = None) -> datetime.timedelta:
    """Time between compliance reviews: the tier's cadence, or the strictest (smallest) cadence of the regulatory
    obligations that bind the initiative when it is shorter (``obligation_cadences()``)."""
    days = CADENCE_DAYS.get(risk_tier, DEFAULT_CADENCE_DAYS)
    if obligation_days:
        days = min(days, obligation_days)
    return datetime.timedelta(days=days)


def obligation_cadences(initiative_ids: list[int]) -> dict[int, int]:
    """The smallest review cadence of the binding regulatory obligations of each initiative (``regimes`` keeps them;
    read through the relation in one query; initiatives without one are missing)."""
    if not initiative_ids:
        return {}
    rows = (
        Initiative.objects.filter(pk__in=initiative_ids)
        .annotate(
            days=Min(
                "applied_obligations__cadence_days",
                filter=Q(applied_obligations__binding=True, applied_obligations__cadence_days__isnull=False),
            )
        )
        .values_list("pk", "days")
    )
    return {pk: days for pk, days in rows if days}


def compliance_assignees_for(initiatives: list[Initiative]) -> dict[int, object]:
    """For each initiative, the compliance officer closest to it (initiative scope, then its nearest unit, then a
    lead), or None; one query for all of them. The initiatives must have ``business_unit`` loaded."""
    if not initiatives:
        return {}
    candidates = list(
        access.active_assignments()
        .filter(role=Role.COMPLIANCE_OFFICER, user__is_active=True)
        .filter(
            Q(scope=Scope.INITIATIVE, initiative__in=[i.pk for i in initiatives])
            | Q(
                scope=Scope.BUSINESS_UNIT,
                business_unit_id__in={unit for i in initiatives for unit in i.business_unit.ancestor_ids},
            )
            | Q(scope=Scope.GLOBAL)
        )
        .select_related("user", "business_unit")
    )
    chosen = {}
    for initiative in initiatives:
        depth = {unit_id: i for i, unit_id in enumerate(initiative.business_unit.ancestor_ids)}

        def closeness(assignment, depth=depth):
            if assignment.scope == Scope.INITIATIVE:
                return (0, 0, assignment.user_id)
            if assignment.scope == Scope.BUSINESS_UNIT:
                return (1, -depth[assignment.business_unit_id], assignment.user_id)
            return (2, 0, assignment.user_id)

        in_scope = [
            a
            for a in candidates
            if a.scope == Scope.GLOBAL
            or (a.scope == Scope.INITIATIVE and a.initiative_id == initiative.pk)
            or (a.scope == Scope.BUSINESS_UNIT and a.business_unit_id in depth)
        ]
        best = min(in_scope, key=closeness, default=None)
        chosen[initiative.pk] = best.user if best else None
    return chosen


def compliance_assignee_for(initiative: Initiative):
    """The compliance officer closest to the initiative: initiative scope, then its nearest unit, then a lead."""
    return compliance_assignees_for([initiative])[initiative.pk]


def compliance_reviews_schedule(
    *, initiatives: list[tuple[Initiative, datetime.date]], actor=None
) -> list[ComplianceReview]:
    """Open the next review of each production initiative that has none open, due one cadence after the date paired
    with it; the caller holds the initiatives' locks. Seven queries however many initiatives (none when none is in
    production): open reviews, assignees, the reviews, and three for their audit events."""
    in_production = [(i, base) for i, base in initiatives if i.status == Status.IN_PRODUCTION]
    if not in_production:
        return []
    has_open = set(
        ComplianceReview.objects.filter(
            initiative_id__in=[i.pk for i, _base in in_production], status=ComplianceReviewStatus.OPEN
        ).values_list("initiative_id", flat=True)
    )
    due = [(i, base) for i, base in in_production if i.pk not in has_open]
    if not due:
        return []
    assignees = compliance_assignees_for([i for i, _base in due])
    obligation_days = obligation_cadences([i.pk for i, _base in due])
    reviews = ComplianceReview.objects.bulk_create(
        ComplianceReview(
            initiative=initiative,
            due_on=base + cadence(initiative.risk_tier, obligation_days.get(initiative.pk)),
            risk_tier=initiative.risk_tier,
            assignee=assignees[initiative.pk],
        )
        for initiative, base in due
    )
    audit_record_many(
        actor=actor,
        verb="compliance_review.scheduled",
        entries=[
            AuditEntry(
                review,
                initiative_id=review.initiative_id,
                after={
                    "due_on": review.due_on.isoformat(),
                    "assignee": review.assignee_id,
                    "risk_tier": review.risk_tier,
                },
            )
            for review in reviews
        ],
    )
    return reviews


def compliance_review_schedule(*, initiative: Initiative, base: datetime.date, actor=None) -> ComplianceReview | None:
    """Open the next review of a production initiative, due one cadence after ``base`` (caller holds the lock)."""
    reviews = compliance_reviews_schedule(initiatives=[(initiative, base)], actor=actor)
    return reviews[0] if reviews else None


def last_completed_reviews(initiative_ids: list[int]) -> dict[int, datetime.datetime | None]:
    """When each initiative's latest compliance review was completed (one query; initiatives without one are
    missing)."""
    return dict(
        ComplianceReview.objects.filter(initiative_id__in=initiative_ids, status=ComplianceReviewStatus.COMPLETED)
        .order_by("initiative_id", "-completed_at")
        .distinct("initiative_id")
        .values_list("initiative_id", "completed_at")
    )


def compliance_review_reschedule(*, initiative: Initiative, actor) -> ComplianceReview | None:
    """A confirmed risk-tier change moves the open review's due date to the new cadence."""
    review = (
        ComplianceReview.objects.select_for_update()
        .filter(initiative=initiative, status=ComplianceReviewStatus.OPEN)
        .first()
    )
    if review is None:
        return None
    last = last_completed_reviews([initiative.pk]).get(initiative.pk)
    base = timezone.localdate(last or initiative.production_entered_at or timezone.now())
    before = {"due_on": review.due_on.isoformat(), "risk_tier": review.risk_tier}
    review.due_on = base + cadence(initiative.risk_tier, obligation_cadences([initiative.pk]).get(initiative.pk))
    review.risk_tier = initiative.risk_tier
    audit_save(
        review,
        ["due_on", "risk_tier"],
        actor=actor,
        verb="compliance_review.rescheduled",
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


def compliance_review_extra(
    *, initiative: Initiative, actor, due_on: datetime.date, reason: str
) -> ComplianceReview | None:
    """An extra compliance review (a serious incident) of a production initiative, whose lock the caller holds: one
    due on ``due_on`` when none is open, else the open one brought forward to ``due_on`` (never pushed back)."""
    if initiative.status != Status.IN_PRODUCTION:
        return None
    review = (
        ComplianceReview.objects.select_for_update()
        .filter(initiative=initiative, status=ComplianceReviewStatus.OPEN)
        .first()
    )
    if review is None:
        review = ComplianceReview.objects.create(
            initiative=initiative,
            due_on=due_on,
            risk_tier=initiative.risk_tier,
            assignee=compliance_assignee_for(initiative),
        )
        before = {}
    elif review.due_on > due_on:
        before = {"due_on": review.due_on.isoformat()}
        review.due_on = due_on
        review.save(update_fields=["due_on"])
    else:
        return review
    audit_record(
        actor=actor,
        verb="compliance_review.extra",
        target=review,
        initiative=initiative,
        before=before,
        after={"due_on": review.due_on.isoformat(), "assignee": review.assignee_id, "reason": reason},
    )
    return review
