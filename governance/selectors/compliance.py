"""Reads of compliance reviews and risk-tier changes, restricted to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from governance import access
from governance.choices import ComplianceReviewStatus, RiskChangeStatus
from governance.models import ComplianceReview, RiskTierChange


def compliance_reviews_visible(
    *, user, mine: bool = False, due_within_days: int | None = None, overdue: bool = False, status: str | None = None
) -> QuerySet[ComplianceReview]:
    """Compliance reviews of the initiatives ``user`` may see; ``mine`` keeps those assigned to them, ``overdue``
    the open ones past their due date, ``due_within_days`` the open ones due in that many days or fewer."""
    today = timezone.localdate()
    queryset = ComplianceReview.objects.filter(initiative__in=access.visible_initiatives(user=user))
    if mine:
        queryset = queryset.filter(assignee=user)
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status=ComplianceReviewStatus.OPEN, due_on__lt=today)
    if due_within_days is not None:
        queryset = queryset.filter(
            status=ComplianceReviewStatus.OPEN, due_on__lte=today + datetime.timedelta(days=due_within_days)
        )
    return queryset.select_related("initiative", "initiative__business_unit", "assignee", "completed_by").order_by(
        "due_on", "pk"
    )


def risk_tier_changes_pending(*, user) -> QuerySet[RiskTierChange]:
    """Proposed risk-tier changes ``user`` could confirm (compliance officers in scope)."""
    initiatives = access.initiative_ids_with_permission(
        user=user, action="confirm_risk_tier", within=access.visible_initiatives(user=user)
    )
    return (
        RiskTierChange.objects.filter(status=RiskChangeStatus.PENDING, initiative__in=initiatives.values("pk"))
        .select_related("initiative", "proposed_by")
        .order_by("proposed_at", "pk")
    )
