"""``manage.py grant_role``: bootstrapping the first CoE manager, granting through a CoE member, clear refusals."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adoption.choices import Role
from governance import access
from governance.choices import Scope
from governance.models import AuditEvent, BusinessUnitUserObjectPermission, RoleAssignment
from governance.permissions import ROLE_PERMISSIONS
from tests.factories import UserFactory


def grant_role(*args) -> str:
    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as err:
        call_command("grant_role", *args, stdout=StringIO())
    return str(err.value)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


def test_bootstrap_makes_the_first_coe_manager_and_audits_it(alice):
    out = grant_role("alice", "coe_admin", "--bootstrap")

    assert out == "alice now holds coe_admin (Global).\n"
    assignment = RoleAssignment.objects.get(user=alice)
    assert (assignment.role, assignment.scope, assignment.granted_by, assignment.revoked_at) == (
        Role.COE_ADMIN,
        Scope.GLOBAL,
        None,
        None,
    )
    assert access.holds_global_role(user=alice, role=Role.COE_ADMIN)
    event = AuditEvent.objects.get(verb="role.granted", target_id=str(assignment.pk))
    assert event.actor_repr == "system"


def test_bootstrap_is_refused_once_two_coe_managers_exist(coe, alice):
    second = UserFactory(username="second-coe")
    grant_role("second-coe", "coe_admin", "--bootstrap")  # a lone member could never have a grant approved
    assert access.holds_global_role(user=second, role=Role.COE_ADMIN)
    message = refused("alice", "coe_admin", "--bootstrap")

    assert "Two CoE portfolio managers already exist" in message
    assert not RoleAssignment.objects.filter(user=alice).exists()


def test_a_global_compliance_grant_waits_for_a_second_member(coe, alice):
    out = grant_role("alice", "compliance_officer", "--by", "coe")

    assert "waits for a second CoE member" in out
    assert not access.holds_global_role(user=alice, role=Role.COMPLIANCE_OFFICER)


def test_bootstrap_is_allowed_again_when_the_only_coe_manager_is_deactivated(coe, alice):
    coe.is_active = False
    coe.save(update_fields=["is_active"])

    grant_role("alice", "coe_admin", "--bootstrap")

    assert access.holds_global_role(user=alice, role=Role.COE_ADMIN)


def test_bootstrap_grants_global_roles_only(alice, units):
    assert "global roles only" in refused("alice", "compliance_officer", "--bootstrap", "--business-unit", "retail")
    assert "Owners are set on the initiative" in refused("alice", "initiative_owner", "--bootstrap")
    assert not RoleAssignment.objects.filter(user=alice).exists()


def test_a_coe_member_grants_a_unit_role(coe, alice, units):
    out = grant_role("alice", "compliance_officer", "--business-unit", "retail", "--by", "coe")

    assert out == "alice now holds compliance_officer (Retail Banking).\n"
    assignment = RoleAssignment.objects.get(user=alice)
    assert (assignment.business_unit, assignment.granted_by) == (units["retail"], coe)
    assert set(
        BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).values_list(
            "permission__codename", flat=True
        )
    ) == set(ROLE_PERMISSIONS[Role.COMPLIANCE_OFFICER])
    assert AuditEvent.objects.get(verb="role.granted", target_id=str(assignment.pk)).actor == coe


def test_a_coe_member_grants_an_initiative_role(coe, alice, initiative):
    grant_role("alice", "contributor", "--initiative", initiative.key.lower(), "--by", "coe")

    assert access.can(user=alice, action="record_evidence", initiative=initiative)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ghost", "auditor", "--by", "coe"], "No user named 'ghost'."),
        (["alice", "wizard", "--by", "coe"], "Unknown role 'wizard'."),
        (["alice", "auditor", "--by", "ghost"], "No user named 'ghost'."),
        (["alice", "data_steward", "--business-unit", "nowhere", "--by", "coe"], "No business unit with code"),
        (["alice", "contributor", "--initiative", "AI-9999", "--by", "coe"], "No initiative with key 'AI-9999'."),
        (["alice", "auditor"], "--by USERNAME"),
        (["alice", "executive", "--business-unit", "retail", "--by", "coe"], "whole organisation only"),
        (["alice", "auditor", "--by", "alice"], "Only the CoE manages role assignments."),
        (["coe", "auditor", "--by", "coe"], "Nobody grants a role to themselves"),
    ],
)
def test_refusals_say_what_is_wrong(coe, alice, units, args, message):
    before = RoleAssignment.objects.count()

    assert message in refused(*args)
    assert RoleAssignment.objects.count() == before


def test_a_unit_and_an_initiative_together_are_refused(coe, alice, initiative):
    args = ["alice", "contributor", "--business-unit", "retail", "--initiative", initiative.key, "--by", "coe"]
    message = refused(*args)

    assert "not allowed with argument" in message
    assert not RoleAssignment.objects.filter(user=alice).exists()
