"""Forms of the adoption pages. They parse what the browser sends; the services decide what is acceptable."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from adoption.choices import (
    Confidence,
    CriterionStatus,
    DataClassification,
    EvidenceKind,
    RiskTier,
    Sourcing,
    SpendCategory,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class CriterionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (CriterionStatus.OPEN, CriterionStatus.OPEN.label),
            (CriterionStatus.MET, CriterionStatus.MET.label),
            (CriterionStatus.NOT_MET, CriterionStatus.NOT_MET.label),
        ],
    )
    metric_value = forms.DecimalField(label=_("Measured value"), required=False, max_digits=14, decimal_places=4)
    evidence_date = forms.DateField(label=_("Evidence date"), required=False, widget=DateInput)

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criterion is not None and not criterion.template.is_measured:
            del self.fields["metric_value"]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of evidence"), choices=EvidenceKind.choices, initial=EvidenceKind.TEXT, widget=forms.RadioSelect
    )
    # The editor opens in place (htmx); focus goes to where the evidence is written.
    text = forms.CharField(
        label=_("Evidence or description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
    )
    url = forms.CharField(label=_("Link"), required=False, widget=forms.URLInput(attrs={"placeholder": "https://"}))
    file = forms.FileField(label=_("File"), required=False)
    metric_value = forms.DecimalField(label=_("Measured value"), required=False, max_digits=14, decimal_places=4)
    evidence_date = forms.DateField(label=_("Evidence date"), required=False, widget=DateInput)

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criterion is not None and not criterion.template.is_measured:
            del self.fields["metric_value"]


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the waiver"), widget=forms.Textarea(attrs={"rows": 2}))
    expires_on = forms.DateField(label=_("Waiver expires on"), widget=DateInput)


class PhaseExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New planned end"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


MONEY = {"required": False, "min_value": 0, "max_digits": 16, "decimal_places": 2}


class RoiVersionForm(forms.Form):
    currency = forms.CharField(label=_("Currency (ISO code)"), max_length=3, initial=settings.REPORTING_CURRENCY)
    rate_to_reporting = forms.DecimalField(
        label=_("Rate to the reporting currency"), max_digits=18, decimal_places=8, initial=1
    )
    rate_date = forms.DateField(label=_("Rate date"), widget=DateInput)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM)
    benefit_cash_saving = forms.DecimalField(label=_("Cash saving per year"), **MONEY)
    benefit_cost_avoidance = forms.DecimalField(label=_("Cost avoidance per year"), **MONEY)
    benefit_revenue = forms.DecimalField(label=_("Revenue per year"), **MONEY)
    productivity_hours = forms.DecimalField(
        label=_("Productivity hours per year"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    productivity_hourly_rate = forms.DecimalField(label=_("Value of an hour"), **MONEY)
    one_off_cost = forms.DecimalField(label=_("One-off cost"), **MONEY)
    run_cost_model = forms.DecimalField(label=_("Annual model and token cost"), **MONEY)
    run_cost_infrastructure = forms.DecimalField(label=_("Annual infrastructure cost"), **MONEY)
    run_cost_people = forms.DecimalField(label=_("Annual people cost"), **MONEY)
    assumptions = forms.CharField(label=_("Assumptions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SpendForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DateInput)
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)
    category = forms.ChoiceField(label=_("Category"), choices=SpendCategory.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency (ISO code)"), max_length=3, initial=settings.REPORTING_CURRENCY)
    rate_to_reporting = forms.DecimalField(
        label=_("Rate to the reporting currency"), max_digits=18, decimal_places=8, initial=1
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class RealisedValueForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DateInput)
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)
    currency = forms.CharField(label=_("Currency (ISO code)"), max_length=3, initial=settings.REPORTING_CURRENCY)
    rate_to_reporting = forms.DecimalField(
        label=_("Rate to the reporting currency"), max_digits=18, decimal_places=8, initial=1
    )
    benefit_cash_saving = forms.DecimalField(label=_("Cash saving measured"), **MONEY)
    benefit_cost_avoidance = forms.DecimalField(label=_("Cost avoidance measured"), **MONEY)
    benefit_revenue = forms.DecimalField(label=_("Revenue measured"), **MONEY)
    productivity_hours = forms.DecimalField(
        label=_("Hours saved"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    productivity_hourly_rate = forms.DecimalField(label=_("Value of an hour"), **MONEY)
    measured_cost = forms.DecimalField(label=_("Cost measured over the period"), **MONEY)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


SCORES = [(n, str(n)) for n in range(1, 6)]


class ModelOptionForm(forms.Form):
    name = forms.CharField(label=_("Option"), max_length=200)
    sourcing = forms.ChoiceField(
        label=_("Sourcing"), choices=[(v, label) for v, label in Sourcing.choices if v != Sourcing.UNDECIDED]
    )
    vendor = forms.CharField(label=_("Vendor"), required=False, max_length=200)
    score_quality = forms.TypedChoiceField(label=_("Quality"), choices=SCORES, coerce=int, initial=3)
    score_total_cost = forms.TypedChoiceField(label=_("Total cost"), choices=SCORES, coerce=int, initial=3)
    score_data_security = forms.TypedChoiceField(
        label=_("Data security and sovereignty"), choices=SCORES, coerce=int, initial=3
    )
    score_control = forms.TypedChoiceField(label=_("Control and customisation"), choices=SCORES, coerce=int, initial=3)
    score_vendor_risk = forms.TypedChoiceField(
        label=_("Vendor risk and lock-in"), choices=SCORES, coerce=int, initial=3
    )
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChooseOptionForm(forms.Form):
    # The choices are the initiative's options, listed by the template; the view looks the id up among them.
    option = forms.IntegerField(label=_("Option"))
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}))


class InitiativeEditForm(forms.Form):
    """The descriptive fields the owner or the CoE edit; ``version`` guards against overwriting someone else."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    pain_point = forms.CharField(label=_("Pain point"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    value_driver = forms.CharField(label=_("Value driver"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kpi = forms.CharField(label=_("KPI"), required=False, max_length=200)
    kpi_baseline = forms.CharField(label=_("KPI baseline"), required=False, max_length=100)
    kpi_target = forms.CharField(label=_("KPI target"), required=False, max_length=100)
    data_classification = forms.ChoiceField(label=_("Data classification"), choices=DataClassification.choices)
    sourcing = forms.ChoiceField(label=_("Sourcing"), choices=Sourcing.choices)
    models_used = forms.CharField(label=_("Models and vendors used"), required=False, max_length=500)
    selection_rationale = forms.CharField(
        label=_("Rationale for the chosen option"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def initial_for(initiative) -> dict:
        return {name: getattr(initiative, name) for name in InitiativeEditForm.base_fields}


def money_arguments(cleaned_data: dict) -> dict:
    """A ledger form's values as the services take them: empty amounts are zero, currency codes upper case."""
    data = {name: (0 if value is None else value) for name, value in cleaned_data.items()}
    data["currency"] = str(data["currency"]).upper()
    return data


class InitiativeCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None)
    owner = PersonChoiceField(label=_("Owner"), queryset=None)
    sponsor = PersonChoiceField(label=_("Business sponsor"), queryset=None, required=False)
    risk_tier = forms.ChoiceField(label=_("Risk tier"), choices=RiskTier.choices, initial=RiskTier.UNASSESSED)
    data_classification = forms.ChoiceField(
        label=_("Data classification"), choices=DataClassification.choices, initial=DataClassification.UNCLASSIFIED
    )
    sourcing = forms.ChoiceField(label=_("Sourcing"), choices=Sourcing.choices, initial=Sourcing.UNDECIDED)
    pain_point = forms.CharField(label=_("Pain point"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    value_driver = forms.CharField(label=_("Value driver"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kpi = forms.CharField(label=_("KPI"), required=False, max_length=200)
    kpi_baseline = forms.CharField(label=_("KPI baseline"), required=False, max_length=100)
    kpi_target = forms.CharField(label=_("KPI target"), required=False, max_length=100)

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = units
        self.fields["owner"].queryset = people
        self.fields["sponsor"].queryset = people


class FunnelFilterForm(forms.Form):
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None, required=False)
    cohort = forms.ChoiceField(label=_("Cohort (quarter created)"), required=False)

    def __init__(self, *args, units, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("All units")
        self.fields["cohort"].choices = [("", _("All quarters")), *((c, c) for c in cohorts)]
