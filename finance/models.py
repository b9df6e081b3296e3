"""What finance confirmed of a claimed realised value: one append-only row per decision on a realised-value entry."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import Initiative, RealisedValueEntry
from adoption.models.fields import append_only, person_field
from adoption.models.roi import MONEY
from adoption.models.scoping import InitiativeRecord
from core.inputs import TEXT_LIMIT


class ConfirmationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed as claimed")
    ADJUSTED = "adjusted", _("Adjusted")


class ValueConfirmation(InitiativeRecord):
    """A finance controller's decision on one realised-value entry (one period of one initiative): the amounts
    finance stands behind, in the entry's currency, and their sum in the reporting currency at the entry's rate.

    Hours saved count as money here only at finance's own hourly rate, and only where the entry names where the
    saved time went (``RealisedValueEntry.redeployed_to``). Append-only: a later decision on the same entry
    supersedes an earlier one (the newest counts; ``finance.selectors.confirmed_value``)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="value_confirmations")
    entry = models.ForeignKey(RealisedValueEntry, on_delete=models.PROTECT, related_name="confirmations")
    status = models.CharField(_("decision"), max_length=20, choices=ConfirmationStatus.choices)
    cash_saving = models.DecimalField(_("cash saving confirmed"), **MONEY)
    cost_avoidance = models.DecimalField(_("cost avoidance confirmed"), **MONEY)
    revenue = models.DecimalField(_("revenue confirmed"), **MONEY)
    hours = models.DecimalField(
        _("hours confirmed as money"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    hourly_rate = models.DecimalField(_("finance's value of an hour"), **MONEY)
    reporting_confirmed_benefit = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    comment = models.TextField(_("comment"), max_length=TEXT_LIMIT, blank=True)
    confirmed_by = person_field(related_name="value_confirmations")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["entry", "confirmed_at", "pk"]
        verbose_name = _("value confirmation")
        verbose_name_plural = _("value confirmations")
        triggers = [append_only("value_confirmation_append_only")]
        indexes = [models.Index(fields=["entry", "-confirmed_at"], name="confirmation_entry_newest")]

    def __str__(self) -> str:
        return f"{self.initiative_id} realised value {self.entry_id}: {self.status}"
