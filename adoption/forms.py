"""Forms of the adoption pages. They parse what the browser sends; the services decide what is acceptable."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from adoption import display, inputs
from adoption.choices import (
    CriterionKind,
    CriterionStatus,
    DataClassification,
    EvidenceKind,
    RiskTier,
    Sourcing,
)
from adoption.inputs import DateInput
from core.inputs import normalise
from core.web import person_name

person_label = person_name  # a person in a picker, named as everywhere else


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class _MeasuredForm(forms.Form):
    """What a criterion's evidence is measured as and dated; the value only where the criterion is measured."""

    metric_value = forms.DecimalField(label=_("Measured value"), required=False, max_digits=14, decimal_places=4)
    evidence_date = forms.DateField(label=_("Evidence date"), required=False, widget=DateInput)

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A benchmark against reality computes its value from two scores (the update form asks for them).
        if criterion is not None and (
            not criterion.template.is_measured or criterion.template.kind == CriterionKind.REALITY_GAP
        ):
            del self.fields["metric_value"]


class CriterionUpdateForm(_MeasuredForm):
    offline_score = forms.DecimalField(
        label=_("Offline evaluation score"), required=False, max_digits=14, decimal_places=4
    )
    real_success = forms.DecimalField(
        label=_("Task success of real users"), required=False, max_digits=14, decimal_places=4
    )

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (CriterionStatus.OPEN, CriterionStatus.OPEN.label),
            (CriterionStatus.MET, CriterionStatus.MET.label),
            (CriterionStatus.NOT_MET, CriterionStatus.NOT_MET.label),
        ],
    )
    period_start = forms.DateField(label=_("First day of the period"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("Last day of the period"), required=False, widget=DateInput)
    field_order = [
        "status",
        "metric_value",
        "offline_score",
        "real_success",
        "period_start",
        "period_end",
        "evidence_date",
    ]

    def __init__(self, *args, criterion=None, markable=True, **kwargs):
        super().__init__(*args, criterion=criterion, **kwargs)
        reality = criterion is not None and criterion.template.kind == CriterionKind.REALITY_GAP
        for name in ("metric_value",) if reality else ("offline_score", "real_success"):
            self.fields.pop(name, None)
        if criterion is None or criterion.template.kind != CriterionKind.DURATION:
            self.fields.pop("period_start")
            self.fields.pop("period_end")
        if not markable:
            # The initiative's data judges the criterion: no status, and no value of one's own.
            self.fields.pop("status")
            self.fields.pop("metric_value", None)

    @property
    def has_inputs(self) -> bool:
        """Whether anything is left to record here (a criterion the data judges may have nothing)."""
        return any(name != "evidence_date" for name in self.fields)


class EvidenceForm(_MeasuredForm):
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
    mark_met = forms.BooleanField(label=_("Also mark this criterion met"), required=False, initial=True)
    field_order = ["kind", "text", "url", "file", "metric_value", "evidence_date", "mark_met"]

    def __init__(self, *args, criterion=None, markable=True, **kwargs):
        super().__init__(*args, criterion=criterion, **kwargs)
        # Offered where the person may mark the criterion and it is not met yet; ticked unless they untick it.
        if not markable or (criterion is not None and criterion.status == CriterionStatus.MET):
            del self.fields["mark_met"]


WaiveForm = inputs.WaiveInput


class PhaseExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New planned end"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


# The pages' forms of the services' inputs (adoption.inputs): one definition each.
class _CurrencyAsTyped:
    """A ledger page takes the currency code in any case (eur for EUR)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        normalise(self.fields["currency"], str.upper)


class RoiVersionForm(_CurrencyAsTyped, inputs.RoiVersionInput):
    pass


class SpendForm(_CurrencyAsTyped, inputs.SpendInput):
    pass


class RealisedValueForm(_CurrencyAsTyped, inputs.RealisedValueInput):
    pass


ModelOptionForm = inputs.ModelOptionInput


class ChooseOptionForm(inputs.ChooseOptionInput):
    # The choices are the initiative's options, listed by the template; the view looks the id up among them.
    option = forms.IntegerField(label=_("Option"))


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


class QuickSelect(forms.Select):
    """A select of a few hundred options (every business unit) written in Python: the markup of Django's own select
    template (without its blank lines), without rendering a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        choices = [("" if key is None else str(key), label) for key, label in self.choices]
        if any(isinstance(label, list | tuple) for _key, label in choices):  # groups: Django's own markup
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if key in chosen else "", label) for key, label in choices),
        )
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class FunnelFilterForm(forms.Form):
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None, required=False, widget=QuickSelect)
    cohort = forms.ChoiceField(label=_("Cohort (quarter created)"), required=False)

    def __init__(self, *args, units, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("All units")
        self.fields["cohort"].choices = [("", _("All quarters")), *((c, display.quarter(c)) for c in cohorts)]


class MondayFilterForm(forms.Form):
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("All units")
