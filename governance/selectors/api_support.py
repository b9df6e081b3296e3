"""Permission-scoped reads the REST API needs beyond the shared governance selectors: single objects looked up by
id (invisible reads as missing) and risk-tier changes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance import access
from governance.models import ComplianceReview, GateReview, RiskTierChange, RoleAssignment
from governance.selectors.compliance import compliance_reviews_visible
from governance.selectors.reviews import gate_reviews_visible
from governance.selectors.roles import role_assignments_visible


def gate_review_visible(*, user, review_id: int) -> GateReview:
    review = gate_reviews_visible(user=user).select_related("initiative__business_unit").filter(pk=review_id).first()
    if review is None:
        raise NotFound(_("Gate review not found."))
    return review


def risk_tier_changes_visible(*, user) -> QuerySet[RiskTierChange]:
    """Risk-tier changes of the initiatives ``user`` may see, newest first."""
    return (
        RiskTierChange.objects.filter(initiative__in=access.visible_initiatives(user=user))
        .select_related("initiative", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


def risk_tier_changes_for(*, user, initiative: Initiative) -> QuerySet[RiskTierChange]:
    return risk_tier_changes_visible(user=user).filter(initiative=initiative)


def risk_tier_change_visible(*, user, change_id: int) -> RiskTierChange:
    change = risk_tier_changes_visible(user=user).filter(pk=change_id).first()
    if change is None:
        raise NotFound(_("Risk-tier change not found."))
    return change


def compliance_review_visible(*, user, review_id: int) -> ComplianceReview:
    review = compliance_reviews_visible(user=user).filter(pk=review_id).first()
    if review is None:
        raise NotFound(_("Compliance review not found."))
    return review


def role_assignment_visible(*, user, assignment_id: int) -> RoleAssignment:
    assignment = role_assignments_visible(user).filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(_("Role assignment not found."))
    return assignment
