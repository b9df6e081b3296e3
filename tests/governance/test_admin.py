"""The governance admin shows records to support staff and lets nobody add, change or delete them."""

import pytest
from django.urls import reverse

from adoption.choices import Role
from governance.models import (
    AuditEvent,
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
    GateReview,
    ReviewSlot,
    RiskTierChange,
    RoleAssignment,
    SignOff,
    SignoffMatrixEntry,
)
from tests.factories import UserFactory, grant

READ_ONLY_MODELS = [
    RoleAssignment,
    AuditEvent,
    GateReview,
    ReviewSlot,
    SignOff,
    ComplianceReview,
    SignoffMatrixEntry,
    RiskTierChange,
    ComplianceQuestionnaire,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceActionItem,
]


@pytest.fixture
def support(client, db):
    client.force_login(UserFactory(username="support", is_staff=True, is_superuser=True))
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m.__name__)
def test_lists_show_and_adding_is_refused(support, initiative, model):
    listing = support.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert _url(model, "add").encode() not in listing.content
    assert support.get(_url(model, "add")).status_code == 403


def test_a_role_assignment_is_shown_but_cannot_be_changed_or_deleted(support, coe, units):
    officer = UserFactory(username="officer")
    assignment = grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)

    listing = support.get(_url(RoleAssignment, "changelist"), {"role": Role.COMPLIANCE_OFFICER})
    assert b"Retail Banking" in listing.content
    page = support.get(_url(RoleAssignment, "change", assignment.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content

    posted = support.post(_url(RoleAssignment, "change", assignment.pk), {"role": Role.AUDITOR, "scope": "global"})
    assert posted.status_code == 403
    assert support.post(_url(RoleAssignment, "delete", assignment.pk), {"post": "yes"}).status_code == 403
    assignment.refresh_from_db()
    assert (assignment.role, assignment.revoked_at) == (Role.COMPLIANCE_OFFICER, None)


def test_audit_events_are_searchable_and_filterable_but_never_deletable(support, initiative):
    event = AuditEvent.objects.filter(initiative=initiative, verb="initiative.created").get()

    found = support.get(_url(AuditEvent, "changelist"), {"q": initiative.key, "verb": "initiative.created"})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [event]
    assert b"delete_selected" not in found.content
    support.post(
        _url(AuditEvent, "changelist"), {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert support.post(_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
