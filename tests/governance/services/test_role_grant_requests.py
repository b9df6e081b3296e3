"""Four eyes on privileged grants: a global CoE or compliance role takes effect only when a second CoE member
approves; the one who asked and the one who would receive it cannot decide; unapproved grants lapse."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from adoption.choices import Role
from core.exceptions import Forbidden, Refused
from governance import access
from governance.choices import GrantRequestStatus
from governance.models import AuditEvent, RoleAssignment, RoleGrantRequest
from governance.services.roles import role_grant, role_grant_decide
from tests.factories import UserFactory, grant


@pytest.fixture
def second_coe(db, coe):
    user = UserFactory(username="coe-two")
    grant(user, Role.COE_ADMIN)
    return user


@pytest.fixture
def candidate(db):
    return UserFactory(username="candidate")


@pytest.mark.parametrize("role", [Role.COE_ADMIN, Role.COMPLIANCE_OFFICER])
def test_a_global_privileged_grant_waits_and_a_second_member_approves(coe, second_coe, candidate, role):
    request = role_grant(actor=coe, user=candidate, role=role)
    assert isinstance(request, RoleGrantRequest)
    assert request.status == GrantRequestStatus.PENDING
    assert not access.holds_global_role(user=candidate, role=role)
    assert AuditEvent.objects.filter(verb="role.grant_requested", target_id=str(request.pk)).exists()

    with pytest.raises(Forbidden, match="asked for this grant yourself"):
        role_grant_decide(actor=coe, request_id=request.pk, approve=True)
    decided = role_grant_decide(actor=second_coe, request_id=request.pk, approve=True, note="Agreed at the CoE board.")
    assert decided.status == GrantRequestStatus.APPROVED
    assert access.holds_global_role(user=candidate, role=role)
    assignment = RoleAssignment.objects.get(user=candidate, role=role)
    assert assignment.granted_by == coe
    granted = AuditEvent.objects.get(verb="role.granted", target_id=str(assignment.pk))
    assert granted.actor_id == second_coe.pk
    assert granted.after["approved_by"] == second_coe.pk
    with pytest.raises(Refused, match="already decided"):
        role_grant_decide(actor=second_coe, request_id=request.pk, approve=False)


def test_the_grantee_cannot_approve_their_own_grant(coe, second_coe):
    request = role_grant(actor=coe, user=second_coe, role=Role.COMPLIANCE_OFFICER)
    with pytest.raises(Forbidden, match="to themselves"):
        role_grant_decide(actor=second_coe, request_id=request.pk, approve=True)
    assert not access.holds_global_role(user=second_coe, role=Role.COMPLIANCE_OFFICER)


def test_only_the_coe_decides(coe, candidate):
    request = role_grant(actor=coe, user=candidate, role=Role.COE_ADMIN)
    auditor = UserFactory(username="auditor")
    grant(auditor, Role.AUDITOR)
    with pytest.raises(Forbidden):
        role_grant_decide(actor=auditor, request_id=request.pk, approve=True)


def test_a_declined_grant_grants_nothing_and_a_second_ask_is_one_at_a_time(coe, second_coe, candidate):
    request = role_grant(actor=coe, user=candidate, role=Role.COE_ADMIN)
    with pytest.raises(Refused, match="already waits"):
        role_grant(actor=second_coe, user=candidate, role=Role.COE_ADMIN)
    role_grant_decide(actor=second_coe, request_id=request.pk, approve=False, note="Not yet.")
    assert not access.holds_global_role(user=candidate, role=Role.COE_ADMIN)
    assert AuditEvent.objects.filter(verb="role.grant_declined").count() == 1
    again = role_grant(actor=second_coe, user=candidate, role=Role.COE_ADMIN)
    assert again.status == GrantRequestStatus.PENDING


def test_an_unapproved_grant_lapses_after_seven_days(coe, second_coe, candidate):
    request = role_grant(actor=coe, user=candidate, role=Role.COMPLIANCE_OFFICER)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        with pytest.raises(Refused, match="lapsed"):
            role_grant_decide(actor=second_coe, request_id=request.pk, approve=True)
        # Asking again replaces the lapsed request.
        again = role_grant(actor=coe, user=candidate, role=Role.COMPLIANCE_OFFICER)
    request.refresh_from_db()
    assert request.status == GrantRequestStatus.DECLINED
    assert again.status == GrantRequestStatus.PENDING
    assert not access.holds_global_role(user=candidate, role=Role.COMPLIANCE_OFFICER)


def test_scoped_and_other_global_roles_are_granted_at_once(coe, units, candidate):
    scoped = role_grant(actor=coe, user=candidate, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    assert isinstance(scoped, RoleAssignment)
    executive = role_grant(actor=coe, user=candidate, role=Role.EXECUTIVE)
    assert isinstance(executive, RoleAssignment)


def test_the_roles_page_asks_and_a_second_member_approves(client, coe, second_coe, candidate):
    client.force_login(coe)
    asked = client.post(
        "/roles/grant", {"grant-user": candidate.pk, "grant-role": "coe_admin"}, follow=True
    ).content.decode()
    assert "waits for a second CoE member" in asked
    request = RoleGrantRequest.objects.get(user=candidate)
    assert "Another CoE member decides." in asked
    refused = client.post(f"/roles/requests/{request.pk}/decide", {"decision": "approve"}, follow=True)
    assert "asked for this grant yourself" in refused.content.decode()
    assert not access.holds_global_role(user=candidate, role=Role.COE_ADMIN)
    client.force_login(second_coe)
    page = client.get("/roles/").content.decode()
    assert f"/roles/requests/{request.pk}/decide" in page
    client.post(f"/roles/requests/{request.pk}/decide", {"decision": "approve"})
    assert access.holds_global_role(user=candidate, role=Role.COE_ADMIN)
