"""Admin for support staff; workflow fields are read-only (they change only through services).

The admin never writes domain state around the services: append-only and workflow tables are read-only, and the
few edits it offers (descriptive initiative fields, phase time boxes, gate templates, selection weights, new
business units) are handed to the service that owns them, which authorises the user (superusers get no
exemption) and writes the audit event. A refusal comes back as a message on the form's page, and nothing is saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from adoption.models import (
    BusinessUnit,
    EvidenceVersion,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
    ModelOption,
    PhaseDefinition,
    PhaseStint,
    RealisedValueEntry,
    RoiVersion,
    SelectionWeights,
    SpendEntry,
)
from adoption.services.configuration import (
    TEMPLATE_FIELDS,
    criterion_template_add,
    criterion_template_revise,
    phase_time_box_set,
)
from adoption.services.initiatives import EDITABLE_FIELDS, business_unit_create, initiative_update
from adoption.services.selection import selection_weights_set
from core.admin import ListAdmin, ReadOnlyAdmin
from core.exceptions import DomainError


class _ServiceRefusal(Exception):
    def __init__(self, error: DomainError):
        super().__init__(str(error))
        self.error = error


def _describe(error: DomainError) -> str:
    details = [f"{name}: {' '.join(msgs)}" for name, msgs in error.fields.items()]
    return " ".join([str(error), *details])


class ServiceAdmin(ListAdmin):
    """A ModelAdmin whose saves go through a service (``save_with_service``) and which deletes nothing."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_with_service(self, request, obj, form, change):  # pragma: no cover - each admin defines it
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            self.save_with_service(request, obj, form, change)
        except DomainError as error:
            # Raised through the admin's own transaction so that nothing it wrote around the service survives.
            raise _ServiceRefusal(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceRefusal as refusal:
            self.message_user(request, _describe(refusal.error), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class InitiativeRecordAdmin(ReadOnlyAdmin):
    """A read-only record of one initiative, found by the initiative's key."""

    search_fields = ["initiative__key"]
    raw_id_fields = ["initiative", "recorded_by"]


@admin.register(BusinessUnit)
class BusinessUnitAdmin(ServiceAdmin):
    list_display = ["code", "name", "parent", "path"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    fields = ["code", "name", "parent", "path", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # New units go through business_unit_create; moving or renaming one has no service yet.
        return ["path", "created_at"] if obj is None else ["code", "name", "parent", "path", "created_at"]

    def save_with_service(self, request, obj, form, change):
        unit = business_unit_create(
            actor=request.user,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            parent=form.cleaned_data.get("parent"),
        )
        obj.pk, obj.path = unit.pk, unit.path


@admin.register(Initiative)
class InitiativeAdmin(ServiceAdmin):
    list_display = ["key", "title", "business_unit", "phase", "status", "risk_tier", "owner", "planned_phase_end"]
    list_filter = ["phase", "status", "risk_tier", "sourcing"]
    search_fields = ["key", "title"]
    ordering = ["-number"]
    # Support staff edit the descriptive fields only; the stage, the people and the unit change through the
    # portfolio pages and services (owner, sponsor and unit move role assignments with them).
    readonly_fields = [
        field.name
        for field in Initiative._meta.concrete_fields
        if field.name not in set(EDITABLE_FIELDS) - {"business_unit", "owner", "sponsor"}
    ]

    def has_add_permission(self, request):
        # Registering an initiative assigns its owner and sponsor roles: the portfolio pages and API do that.
        return False

    def save_with_service(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        if changes:
            initiative_update(actor=request.user, initiative=obj, **changes)


@admin.register(PhaseDefinition)
class PhaseDefinitionAdmin(ServiceAdmin):
    list_display = ["phase", "order", "time_box_days", "updated_at"]
    readonly_fields = ["phase", "order", "updated_at"]

    def has_add_permission(self, request):
        return False  # exactly three phases, fixed

    def save_with_service(self, request, obj, form, change):
        phase_time_box_set(actor=request.user, phase=obj.phase, days=form.cleaned_data["time_box_days"])


@admin.register(GateCriterionTemplate)
class GateCriterionTemplateAdmin(ServiceAdmin):
    list_display = ["phase", "order", "code", "version", "is_current", "kind", "mandatory", "waivable_by_role"]
    list_filter = ["phase", "is_current", "kind"]
    search_fields = ["code", "title"]
    fields = ["phase", "code", "version", "is_current", *TEMPLATE_FIELDS, "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["version", "is_current", "created_at"]
        if not obj.is_current:
            return self.fields  # replaced versions are history
        return ["phase", "code", "version", "is_current", "created_at"]

    def save_with_service(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in TEMPLATE_FIELDS}
            if changes:
                criterion_template_revise(actor=request.user, template=obj, **changes)
            return
        template = criterion_template_add(
            actor=request.user,
            phase=data["phase"],
            code=data["code"],
            **{name: data[name] for name in TEMPLATE_FIELDS},
        )
        obj.pk = template.pk


class SelectionWeightsForm(forms.ModelForm):
    class Meta:
        model = SelectionWeights
        fields = ["quality", "total_cost", "data_security", "control", "vendor_risk"]

    def validate_constraints(self):
        # The service checks the sum itself and says what it came to; the constraint's generic message would not.
        pass


@admin.register(SelectionWeights)
class SelectionWeightsAdmin(ServiceAdmin):
    form = SelectionWeightsForm
    list_display = ["version", "is_current", "quality", "total_cost", "data_security", "control", "vendor_risk"]
    fields = ["quality", "total_cost", "data_security", "control", "vendor_risk"]

    def has_change_permission(self, request, obj=None):
        return False  # a change is a new version: use "add"

    def save_with_service(self, request, obj, form, change):
        weights = selection_weights_set(actor=request.user, **{name: form.cleaned_data[name] for name in self.fields})
        obj.pk, obj.version = weights.pk, weights.version


@admin.register(GateCriterion)
class GateCriterionAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "phase", "code", "status", "metric_value", "evidence_date", "waiver_expires_on"]
    list_filter = ["phase", "status"]
    search_fields = ["initiative__key", "code"]
    raw_id_fields = ["initiative", "template", "updated_by", "waived_by"]


@admin.register(EvidenceVersion)
class EvidenceVersionAdmin(ReadOnlyAdmin):
    list_display = ["criterion", "version", "kind", "file_name", "sha256", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["sha256", "criterion__initiative__key", "criterion__code"]
    raw_id_fields = ["criterion", "created_by"]


@admin.register(RoiVersion)
class RoiVersionAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "version", "phase", "currency", "confidence", "recorded_by", "recorded_at"]
    list_filter = ["phase", "confidence", "currency"]


@admin.register(SpendEntry)
class SpendEntryAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "period_start", "period_end", "category", "amount", "currency"]
    list_filter = ["category", "currency"]


@admin.register(RealisedValueEntry)
class RealisedValueEntryAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "period_start", "period_end", "currency", "measured_cost"]


@admin.register(ModelOption)
class ModelOptionAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "name", "sourcing", "vendor", "is_chosen"]
    list_filter = ["sourcing", "is_chosen"]
    search_fields = ["initiative__key", "name", "vendor"]


@admin.register(PhaseStint)
class PhaseStintAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "phase", "entered_at", "exited_at", "outcome"]
    list_filter = ["phase", "outcome"]
    raw_id_fields = ["initiative"]
