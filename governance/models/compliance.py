"""Risk-tier changes awaiting a compliance officer, and periodic compliance reviews of production initiatives."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import RiskTier
from adoption.models import Initiative
from adoption.models.fields import person_field
from adoption.models.scoping import InitiativeRecord
from core.inputs import LONG_TEXT_LIMIT, TEXT_LIMIT
from governance.choices import ComplianceOutcome, ComplianceReviewStatus, RiskChangeStatus


class RiskTierChange(InitiativeRecord):
    """A proposed change of an initiative's risk tier; it takes effect only when a compliance officer confirms it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="risk_tier_changes")
    from_tier = models.CharField(max_length=20, choices=RiskTier.choices)
    to_tier = models.CharField(max_length=20, choices=RiskTier.choices)
    reason = models.TextField(_("reason"), max_length=TEXT_LIMIT)
    status = models.CharField(max_length=20, choices=RiskChangeStatus.choices, default=RiskChangeStatus.PENDING)
    proposed_by = person_field()
    proposed_at = models.DateTimeField()
    decided_by = person_field(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("risk-tier change")
        verbose_name_plural = _("risk-tier changes")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"], condition=models.Q(status="pending"), name="risk_change_one_pending"
            ),
            models.CheckConstraint(condition=~models.Q(from_tier=models.F("to_tier")), name="risk_change_changes"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_tier} → {self.to_tier}"


class ComplianceReview(InitiativeRecord):
    """A periodic compliance review of an initiative in production, assigned to a compliance officer in scope."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="compliance_reviews")
    due_on = models.DateField(_("due on"))
    risk_tier = models.CharField(max_length=20, choices=RiskTier.choices)
    assignee = person_field(optional=True, related_name="compliance_reviews")
    status = models.CharField(
        max_length=20, choices=ComplianceReviewStatus.choices, default=ComplianceReviewStatus.OPEN
    )
    findings = models.TextField(_("findings"), blank=True, max_length=LONG_TEXT_LIMIT)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ComplianceOutcome.choices, blank=True)
    completed_by = person_field(optional=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("compliance review")
        verbose_name_plural = _("compliance reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"], condition=models.Q(status="open"), name="compliance_review_one_open"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | ~models.Q(outcome=""), name="compliance_review_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="compliance_status_due"),
            models.Index(fields=["assignee", "status"], name="compliance_assignee_status"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} due {self.due_on}"
