"""Read-only admin of the operations registers: every change goes through the services (audited)."""

from django.contrib import admin

from adoption.admin import InitiativeRecordAdmin
from operations.models import ChangeRequest, Filing, Incident, IncidentDeadline, RetirementItem


@admin.register(Filing)
class FilingAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "regime", "obligation", "kind", "status", "reference", "due_on"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["initiative"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "kinds", "status", "requested_by", "requested_at"]
    list_filter = ["status"]
    raw_id_fields = ["initiative", "requested_by", "decided_by"]


@admin.register(Incident)
class IncidentAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "severity", "status", "detected_at"]
    list_filter = ["severity", "status"]
    raw_id_fields = ["initiative", "recorded_by"]


@admin.register(IncidentDeadline)
class IncidentDeadlineAdmin(InitiativeRecordAdmin):
    list_display = ["incident", "regime", "obligation", "due_at", "reported_at"]
    raw_id_fields = ["initiative", "incident", "reported_by"]


@admin.register(RetirementItem)
class RetirementItemAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "code", "done_by", "done_at"]
    raw_id_fields = ["initiative", "done_by"]
