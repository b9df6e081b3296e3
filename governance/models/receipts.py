"""Signed decision receipts, one per approved gate review (governance.receipts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import Initiative
from adoption.models.fields import append_only

from .reviews import GateReview


class DecisionReceipt(models.Model):
    """What an approved gate decided, as signed when it was approved. Never changed."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="receipts")
    review = models.OneToOneField(GateReview, on_delete=models.PROTECT, related_name="receipt")
    phase = models.CharField(max_length=20)
    to_phase = models.CharField(max_length=20)
    # The model and prompt identifiers the deployment check matches, lower-cased.
    identifiers = models.JSONField(default=list)
    document = models.JSONField()
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("decision receipt")
        verbose_name_plural = _("decision receipts")
        triggers = [append_only("receipt_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.phase} → {self.to_phase}"
