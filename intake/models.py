"""Proposals: ideas from the business, screened early and triaged by the CoE into exploration, a merge or a
decline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import BusinessUnit, Initiative, Track
from adoption.models.fields import person_field
from core.inputs import TEXT_LIMIT
from intake.choices import Audience, ProposalStatus


class Proposal(models.Model):
    """An idea a person with a role in a business unit (or the CoE) puts to the CoE."""

    title = models.CharField(_("title"), max_length=200)
    pain_point = models.TextField(_("pain point"), max_length=TEXT_LIMIT)
    value_driver = models.TextField(_("value driver"), max_length=TEXT_LIMIT)
    data_involved = models.TextField(_("data involved"), max_length=TEXT_LIMIT)
    users = models.CharField(_("who will use it"), max_length=300)
    audience = models.CharField(_("public or internal"), max_length=20, choices=Audience.choices)
    business_unit = models.ForeignKey(
        BusinessUnit, verbose_name=_("business unit"), on_delete=models.PROTECT, related_name="proposals"
    )
    proposer = person_field(related_name="proposals")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    # The early screening's answers under the common applicability questionnaire's codes (``intake.screening``).
    screening = models.JSONField(default=dict, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    screened_by = person_field(optional=True)
    # The triage: who decided, when, and what it led to.
    decided_by = person_field(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=TEXT_LIMIT, blank=True)
    # Accepted: the initiative registered from it; merged into an initiative: that one.
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", verbose_name=_("merged into")
    )
    track = models.ForeignKey(Track, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["status", "created_at"], name="proposal_status_created"),
            models.Index(fields=["proposer", "created_at"], name="proposal_proposer_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(initiative__isnull=False),
                name="proposal_accepted_has_initiative",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged")
                | models.Q(initiative__isnull=False)
                | models.Q(merged_into__isnull=False),
                name="proposal_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="proposal_declined_has_reason",
            ),
            models.CheckConstraint(condition=~models.Q(merged_into=models.F("pk")), name="proposal_not_into_itself"),
        ]

    def __str__(self) -> str:
        return f"P-{self.pk} {self.title}"

    @property
    def key(self) -> str:
        return f"P-{self.pk}"
