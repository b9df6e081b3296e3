"""role_grant / role_revoke / role_assignments_expire: scopes, guardian rows, audit events and segregation of duties."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance import access
from governance.audit import verify_chains
from governance.choices import AssignmentSource, Scope
from governance.models import (
    AuditEvent,
    BusinessUnitUserObjectPermission,
    InitiativeUserObjectPermission,
    RoleAssignment,
)
from governance.permissions import ROLE_PERMISSIONS
from governance.services.roles import role_assignments_expire, role_grant, role_revoke
from tests.factories import UserFactory, grant, make_initiative

OFFICER_PERMS = ROLE_PERMISSIONS[Role.COMPLIANCE_OFFICER]


@pytest.fixture
def officer(db):
    return UserFactory(username="officer")


def _unit_codenames(assignment):
    return set(
        BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).values_list(
            "permission__codename", flat=True
        )
    )


def test_a_unit_grant_stores_one_guardian_row_per_permission_and_is_audited(coe, units, officer, initiative):
    assignment = role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])

    stored = RoleAssignment.objects.get(pk=assignment.pk)
    assert (stored.user, stored.role, stored.scope, stored.business_unit, stored.granted_by) == (
        officer,
        Role.COMPLIANCE_OFFICER,
        Scope.BUSINESS_UNIT,
        units["retail"],
        coe,
    )
    assert _unit_codenames(assignment) == OFFICER_PERMS
    assert BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).count() == len(OFFICER_PERMS)
    assert set(
        BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).values_list(
            "user_id", "content_object_id"
        )
    ) == {(officer.pk, units["retail"].pk)}
    assert not InitiativeUserObjectPermission.objects.filter(user=officer).exists()

    event = AuditEvent.objects.get(verb="role.granted", target_id=str(assignment.pk))
    assert event.actor == coe
    assert event.after["user"] == officer.pk
    assert event.after["role"] == Role.COMPLIANCE_OFFICER
    assert event.after["business_unit"] == units["retail"].pk
    assert access.can(user=officer, action="confirm_risk_tier", initiative=initiative)


def test_an_initiative_grant_stores_rows_on_that_initiative_only(coe, units, owner, initiative):
    helper = UserFactory(username="helper")
    other = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Other")

    assignment = role_grant(actor=coe, user=helper, role=Role.CONTRIBUTOR, initiative=initiative)

    rows = InitiativeUserObjectPermission.objects.filter(assignment=assignment)
    assert set(rows.values_list("permission__codename", flat=True)) == ROLE_PERMISSIONS[Role.CONTRIBUTOR]
    assert set(rows.values_list("content_object_id", flat=True)) == {initiative.pk}
    assert access.can(user=helper, action="record_evidence", initiative=initiative)
    assert not access.can(user=helper, action="change_initiative", initiative=initiative)
    assert list(access.visible_initiatives(user=helper)) == [initiative]
    assert not access.can(user=helper, action="view_initiative", initiative=other)
    # The grant is part of the initiative's own history.
    event = AuditEvent.objects.get(verb="role.granted", target_id=str(assignment.pk))
    assert event.initiative_id == initiative.pk
    assert event.chain == f"initiative:{initiative.pk}"


def test_revoke_removes_the_rows_and_the_access_and_is_audited(coe, units, officer, initiative):
    assignment = role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])

    role_revoke(actor=coe, assignment=assignment, reason="moved to another team")

    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert assignment.revoked_by == coe
    assert assignment.revoke_reason == "moved to another team"
    assert not BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).exists()
    assert not access.can(user=officer, action="view_initiative", initiative=initiative)
    assert list(access.visible_initiatives(user=officer)) == []
    event = AuditEvent.objects.get(verb="role.revoked", target_id=str(assignment.pk))
    assert event.actor == coe
    assert event.before["role"] == Role.COMPLIANCE_OFFICER
    assert event.after == {"reason": "moved to another team"}
    with pytest.raises(Refused):
        role_revoke(actor=coe, assignment=assignment, reason="again")


def test_nobody_grants_a_role_to_themselves(coe, units):
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Forbidden):
        role_grant(actor=coe, user=coe, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_nobody_revokes_their_own_role(coe, units):
    second_coe = UserFactory(username="coe-2")
    grant(second_coe, Role.COE_ADMIN)
    mine = role_grant(actor=second_coe, user=coe, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])

    with pytest.raises(Forbidden):
        role_revoke(actor=coe, assignment=mine, reason="no longer needed")

    mine.refresh_from_db()
    assert mine.revoked_at is None
    assert _unit_codenames(mine) == OFFICER_PERMS


def test_only_the_coe_grants_and_revokes(coe, units, officer, initiative, owner):
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    newcomer = UserFactory(username="newcomer")
    before = RoleAssignment.objects.count()

    for actor in (officer, owner):
        with pytest.raises(Forbidden):
            role_grant(actor=actor, user=newcomer, role=Role.CONTRIBUTOR, initiative=initiative)
    contributor = role_grant(actor=coe, user=newcomer, role=Role.CONTRIBUTOR, initiative=initiative)
    with pytest.raises(Forbidden):
        role_revoke(actor=officer, assignment=contributor, reason="no longer needed")

    assert RoleAssignment.objects.count() == before + 1
    assert RoleAssignment.objects.get(pk=contributor.pk).revoked_at is None


@pytest.mark.parametrize("role", [Role.COE_ADMIN, Role.EXECUTIVE, Role.AUDITOR])
def test_organisation_wide_roles_are_refused_in_a_unit_or_on_an_initiative(coe, units, officer, initiative, role):
    with pytest.raises(InvalidInput) as unit_err:
        role_grant(actor=coe, user=officer, role=role, business_unit=units["retail"])
    with pytest.raises(InvalidInput) as initiative_err:
        role_grant(actor=coe, user=officer, role=role, initiative=initiative)
    assert "scope" in unit_err.value.fields
    assert "scope" in initiative_err.value.fields
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_owners_come_from_the_initiative_field_and_are_never_granted_by_hand(coe, units, officer, initiative):
    for where in ({"initiative": initiative}, {"business_unit": units["retail"]}, {}):
        with pytest.raises(InvalidInput) as err:
            role_grant(actor=coe, user=officer, role=Role.INITIATIVE_OWNER, **where)
        assert "role" in err.value.fields
    with pytest.raises(InvalidInput) as sponsor_err:
        role_grant(actor=coe, user=officer, role=Role.BUSINESS_SPONSOR, initiative=initiative)
    assert "role" in sponsor_err.value.fields
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_the_owner_field_assignment_cannot_be_revoked_by_hand(coe, initiative, owner):
    owner_assignment = RoleAssignment.objects.get(initiative=initiative, user=owner, revoked_at=None)
    assert owner_assignment.source == AssignmentSource.OWNER_FIELD
    with pytest.raises(Refused):
        role_revoke(actor=coe, assignment=owner_assignment, reason="no longer needed")
    assert access.can(user=owner, action="change_initiative", initiative=initiative)


def test_a_role_held_already_is_refused_and_bad_values_are_reported(coe, units, officer):
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    with pytest.raises(Refused):
        role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    with pytest.raises(InvalidInput) as err:
        role_grant(actor=coe, user=officer, role="wizard")
    assert "role" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        role_grant(
            actor=coe,
            user=officer,
            role=Role.DATA_STEWARD,
            business_unit=units["retail"],
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert "expires_at" in err.value.fields
    assert RoleAssignment.objects.filter(user=officer).count() == 1


def test_an_expired_assignment_grants_nothing_even_before_the_sweep(coe, units, officer, initiative):
    granted_at = timezone.now()
    assignment = role_grant(
        actor=coe,
        user=officer,
        role=Role.COMPLIANCE_OFFICER,
        business_unit=units["retail"],
        expires_at=granted_at + datetime.timedelta(days=30),
    )
    assert access.holds_role(user=officer, role=Role.COMPLIANCE_OFFICER, initiative=initiative)

    with time_machine.travel(granted_at + datetime.timedelta(days=31), tick=False):
        # Not swept yet: the row and its permission rows are still there, and still grant nothing.
        assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None
        assert _unit_codenames(assignment) == OFFICER_PERMS
        assert not access.can(user=officer, action="view_initiative", initiative=initiative)
        assert not access.holds_role(user=officer, role=Role.COMPLIANCE_OFFICER, initiative=initiative)
        assert list(access.visible_initiatives(user=officer)) == []
        assert access.role_grant_for(user=officer, role=Role.COMPLIANCE_OFFICER, initiative=initiative) is None
        assert officer not in access.users_holding_role(role=Role.COMPLIANCE_OFFICER, initiative=initiative)

        assert role_assignments_expire() == 1
        assert role_assignments_expire() == 0

    assignment.refresh_from_db()
    assert assignment.revoked_at == granted_at + datetime.timedelta(days=31)
    assert assignment.revoke_reason == "expired"
    assert not BusinessUnitUserObjectPermission.objects.filter(assignment=assignment).exists()
    event = AuditEvent.objects.get(verb="role.expired", target_id=str(assignment.pk))
    assert event.actor is None
    assert event.actor_repr == "system"
    assert event.before["user"] == officer.pk


@pytest.mark.parametrize("size", [2, 5])
def test_expiring_a_batch_costs_the_same_queries_whatever_its_size(coe, units, initiative, size):
    granted_at = timezone.now()
    expiring = []
    for n in range(size):
        user = UserFactory(username=f"temp-{n}")
        # Unit and initiative scopes alike: both kinds of permission rows must go, each event to its chain.
        scope = {"business_unit": units["retail"]} if n % 2 else {"initiative": initiative}
        role = Role.COMPLIANCE_OFFICER if n % 2 else Role.DATA_STEWARD
        expiring.append(
            role_grant(actor=coe, user=user, role=role, expires_at=granted_at + datetime.timedelta(days=1), **scope)
        )
    with (
        time_machine.travel(granted_at + datetime.timedelta(days=2), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert role_assignments_expire() == size
    # savepoint, locked batch, UPDATE, two permission DELETEs, three for the audit events, release
    assert len(queries) == 9

    ids = [assignment.pk for assignment in expiring]
    assert RoleAssignment.objects.filter(pk__in=ids, revoke_reason="expired", revoked_at__isnull=False).count() == size
    assert not BusinessUnitUserObjectPermission.objects.filter(assignment_id__in=ids).exists()
    assert not InitiativeUserObjectPermission.objects.filter(assignment_id__in=ids).exists()
    events = {int(e.target_id): e for e in AuditEvent.objects.filter(verb="role.expired")}
    assert sorted(events) == sorted(ids)
    assert {events[a.pk].initiative_id for a in expiring} == {None, initiative.pk}
    assert all(events[a.pk].before["user"] == a.user_id for a in expiring)
    assert verify_chains() == (AuditEvent.objects.count(), None)


def test_regranting_after_an_unswept_expiry_closes_the_old_assignment_properly(coe, units, officer):
    granted_at = timezone.now()
    old = role_grant(
        actor=coe,
        user=officer,
        role=Role.DATA_STEWARD,
        business_unit=units["retail"],
        expires_at=granted_at + datetime.timedelta(days=1),
    )
    with time_machine.travel(granted_at + datetime.timedelta(days=2), tick=False):
        new = role_grant(actor=coe, user=officer, role=Role.DATA_STEWARD, business_unit=units["retail"])

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert not BusinessUnitUserObjectPermission.objects.filter(assignment=old).exists()
    assert AuditEvent.objects.filter(verb="role.expired", target_id=str(old.pk)).count() == 1
    assert _unit_codenames(new) == ROLE_PERMISSIONS[Role.DATA_STEWARD]


def test_a_superuser_without_a_role_gets_nothing(initiative):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)

    assert not access.can(user=root, action="view_initiative", initiative=initiative)
    assert access.initiative_permissions(user=root, initiative=initiative) == set()
    assert list(access.visible_initiatives(user=root)) == []
    with pytest.raises(NotFound):
        access.require(user=root, action="view_initiative", initiative=initiative)
    with pytest.raises(Forbidden):
        role_grant(actor=root, user=UserFactory(username="someone"), role=Role.AUDITOR)


def test_a_role_on_another_business_unit_sees_nothing_of_this_one(coe, units, officer, initiative):
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    elsewhere = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(), title="Claims")

    assert access.initiative_permissions(user=officer, initiative=initiative) == set()
    assert not access.holds_role(user=officer, role=Role.COMPLIANCE_OFFICER, initiative=initiative)
    assert list(access.visible_initiatives(user=officer)) == [elsewhere]
    with pytest.raises(NotFound):
        access.require(user=officer, action="confirm_risk_tier", initiative=initiative)


def test_a_unit_role_covers_its_sub_units_but_not_its_parent(coe, units, officer, owner):
    in_parent = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Parent")
    in_child = make_initiative(coe=coe, business_unit=units["cards"], owner=owner, title="Child")
    assignment = role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["cards"])
    manager = UserFactory(username="retail-officer")
    grant(manager, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)

    assert set(access.visible_initiatives(user=manager)) == {in_parent, in_child}
    assert access.holds_role(user=manager, role=Role.COMPLIANCE_OFFICER, initiative=in_child)
    assert set(access.users_holding_role(role=Role.COMPLIANCE_OFFICER, initiative=in_child)) == {officer, manager}
    assert set(access.users_holding_role(role=Role.COMPLIANCE_OFFICER, initiative=in_parent)) == {manager}
    assert list(access.visible_initiatives(user=officer)) == [in_child]
    assert not access.can(user=officer, action="view_initiative", initiative=in_parent)
    assert access.role_grant_for(user=officer, role=Role.COMPLIANCE_OFFICER, initiative=in_child) == assignment


def test_a_deactivated_user_keeps_nothing(coe, units, officer, initiative):
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    auditor = UserFactory(username="auditor")
    grant(auditor, Role.AUDITOR)
    for user in (officer, auditor):
        user.is_active = False
        user.save(update_fields=["is_active"])

        assert list(access.visible_initiatives(user=user)) == []
        assert not access.can(user=user, action="view_initiative", initiative=initiative)
    assert access.global_roles(auditor) == set()


def test_the_database_refuses_a_self_granted_assignment(officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=officer, granted_by=officer, role=Role.AUDITOR, scope=Scope.GLOBAL)
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_the_database_refuses_a_scope_without_its_target(officer, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=officer, role=Role.DATA_STEWARD, scope=Scope.BUSINESS_UNIT)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=officer, role=Role.AUDITOR, scope=Scope.GLOBAL, business_unit=units["retail"]
        )
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_a_concurrent_duplicate_grant_is_refused_not_a_crash(coe, units, officer):
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    # As if the other grant committed after this one looked: the existence check sees nothing, the constraint does.
    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(Refused),
    ):
        role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    assert RoleAssignment.objects.filter(user=officer).count() == 1
    assert AuditEvent.objects.filter(verb="role.granted", after__user=officer.pk).count() == 1
