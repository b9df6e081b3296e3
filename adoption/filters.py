"""The portfolio board's filters: business unit, risk tier, owner, overdue, failure mode and words in the title."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode, RiskTier
from adoption.forms import PersonChoiceField
from adoption.selectors.pages import owners_visible, units_visible


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Key or title"), required=False, max_length=200)
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None, required=False)
    risk_tier = forms.ChoiceField(label=_("Risk tier"), required=False)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, required=False)
    failure_mode = forms.ChoiceField(label=_("Failure mode"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = units_visible(user=user)
        self.fields["business_unit"].empty_label = _("All units")
        self.fields["owner"].queryset = owners_visible(user=user)
        self.fields["owner"].empty_label = _("Anyone")
        self.fields["risk_tier"].choices = [("", _("Any tier")), *RiskTier.choices]
        self.fields["failure_mode"].choices = [("", _("Any")), *FailureMode.choices]

    def filters(self) -> dict:
        """Arguments for ``filter_board``; an invalid value is ignored rather than failing the whole board."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "business_unit": data.get("business_unit"),
            "risk_tier": data.get("risk_tier") or "",
            "owner": data.get("owner"),
            "failure_mode": data.get("failure_mode") or "",
            "overdue": bool(data.get("overdue")),
        }
