"""The input of finance's decision on a claimed realised value (the model's limits, written once)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import ServiceInput, model_field
from finance.models import ValueConfirmation

AMOUNTS = ("cash_saving", "cost_avoidance", "revenue", "hours", "hourly_rate")


class ValueConfirmationInput(ServiceInput):
    """Confirm a claim as recorded, or adjust it with a comment; hours become money only at finance's hourly rate."""

    refused = _("The value was not confirmed.")
    status = model_field(ValueConfirmation, "status", label=_("Decision"))
    cash_saving = model_field(ValueConfirmation, "cash_saving", label=_("Cash saving confirmed"), required=False)
    cost_avoidance = model_field(
        ValueConfirmation, "cost_avoidance", label=_("Cost avoidance confirmed"), required=False
    )
    revenue = model_field(ValueConfirmation, "revenue", label=_("Revenue confirmed"), required=False)
    hours = model_field(ValueConfirmation, "hours", label=_("Hours confirmed as money"), required=False)
    hourly_rate = model_field(
        ValueConfirmation,
        "hourly_rate",
        label=_("Finance's value of an hour"),
        required=False,
        help_text=_("In the claim's currency. Needed when hours count as money."),
    )
    comment = model_field(
        ValueConfirmation,
        "comment",
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def check(self, cleaned):
        if cleaned.get("status") == "adjusted" and not cleaned.get("comment"):
            self.add_error("comment", _("Say why the claim was adjusted."))
