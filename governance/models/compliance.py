"""Risk-tier changes awaiting a compliance officer, periodic compliance reviews of production initiatives, and what
a review holds: the questionnaire it was answered with, evidence files, findings and action items."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adoption.choices import RiskTier
from adoption.models import Initiative
from adoption.models.fields import append_only, person_field
from adoption.models.scoping import InitiativeRecord
from core.inputs import LONG_TEXT_LIMIT, TEXT_LIMIT
from governance.choices import (
    ActionItemStatus,
    ComplianceOutcome,
    ComplianceReviewStatus,
    FindingStatus,
    RiskChangeStatus,
)


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


class ComplianceQuestionnaire(models.Model):
    """One version of the questions a compliance review of a risk tier answers; the compliance lead edits them, each
    edit a new version (the reviews answered keep theirs).

    ``questions`` is a list of ``{"code", "answer_type", "required", "text": {language: text}, "choices":
    [{"code", "text": {language: text}}]}``: questions are data the lead writes, so their words are stored in each
    language (``governance/questionnaire.py`` reads and checks them)."""

    risk_tier = models.CharField(_("risk tier"), max_length=20, choices=RiskTier.choices)
    version = models.PositiveIntegerField()
    questions = models.JSONField(_("questions"), default=list)
    is_current = models.BooleanField(default=True)
    note = models.TextField(_("what changed"), blank=True, max_length=TEXT_LIMIT)
    created_by = person_field(optional=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["risk_tier", "-version"]
        verbose_name = _("compliance questionnaire")
        verbose_name_plural = _("compliance questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["risk_tier", "version"], name="questionnaire_version_unique"),
            models.UniqueConstraint(
                fields=["risk_tier"], condition=models.Q(is_current=True), name="questionnaire_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk_tier} v{self.version}"


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
    # The questionnaire version this review is answered with (pinned at the first answer) and the answers by code.
    questionnaire = models.ForeignKey(
        ComplianceQuestionnaire, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)

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


def attachment_upload_to(instance: "ComplianceAttachment", filename: str) -> str:
    # The hash names the file: uploads never overwrite one another.
    return f"compliance/{instance.initiative_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class ComplianceAttachment(InitiativeRecord):
    """An evidence file attached to a compliance review, with its SHA-256; never changed once stored."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(ComplianceReview, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=500)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LIMIT)
    created_by = person_field()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "created_at", "pk"]
        verbose_name = _("compliance evidence file")
        verbose_name_plural = _("compliance evidence files")
        triggers = [append_only("compliance_attachment_append_only")]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.file_name}"


class ComplianceFinding(InitiativeRecord):
    """A finding raised in a compliance review. It stays open, and is carried into each next review of the
    initiative, until a review closes it: the findings of review R are those raised in R or earlier and not closed
    before R (``ComplianceFindingQuerySet.of_review``)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="compliance_findings")
    raised_in = models.ForeignKey(ComplianceReview, on_delete=models.PROTECT, related_name="findings_raised")
    closed_in = models.ForeignKey(
        ComplianceReview, null=True, blank=True, on_delete=models.PROTECT, related_name="findings_closed"
    )
    text = models.TextField(_("finding"), max_length=TEXT_LIMIT)
    status = models.CharField(max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    closing_note = models.TextField(_("closing note"), blank=True, max_length=TEXT_LIMIT)
    created_by = person_field()
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = person_field(optional=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_in", "pk"]
        verbose_name = _("compliance finding")
        verbose_name_plural = _("compliance findings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_in__isnull=True)
                | models.Q(status="closed", closed_in__isnull=False),
                name="finding_closed_in_a_review",
            )
        ]
        indexes = [models.Index(fields=["initiative", "status"], name="finding_initiative_status")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.text[:40]}"


class ComplianceActionItem(InitiativeRecord):
    """Something a compliance review asks a person to do by a date; the reminders chase its owner until it is
    done."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="compliance_action_items")
    review = models.ForeignKey(ComplianceReview, on_delete=models.PROTECT, related_name="action_items")
    finding = models.ForeignKey(
        ComplianceFinding, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = person_field(related_name="compliance_action_items")
    due_on = models.DateField(_("due on"))
    status = models.CharField(max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN)
    done_note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)
    created_by = person_field()
    created_at = models.DateTimeField(default=timezone.now)
    done_by = person_field(optional=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("compliance action item")
        verbose_name_plural = _("compliance action items")
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_item_status_due"),
            models.Index(fields=["owner", "status"], name="action_item_owner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.title[:40]} by {self.due_on}"
