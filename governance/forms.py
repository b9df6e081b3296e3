"""Forms of the governance pages: lifecycle actions, risk-tier changes, sign-offs, compliance reviews, audit filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.choices import Role
from adoption.forms import DateInput, PersonChoiceField
from governance import inputs

# The pages' forms of the services' inputs (governance.inputs): one definition each.
HoldForm = inputs.HoldInput
RetireForm = inputs.RetireInput
ResumeForm = inputs.ResumeInput
StopForm = inputs.StopInput
VoidForm = inputs.VoidInput
MergeForm = inputs.MergeInput
WithdrawForm = inputs.WithdrawInput
RiskProposeForm = inputs.RiskProposeInput
RiskDecideForm = inputs.RiskDecideInput
ComplianceCompleteForm = inputs.ComplianceCompleteInput


class RequestReviewForm(forms.Form):
    """Nothing to fill in: the gate decides. The form exists for CSRF and confirmation."""


class SignForm(inputs.SignInput):
    """The sign-off's input, with the slot to sign (hidden when the signer may sign only one)."""

    slot = forms.ChoiceField(label=_("Slot"))
    field_order = ["slot", "decision", "comment"]

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots
        if len(slots) == 1:
            self.fields["slot"].initial = slots[0][0]
            self.fields["slot"].widget = forms.HiddenInput()


VERB_GROUPS = [
    ("", _("Any event")),
    ("initiative.", _("Initiatives")),
    ("criterion.", _("Gate criteria")),
    ("gate_review.", _("Gate reviews")),
    ("signoff.", _("Sign-offs")),
    ("risk_tier.", _("Risk tiers")),
    ("compliance_review.", _("Compliance reviews")),
    ("roi.", _("ROI ledger")),
    ("model_option.", _("Model selection")),
    ("role.", _("Roles")),
]


class AuditFilterForm(forms.Form):
    initiative = forms.CharField(label=_("Initiative key"), required=False, max_length=20)
    verb = forms.ChoiceField(label=_("Event"), required=False, choices=VERB_GROUPS)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)


class ComplianceFilterForm(forms.Form):
    VIEWS = [
        ("mine", _("Assigned to me")),
        ("due", _("Due within 30 days")),
        ("overdue", _("Overdue")),
        ("open", _("All open")),
        ("completed", _("Completed")),
    ]
    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)


class RoleGrantForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    business_unit = forms.ModelChoiceField(label=_("Business unit (and its sub-units)"), queryset=None, required=False)
    initiative = forms.CharField(label=_("or one initiative (key)"), required=False, max_length=20)
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DateInput)

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("The whole organisation")
