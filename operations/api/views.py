"""API of life after production: the filings register, production change requests (approve, reject, withdraw),
incidents and their reports, and the retirement checklist. Reads go through the selectors (``restrict``: an
invisible object is a 404), writes through the services, which authorise the actor (``governance.actions``)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from adoption.api.views import INITIATIVE, InitiativeView, id_param
from core.api.base import Int, Str, operation, validated
from core.api.endpoints import Action, Target, endpoint, read_by_id, shown_again
from core.api.inputs import serializer_for
from operations import inputs
from operations.changes import requirement_sentences
from operations.choices import ChangeKind, ChangeStatus, FilingKind, FilingStatus, IncidentStatus, Severity
from operations.obligations import words
from operations.selectors.filings import filing_documents_of, filing_get, filings_of
from operations.selectors.registers import (
    change_request_get,
    change_requests_of,
    incident_deadline_get,
    incident_get,
    incidents_of,
)
from operations.selectors.retirement import retirement_checklist
from operations.services import changes, filings, incidents, retirement

TAG = "operations"

# --- Serializers ------------------------------------------------------------------------------------------------


class FilingSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    regime = Str(read_only=True)
    obligation = Str(read_only=True)
    kind = serializers.ChoiceField(choices=FilingKind.choices, read_only=True)
    authority = serializers.DictField(child=Str(), read_only=True, help_text="By language: en, zh-hant, zh-hans.")
    authority_text = serializers.SerializerMethodField(help_text="The authority in the reader's language.")
    blocks_phase = Str(read_only=True, help_text="The gate it keeps shut until approved or waived.")
    refile_on = serializers.ListField(child=Str(), read_only=True)
    reference = Str(read_only=True)
    status = serializers.ChoiceField(choices=FilingStatus.choices, read_only=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    submitted_on = serializers.DateField(read_only=True, allow_null=True)
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    note = Str(read_only=True)

    def get_authority_text(self, obj) -> str:
        return words(obj.authority)


FilingRecordSerializer = serializer_for(inputs.FilingRecordInput)


class FilingDocumentSerializer(serializers.Serializer):
    id = Int(read_only=True)
    filing = Int(source="filing_id", read_only=True)
    file_name = Str(read_only=True)
    content_type = Str(read_only=True)
    size = Int(read_only=True)
    sha256 = Str(read_only=True)
    description = Str(read_only=True)
    created_by = Str(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class FilingDocumentUploadSerializer(serializer_for(inputs.FilingDocumentInput)):
    file = serializers.FileField(max_length=255)


class ApprovalSerializer(serializers.Serializer):
    role = Str(read_only=True)
    signed_by = Str(source="signed_by.username", read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)
    note = Str(read_only=True)


class ChangeRequestSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ChangeKind.choices), read_only=True)
    description = Str(read_only=True)
    from_value = Str(read_only=True)
    to_value = Str(read_only=True)
    status = serializers.ChoiceField(choices=ChangeStatus.choices, read_only=True)
    requirements = serializers.JSONField(
        read_only=True,
        help_text="What the change asks for: reopen (obligations), reevaluate, roi_estimate, questionnaire, refile "
        "(filings), slots (the roles that sign).",
    )
    asks_for = serializers.SerializerMethodField(help_text="The requirements, a sentence each.")
    approvals = ApprovalSerializer(many=True, read_only=True)
    requested_by = Str(source="requested_by.username", read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    decided_by = Str(source="decided_by.username", read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decision_note = Str(read_only=True)

    def get_asks_for(self, obj) -> list[str]:
        return requirement_sentences(obj.requirements)


ChangeRequestCreateSerializer = serializer_for(inputs.ChangeRequestInput)
ChangeDecisionSerializer = serializer_for(inputs.ChangeDecisionInput)


class DeadlineSerializer(serializers.Serializer):
    id = Int(read_only=True)
    regime = Str(read_only=True)
    obligation = Str(read_only=True)
    authority = serializers.DictField(child=Str(), read_only=True)
    hours = Int(read_only=True)
    due_at = serializers.DateTimeField(read_only=True)
    reported_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reference = Str(read_only=True)
    reported_by = Str(source="reported_by.username", read_only=True, allow_null=True)


class IncidentSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    severity = serializers.ChoiceField(choices=Severity.choices, read_only=True)
    summary = Str(read_only=True)
    people_affected = Int(read_only=True)
    detected_at = serializers.DateTimeField(read_only=True)
    contained_at = serializers.DateTimeField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, read_only=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    recorded_by = Str(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


IncidentCreateSerializer = serializer_for(inputs.IncidentInput)
IncidentReportSerializer = serializer_for(inputs.IncidentReportInput)
IncidentStatusSerializer = serializer_for(inputs.IncidentStatusInput)


class ChecklistItemSerializer(serializers.Serializer):
    code = Str(read_only=True)
    label = Str(read_only=True)
    source = Str(read_only=True, help_text="regime/obligation, or empty for the defaults.")
    done = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()
    done_by = serializers.SerializerMethodField()
    done_at = serializers.SerializerMethodField()

    def get_done(self, obj) -> bool:
        return obj.done is not None

    def get_note(self, obj) -> str:
        return obj.done.note if obj.done else ""

    def get_done_by(self, obj) -> str | None:
        return obj.done.done_by.username if obj.done else None

    def get_done_at(self, obj) -> str | None:
        return obj.done.done_at.isoformat() if obj.done else None


class RetirementTickSerializer(serializer_for(inputs.RetirementTickInput)):
    code = Str(max_length=80, help_text="The item's code.")


# --- Targets ----------------------------------------------------------------------------------------------------

FILING_ID = id_param("filing_id", "filing")
CHANGE_ID = id_param("change_id", "change request")
INCIDENT_ID = id_param("incident_id", "incident")
DEADLINE_ID = id_param("deadline_id", "incident report deadline")

FILING = Target.by_id("filing", FILING_ID, filing_get, gettext_lazy("Filing"), FilingSerializer, TAG)
# The services call a change request "change".
CHANGE = replace(
    Target.by_id(
        "change-request", CHANGE_ID, change_request_get, gettext_lazy("Change request"), ChangeRequestSerializer, TAG
    ),
    keyword="change",
)
INCIDENT = Target.by_id("incident", INCIDENT_ID, incident_get, gettext_lazy("Incident"), IncidentSerializer, TAG)
DEADLINE = Target(
    "incident-deadline",
    "incident-deadlines/<str:deadline_id>/",
    (DEADLINE_ID,),
    read_by_id(incident_deadline_get, "deadline_id", gettext_lazy("Report deadline")),
    "deadline",
    lambda view, obj, result: Response(
        IncidentSerializer(incident_get(user=view.request.user, pk=obj.incident_id)).data
    ),
    IncidentSerializer,
    TAG,
)


# --- Filings ----------------------------------------------------------------------------------------------------


@operation(TAG, FilingSerializer(many=True), (404,))
def initiative_filings_get(view, request, key):
    """An initiative's filings and registrations, by regime and obligation"""
    return Response(FilingSerializer(filings_of(user=request.user, initiative=view.initiative())[:500], many=True).data)


InitiativeFilingsView = endpoint(base=InitiativeView, get=initiative_filings_get)
FilingDetailView = endpoint(get=FILING.detail("One filing"))


@operation(TAG, FilingDocumentSerializer(many=True), (404,), parameters=[FILING_ID])
def filing_documents_get(view, request, filing_id):
    """A filing's documents"""
    filing = FILING.read(view)
    return Response(FilingDocumentSerializer(filing_documents_of(filing=filing)[:500], many=True).data)


@operation(
    TAG,
    FilingDocumentSerializer,
    (400, 403, 404, 409, 415),
    code=201,
    parameters=[FILING_ID],
    request={"multipart/form-data": FilingDocumentUploadSerializer},
)
def filing_documents_post(view, request, filing_id):
    """Attach a document to a filing (multipart; the same checks as gate evidence)"""
    filing = FILING.read(view)
    data = validated(FilingDocumentUploadSerializer, request)
    document = filings.filing_document_add(
        actor=request.user, filing=filing, file=data["file"], description=data.get("description", "")
    )
    return Response(FilingDocumentSerializer(document).data, status=201)


FilingDocumentsView = endpoint(get=filing_documents_get, post=filing_documents_post, parser_classes=[MultiPartParser])


# --- Change requests --------------------------------------------------------------------------------------------


@operation(TAG, ChangeRequestSerializer(many=True), (404,))
def initiative_change_requests_get(view, request, key):
    """An initiative's production change requests, newest first"""
    found = change_requests_of(user=request.user, initiative=view.initiative())[:500]
    return Response(ChangeRequestSerializer(found, many=True).data)


REQUEST_CHANGE = Action(
    INITIATIVE,
    "change-requests",
    changes.change_request_create,
    ChangeRequestCreateSerializer,
    "Request a change to an initiative in production (its owner or the CoE); a compliance officer and the CoE sign it",
    tag=TAG,
    code=201,
    answer=shown_again(change_request_get, ChangeRequestSerializer, created=True),
    shown=ChangeRequestSerializer,
    examples=(
        OpenApiExample(
            "Model change",
            value={"kinds": ["model"], "description": "Newer model.", "from_value": "A", "to_value": "B"},
        ),
    ),
)
InitiativeChangeRequestsView = endpoint(
    base=InitiativeView, get=initiative_change_requests_get, post=REQUEST_CHANGE.post()
)
ChangeRequestDetailView = endpoint(get=CHANGE.detail("One production change request"))


# --- Incidents --------------------------------------------------------------------------------------------------


@operation(TAG, IncidentSerializer(many=True), (404,))
def initiative_incidents_get(view, request, key):
    """An initiative's incidents with their report deadlines, newest first"""
    return Response(
        IncidentSerializer(incidents_of(user=request.user, initiative=view.initiative())[:500], many=True).data
    )


RECORD_INCIDENT = Action(
    INITIATIVE,
    "incidents",
    incidents.incident_record,
    IncidentCreateSerializer,
    "Record an incident: a report deadline per applicable regime, everyone told at once, reminders toward it",
    tag=TAG,
    code=201,
    answer=shown_again(incident_get, IncidentSerializer, created=True),
    shown=IncidentSerializer,
    examples=(
        OpenApiExample(
            "Incident",
            value={"severity": "major", "summary": "Wrong balance shown.", "detected_at": "2026-12-05T08:00:00Z"},
        ),
    ),
)
InitiativeIncidentsView = endpoint(base=InitiativeView, get=initiative_incidents_get, post=RECORD_INCIDENT.post())
IncidentDetailView = endpoint(get=INCIDENT.detail("One incident"))


# --- Retirement checklist ---------------------------------------------------------------------------------------


def _checklist(view, initiative, result=None):
    return Response(ChecklistItemSerializer(retirement_checklist(initiative), many=True).data)


@operation(TAG, ChecklistItemSerializer(many=True), (404,))
def initiative_retirement_get(view, request, key):
    """An initiative's retirement checklist: the defaults and the applicable obligations' items, ticked or not"""
    return _checklist(view, view.initiative())


TICK = Action(
    INITIATIVE,
    "retirement-checklist",
    retirement.retirement_item_tick,
    RetirementTickSerializer,
    "Tick an item of the retirement checklist with a note (the owner, the CoE or a compliance officer in scope)",
    tag=TAG,
    code=200,
    answer=lambda view, initiative, result: _checklist(view, view.initiative()),
    shown=ChecklistItemSerializer(many=True),
    examples=(OpenApiExample("Tick", value={"code": "vendor_exit", "note": "Contract ended on 30 June."}),),
)
InitiativeRetirementView = endpoint(base=InitiativeView, get=initiative_retirement_get, post=TICK.post())


# What a POST on one object does.
ACTIONS = (
    Action(
        FILING,
        "record",
        filings.filing_record,
        FilingRecordSerializer,
        "Record a filing's progress: submitted, the authority's answer, or waived (a compliance officer in scope)",
        examples=(OpenApiExample("Submitted", value={"status": "submitted", "reference": "GD-2026-001"}),),
    ),
    Action(
        CHANGE,
        "approve",
        changes.change_request_approve,
        ChangeDecisionSerializer,
        "Sign a pending change (a compliance officer in scope, the CoE; never its requester); applied once all sign",
    ),
    Action(CHANGE, "reject", changes.change_request_reject, ChangeDecisionSerializer, "Reject a pending change"),
    Action(
        CHANGE, "withdraw", changes.change_request_withdraw, ChangeDecisionSerializer, "Withdraw your pending change"
    ),
    Action(
        INCIDENT,
        "status",
        incidents.incident_status_set,
        IncidentStatusSerializer,
        "Mark an incident contained or closed (closed once every report it owes is recorded)",
        examples=(OpenApiExample("Contained", value={"status": "contained", "contained_at": "2026-12-05T09:30:00Z"}),),
    ),
    Action(
        DEADLINE,
        "report",
        incidents.incident_report,
        IncidentReportSerializer,
        "Record the report of an incident to the authority (reference, time): the deadline closes",
        examples=(OpenApiExample("Reported", value={"reference": "CAC-2026-118"}),),
    ),
)

initiative = "initiatives/<str:key>/"
ROUTES = (
    (initiative + "filings/", InitiativeFilingsView, "initiative-filings"),
    ("filings/<str:filing_id>/", FilingDetailView, "filing-detail"),
    ("filings/<str:filing_id>/documents/", FilingDocumentsView, "filing-documents"),
    (initiative + "change-requests/", InitiativeChangeRequestsView, "initiative-change-requests"),
    ("change-requests/<str:change_id>/", ChangeRequestDetailView, "change-request-detail"),
    (initiative + "incidents/", InitiativeIncidentsView, "initiative-incidents"),
    ("incidents/<str:incident_id>/", IncidentDetailView, "incident-detail"),
    (initiative + "retirement-checklist/", InitiativeRetirementView, "initiative-retirement-checklist"),
)
