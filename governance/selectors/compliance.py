"""Reads of compliance reviews and risk-tier changes, restricted to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import (
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance import access
from governance.choices import ComplianceReviewStatus, RiskChangeStatus
from governance.models import ComplianceReview, RiskTierChange


def compliance_reviews_visible(
    *, user, mine: bool = False, due_within_days: int | None = None, overdue: bool = False, status: str | None = None
) -> QuerySet[ComplianceReview]:
    """Compliance reviews of the initiatives ``user`` may see; ``mine`` keeps those assigned to them, ``overdue``
    the open ones past their due date, ``due_within_days`` the open ones due in that many days or fewer."""
    today = timezone.localdate()
    queryset = ComplianceReview.objects.restrict(user)
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
        user=user, action="confirm_risk_tier", within=Initiative.objects.restrict(user)
    )
    return (
        RiskTierChange.objects.filter(status=RiskChangeStatus.PENDING, initiative__in=initiatives.values("pk"))
        .select_related("initiative", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def pending_risk_change_of(*, user, initiative: Initiative) -> RiskTierChange | None:
    """The risk-tier change of ``initiative`` awaiting confirmation, if any."""
    return (
        RiskTierChange.objects.restrict(user)
        .filter(initiative=initiative, status=RiskChangeStatus.PENDING)
        .select_related("proposed_by")
        .first()
    )


def compliance_reviews_of(*, user, initiative: Initiative) -> QuerySet[ComplianceReview]:
    """The compliance reviews of one initiative, newest due date first."""
    return (
        ComplianceReview.objects.restrict(user)
        .filter(initiative=initiative)
        .select_related("assignee", "completed_by")
        .order_by("-due_on", "-pk")
    )


def risk_tier_changes_visible(*, user) -> QuerySet[RiskTierChange]:
    """Risk-tier changes of the initiatives ``user`` may see, newest first."""
    return (
        RiskTierChange.objects.restrict(user)
        .select_related("initiative", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


def risk_tier_changes_for(*, user, initiative: Initiative) -> QuerySet[RiskTierChange]:
    return risk_tier_changes_visible(user=user).filter(initiative=initiative)


def risk_tier_change_get(*, user, pk: int) -> RiskTierChange:
    """One risk-tier change of a visible initiative; NotFound otherwise (invisible reads as missing)."""
    change = risk_tier_changes_visible(user=user).select_related("initiative__business_unit").filter(pk=pk).first()
    if change is None:
        raise NotFound(_("Risk-tier change not found."))
    return change


def compliance_review_get(*, user, pk: int) -> ComplianceReview:
    """One compliance review of a visible initiative; NotFound otherwise (invisible reads as missing)."""
    review = (
        compliance_reviews_visible(user=user)
        .select_related("initiative__business_unit", "completed_by")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise NotFound(_("Compliance review not found."))
    return review
