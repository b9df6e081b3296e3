"""The pages' forms: the services' inputs (``operations.inputs``), with the object a row's form acts on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from operations import inputs


class FilingForm(inputs.FilingRecordInput):
    filing = forms.IntegerField(widget=forms.HiddenInput)


class DeadlineReportForm(inputs.IncidentReportInput):
    deadline = forms.IntegerField(widget=forms.HiddenInput)


class ChangeDecisionForm(inputs.ChangeDecisionInput):
    change = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Sign")), ("reject", _("Reject")), ("withdraw", _("Withdraw"))],
    )


class RetirementForm(inputs.RetirementTickInput):
    code = forms.ChoiceField(label=_("Item"), choices=())

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(item.code, item.label) for item in items if item.done is None]


class FilingDocumentForm(inputs.FilingDocumentInput):
    filing = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class IncidentStatusForm(inputs.IncidentStatusInput):
    incident = forms.IntegerField(widget=forms.HiddenInput)
