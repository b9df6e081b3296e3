"""Adoption admin: append-only and workflow records are read-only; the edits it offers go through the services."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from adoption.choices import Role
from adoption.models import (
    BusinessUnit,
    EvidenceVersion,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
    PhaseDefinition,
    RoiVersion,
    SelectionWeights,
)
from adoption.services.evidence import evidence_add
from adoption.services.roi import roi_version_append
from governance.models import AuditEvent
from tests.factories import grant
from tests.factories.adoption import criterion, roi_values

MODELS = [
    "businessunit",
    "initiative",
    "phasedefinition",
    "gatecriteriontemplate",
    "selectionweights",
    "gatecriterion",
    "evidenceversion",
    "roiversion",
    "spendentry",
    "realisedvalueentry",
    "modeloption",
    "phasestint",
]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def coe_admin_client(admin_client, admin_user):
    """A superuser who also holds the CoE role (the services ask for the role, never for superuser status)."""
    grant(admin_user, Role.COE_ADMIN)
    return admin_client


def initiative_form(initiative, **changes):
    data = {
        name: getattr(initiative, name) or ""
        for name in (
            "title",
            "pain_point",
            "value_driver",
            "kpi",
            "kpi_baseline",
            "kpi_target",
            "data_classification",
            "sourcing",
            "models_used",
            "selection_rationale",
        )
    }
    return {**data, **changes}


@pytest.mark.parametrize("model", MODELS)
def test_every_list_renders(admin_client, initiative, model):
    response = admin_client.get(reverse(f"admin:adoption_{model}_changelist"))
    assert response.status_code == 200


def test_append_only_records_cannot_be_added_changed_or_deleted(admin_client, initiative, owner):
    version = evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="text", text="v1")
    roi = roi_version_append(actor=owner, initiative=initiative, **roi_values())
    target = criterion(initiative, "value_hypothesis")
    for model, obj in (("evidenceversion", version), ("roiversion", roi), ("gatecriterion", target)):
        assert admin_client.get(reverse(f"admin:adoption_{model}_add")).status_code == 403
        assert admin_client.get(reverse(f"admin:adoption_{model}_delete", args=[obj.pk])).status_code == 403
        page = admin_client.get(reverse(f"admin:adoption_{model}_change", args=[obj.pk]))
        assert page.status_code == 200
        assert b'name="_save"' not in page.content
        assert admin_client.post(reverse(f"admin:adoption_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert EvidenceVersion.objects.get(pk=version.pk).text == "v1"
    assert RoiVersion.objects.filter(pk=roi.pk).exists()
    assert GateCriterion.objects.filter(pk=target.pk).exists()


def test_a_superuser_without_a_role_changes_nothing(admin_client, initiative):
    url = reverse("admin:adoption_initiative_change", args=[initiative.pk])
    response = admin_client.post(url, initiative_form(initiative, title="Renamed by support"), follow=True)
    assert any("was not found" in m for m in messages_of(response))
    assert Initiative.objects.get(pk=initiative.pk).title == "Contract summariser"
    phase = PhaseDefinition.objects.get(phase="scaling")
    url = reverse("admin:adoption_phasedefinition_change", args=[phase.pk])
    response = admin_client.post(url, {"time_box_days": 90}, follow=True)
    assert any("Only the CoE" in m for m in messages_of(response))
    assert PhaseDefinition.objects.get(phase="scaling").time_box_days == 60


def test_initiative_edits_go_through_the_service_and_workflow_fields_stay(coe_admin_client, initiative, coe):
    url = reverse("admin:adoption_initiative_change", args=[initiative.pk])
    data = initiative_form(initiative, title="Contract summariser v2", owner=coe.pk, phase="scaling")
    response = coe_admin_client.post(url, data)
    assert response.status_code == 302
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.version, stored.phase, stored.owner_id) == (
        "Contract summariser v2",
        initiative.version + 1,
        "exploration",
        initiative.owner_id,
    )
    event = AuditEvent.objects.get(initiative=initiative, verb="initiative.updated")
    assert event.after == {"title": "Contract summariser v2", "version": initiative.version + 1}
    assert coe_admin_client.get(reverse("admin:adoption_initiative_add")).status_code == 403
    assert coe_admin_client.get(reverse("admin:adoption_initiative_delete", args=[initiative.pk])).status_code == 403


def test_time_box_template_and_weights_edits_are_versioned_and_audited(coe_admin_client):
    phase = PhaseDefinition.objects.get(phase="scaling")
    coe_admin_client.post(reverse("admin:adoption_phasedefinition_change", args=[phase.pk]), {"time_box_days": 90})
    assert PhaseDefinition.objects.get(phase="scaling").time_box_days == 90
    assert AuditEvent.objects.filter(verb="phase.time_box_set").count() == 1

    spike = GateCriterionTemplate.objects.get(code="feasibility_spike", is_current=True)
    form = {
        "order": spike.order,
        "title": spike.title,
        "guidance": spike.guidance,
        "kind": spike.kind,
        "comparator": spike.comparator,
        "threshold": "10",
        "unit": spike.unit,
        "mandatory": "on",
        "validity_days": "",
        "waivable_by_role": spike.waivable_by_role,
    }
    coe_admin_client.post(reverse("admin:adoption_gatecriteriontemplate_change", args=[spike.pk]), form)
    versions = list(
        GateCriterionTemplate.objects.filter(code="feasibility_spike")
        .order_by("version")
        .values_list("version", "is_current", "threshold")
    )
    assert [(v, c, int(t)) for v, c, t in versions] == [(1, False, 14), (2, True, 10)]

    add_weights = reverse("admin:adoption_selectionweights_add")
    response = coe_admin_client.post(
        add_weights,
        {"quality": 50, "total_cost": 10, "data_security": 10, "control": 10, "vendor_risk": 10},
        follow=True,
    )
    assert any("add up to 90" in m for m in messages_of(response))
    coe_admin_client.post(
        add_weights, {"quality": 50, "total_cost": 20, "data_security": 10, "control": 10, "vendor_risk": 10}
    )
    assert SelectionWeights.objects.get(is_current=True).version == 2
    assert PhaseDefinition.objects.count() == 3
    assert coe_admin_client.get(reverse("admin:adoption_phasedefinition_add")).status_code == 403


def test_a_business_unit_is_added_through_the_service(coe_admin_client, units):
    response = coe_admin_client.post(
        reverse("admin:adoption_businessunit_add"), {"code": "wealth", "name": "Wealth", "parent": units["retail"].pk}
    )
    assert response.status_code == 302
    unit = BusinessUnit.objects.get(code="wealth")
    assert unit.path == f"{units['retail'].path}{unit.pk}/"
    assert AuditEvent.objects.filter(verb="business_unit.created", target_id=str(unit.pk)).exists()
