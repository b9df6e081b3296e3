"""Reads of compliance reviews and risk-tier changes, restricted to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance import access, questionnaire
from governance.choices import ActionItemStatus, ComplianceReviewStatus, RiskChangeStatus
from governance.models import (
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
    RiskTierChange,
)


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
        RiskTierChange.objects.restrict_to(user, initiative)
        .filter(status=RiskChangeStatus.PENDING)
        .select_related("proposed_by")
        .first()
    )


def compliance_reviews_of(*, user, initiative: Initiative) -> QuerySet[ComplianceReview]:
    """The compliance reviews of one initiative, newest due date first."""
    return (
        ComplianceReview.objects.restrict_to(user, initiative)
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


# --- What a compliance review holds -----------------------------------------------------------------------------
# Reviews of one initiative follow one another (one open at a time, the next opened when one completes), so their
# ids are in the order they happened: "before review R" is "a smaller id".


def compliance_findings_of(*, review: ComplianceReview) -> QuerySet[ComplianceFinding]:
    """The findings of ``review``: raised in it, or raised earlier and not closed before it (carried forward). Each
    has ``carried`` (raised in an earlier review) and ``open_then`` (still open when this review ended, or now)."""
    return (
        ComplianceFinding.objects.filter(initiative_id=review.initiative_id, raised_in_id__lte=review.pk)
        .filter(Q(closed_in__isnull=True) | Q(closed_in_id__gte=review.pk))
        .annotate(
            carried=ExpressionWrapper(Q(raised_in_id__lt=review.pk), output_field=BooleanField()),
            open_then=ExpressionWrapper(
                Q(closed_in__isnull=True) | Q(closed_in_id__gt=review.pk), output_field=BooleanField()
            ),
        )
        .select_related("initiative", "created_by", "closed_by")
        .order_by("raised_in_id", "pk")
    )


def compliance_action_items_of(*, review: ComplianceReview) -> QuerySet[ComplianceActionItem]:
    """The action items of ``review``: given in it, and those of earlier reviews still open."""
    return (
        ComplianceActionItem.objects.filter(initiative_id=review.initiative_id)
        .filter(Q(review_id=review.pk) | Q(review_id__lt=review.pk, status=ActionItemStatus.OPEN))
        .select_related("initiative", "owner", "done_by")
        .order_by("due_on", "pk")
    )


def compliance_attachments_of(*, review: ComplianceReview) -> QuerySet[ComplianceAttachment]:
    return ComplianceAttachment.objects.filter(review_id=review.pk).select_related("created_by").order_by("pk")


def review_questions(*, review: ComplianceReview) -> tuple[ComplianceQuestionnaire | None, list]:
    """The questionnaire ``review`` is answered with (the current one of its tier until it is first answered) and
    its questions as the reader sees them, with the answers given."""
    version = review.questionnaire
    if version is None:
        version = ComplianceQuestionnaire.objects.filter(
            risk_tier=questionnaire.questionnaire_tier(review.risk_tier), is_current=True
        ).first()
    if version is None:
        return None, []
    return version, questionnaire.shown(version.questions, review.answers)


def compliance_attachment_get(*, user, pk: int) -> ComplianceAttachment:
    """One evidence file of a review of a visible initiative; NotFound otherwise (invisible reads as missing)."""
    attachment = ComplianceAttachment.objects.restrict(user).filter(pk=pk).first()
    if attachment is None:
        raise NotFound(_("Evidence file not found."))
    return attachment


def compliance_finding_get(*, user, pk: int) -> ComplianceFinding:
    finding = ComplianceFinding.objects.restrict(user).select_related("initiative").filter(pk=pk).first()
    if finding is None:
        raise NotFound(_("Finding not found."))
    return finding


def compliance_action_item_get(*, user, pk: int) -> ComplianceActionItem:
    item = (
        ComplianceActionItem.objects.restrict(user)
        .select_related("initiative", "owner", "done_by", "review")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("Action item not found."))
    return item


def compliance_action_items_visible(*, user, mine: bool = False, status: str | None = None):
    """Action items of the initiatives ``user`` may see, soonest due first; ``mine`` keeps those they own."""
    queryset = ComplianceActionItem.objects.restrict(user)
    if mine:
        queryset = queryset.filter(owner=user)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("initiative", "owner", "done_by").order_by("due_on", "pk")


def compliance_questionnaires_current() -> QuerySet[ComplianceQuestionnaire]:
    """The current questionnaire of each tier (policy everyone signed in may read, like the gate templates)."""
    return ComplianceQuestionnaire.objects.filter(is_current=True).select_related("created_by").order_by("risk_tier")


def action_item_owners(*, initiative: Initiative) -> QuerySet:
    """People who may be given an action on ``initiative``: active holders of a role that covers it (the initiative,
    one of its units, or the whole organisation), by name."""
    from django.contrib.auth import get_user_model

    from governance.choices import Scope

    unit_ids = initiative.business_unit.ancestor_ids
    holders = access.active_assignments().filter(
        Q(scope=Scope.GLOBAL) | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=unit_ids) | Q(initiative=initiative)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=holders.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )
