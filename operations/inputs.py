"""The inputs of the operations services, each defined once from the model fields (``core.inputs``): pages' forms
and the API's request serializers are built from these."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import ServiceInput, model_field
from operations.choices import ChangeKind, FilingStatus, IncidentStatus
from operations.models import ChangeRequest, Filing, FilingDocument, Incident, IncidentDeadline, RetirementItem

ROWS = {"rows": 2}
DATE = {"type": "date"}
MOMENT = {"type": "datetime-local"}


class FilingRecordInput(ServiceInput):
    """A filing's progress: its status, the authority's reference number, its dates and a note."""

    refused = _("The filing was not updated.")
    status = model_field(Filing, "status", label=_("Status"))
    reference = model_field(Filing, "reference", label=_("Reference number"), required=False)
    due_on = model_field(Filing, "due_on", label=_("Due on"), required=False, widget=forms.DateInput(attrs=DATE))
    submitted_on = model_field(
        Filing, "submitted_on", label=_("Submitted on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    decided_on = model_field(
        Filing, "decided_on", label=_("Decided on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    note = model_field(Filing, "note", label=_("Note"), required=False, widget=forms.Textarea(ROWS))

    def check(self, cleaned):
        status = cleaned.get("status")
        if status == FilingStatus.WAIVED and not cleaned.get("note"):
            self.add_error("note", _("Say why the filing is waived."))
        if status == FilingStatus.DRAFT:
            self.add_error("status", _("A filing goes back to draft only by being made again (refile)."))
        submitted, decided = cleaned.get("submitted_on"), cleaned.get("decided_on")
        if submitted and decided and decided < submitted:
            self.add_error("decided_on", _("The decision cannot come before the submission."))


class FilingDocumentInput(ServiceInput):
    refused = _("The document was not attached.")
    description = model_field(
        FilingDocument, "description", label=_("Description (optional)"), required=False, widget=forms.Textarea(ROWS)
    )


class ChangeRequestInput(ServiceInput):
    """A change to an initiative in production: what changes, from what to what, and why."""

    refused = _("The change was not requested.")
    kinds = forms.MultipleChoiceField(
        label=_("What changes"), choices=ChangeKind.choices, widget=forms.CheckboxSelectMultiple
    )
    description = model_field(ChangeRequest, "description", label=_("Description"), widget=forms.Textarea(ROWS))
    from_value = model_field(ChangeRequest, "from_value", label=_("From"), required=False)
    to_value = model_field(ChangeRequest, "to_value", label=_("To"), required=False)


class ChangeDecisionInput(ServiceInput):
    refused = _("The change was not decided.")
    note = model_field(ChangeRequest, "decision_note", label=_("Note"), required=False, widget=forms.Textarea(ROWS))


class IncidentInput(ServiceInput):
    """An incident: how severe, what happened, to how many people, when it was detected (and contained)."""

    refused = _("The incident was not recorded.")
    severity = model_field(Incident, "severity", label=_("Severity"))
    summary = model_field(Incident, "summary", label=_("What happened"), widget=forms.Textarea(ROWS))
    people_affected = model_field(Incident, "people_affected", label=_("People affected"), required=False)
    detected_at = model_field(Incident, "detected_at", label=_("Detected at"), widget=forms.DateTimeInput(attrs=MOMENT))
    contained_at = model_field(
        Incident, "contained_at", label=_("Contained at"), required=False, widget=forms.DateTimeInput(attrs=MOMENT)
    )
    hold = forms.BooleanField(label=_("Put the initiative on hold"), required=False)

    def check(self, cleaned):
        detected, contained = cleaned.get("detected_at"), cleaned.get("contained_at")
        if detected and contained and contained < detected:
            self.add_error("contained_at", _("The incident cannot be contained before it was detected."))


class IncidentReportInput(ServiceInput):
    """The report of an incident to an authority: its reference and when it was made."""

    refused = _("The report was not recorded.")
    reference = model_field(IncidentDeadline, "reference", label=_("Report reference"), required=True)
    reported_at = model_field(
        IncidentDeadline,
        "reported_at",
        label=_("Reported at"),
        required=False,
        widget=forms.DateTimeInput(attrs=MOMENT),
    )


class RetirementTickInput(ServiceInput):
    refused = _("The checklist item was not ticked.")
    note = model_field(RetirementItem, "note", label=_("Note"), required=True, widget=forms.Textarea(ROWS))


class IncidentStatusInput(ServiceInput):
    """An incident contained (when) or closed."""

    refused = _("The incident was not updated.")
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (IncidentStatus.CONTAINED, IncidentStatus.CONTAINED.label),
            (IncidentStatus.CLOSED, IncidentStatus.CLOSED.label),
        ],
    )
    contained_at = model_field(
        Incident, "contained_at", label=_("Contained at"), required=False, widget=forms.DateTimeInput(attrs=MOMENT)
    )
