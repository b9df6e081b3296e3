"""Forms of the governance pages: lifecycle actions, risk-tier changes, sign-offs, compliance reviews, audit filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode, RiskTier, Role
from adoption.forms import DateInput, PersonChoiceField
from governance.choices import ComplianceOutcome, Decision


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestReviewForm(forms.Form):
    """Nothing to fill in: the gate decides. The form exists for CSRF and confirmation."""


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StopForm(forms.Form):
    reason = forms.CharField(label=_("Why is it stopped?"), widget=forms.Textarea(attrs={"rows": 2}))
    primary_failure_mode = forms.ChoiceField(label=_("Primary failure mode"), required=False)
    contributing_modes = forms.MultipleChoiceField(
        label=_("Contributing failure modes"),
        required=False,
        choices=FailureMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    not_a_failure = forms.BooleanField(label=_("Not a failure (for example a change of strategy)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_failure_mode"].choices = [("", _("— choose —")), *FailureMode.choices]


class RiskProposeForm(forms.Form):
    to_tier = forms.ChoiceField(
        label=_("New risk tier"),
        choices=[(value, label) for value, label in RiskTier.choices if value != RiskTier.UNASSESSED],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RiskDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm the change")), ("reject", _("Reject the change"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required to reject)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(forms.Form):
    slot = forms.ChoiceField(label=_("Slot"))
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment (required to reject or request changes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots
        if len(slots) == 1:
            self.fields["slot"].initial = slots[0][0]
            self.fields["slot"].widget = forms.HiddenInput()


class ComplianceCompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplianceOutcome.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))


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
