"""role_assignments_visible / my_roles: who sees which assignments, at a constant query cost."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from adoption.choices import Role
from governance.models import RoleAssignment
from governance.selectors.roles import my_roles, role_assignments_visible
from governance.services.roles import role_grant, role_revoke
from tests.factories import UserFactory, grant


@pytest.fixture
def cast(coe, units, initiative, owner, sponsor):
    officer = UserFactory(username="officer")
    auditor = UserFactory(username="auditor")
    grant(auditor, Role.AUDITOR)
    steward = role_grant(actor=coe, user=officer, role=Role.DATA_STEWARD, business_unit=units["cards"])
    role_grant(actor=coe, user=officer, role=Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    role_revoke(actor=coe, assignment=steward, reason="left the data office")
    return {"coe": coe, "auditor": auditor, "officer": officer, "owner": owner, "sponsor": sponsor}


def _labels(assignments) -> set[tuple[str, str, str]]:
    return {(a.user.username, a.role, a.scope_label) for a in assignments}


@pytest.mark.parametrize("who", ["coe", "auditor"])
def test_the_coe_and_the_auditor_see_every_assignment(cast, initiative, django_assert_num_queries, who):
    with django_assert_num_queries(2):
        rows = list(role_assignments_visible(cast[who]))
        labels = _labels(rows)

    assert len(rows) == RoleAssignment.objects.count()
    assert ("officer", Role.DATA_STEWARD, "Cards") in labels  # revoked ones too: this is the record
    assert ("officer", Role.COMPLIANCE_OFFICER, "Retail Banking") in labels
    assert ("owner", Role.INITIATIVE_OWNER, initiative.key) in labels
    assert ("auditor", Role.AUDITOR, "Global") in labels


def test_everyone_else_sees_only_their_own(cast, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = list(role_assignments_visible(cast["officer"]))
    assert {a.user for a in rows} == {cast["officer"]}
    assert {(a.role, a.revoked_at is None) for a in rows} == {
        (Role.DATA_STEWARD, False),
        (Role.COMPLIANCE_OFFICER, True),
    }
    assert list(role_assignments_visible(UserFactory(username="nobody"))) == []


def test_a_deactivated_auditor_sees_nothing(cast):
    auditor = cast["auditor"]
    auditor.is_active = False
    auditor.save(update_fields=["is_active"])
    assert list(role_assignments_visible(auditor)) == []
    assert list(my_roles(auditor)) == []


def test_my_roles_lists_what_is_in_force_with_its_scope(cast, initiative, django_assert_num_queries):
    with django_assert_num_queries(1):
        mine = _labels(my_roles(cast["officer"]))
    assert mine == {("officer", Role.COMPLIANCE_OFFICER, "Retail Banking")}

    with django_assert_num_queries(1):
        owners = _labels(my_roles(cast["owner"]))
    assert owners == {("owner", Role.INITIATIVE_OWNER, initiative.key)}


def test_my_roles_drops_an_expired_assignment_before_any_sweep(coe, units):
    temp = UserFactory(username="temp")
    now = timezone.now()
    role_grant(
        actor=coe,
        user=temp,
        role=Role.SECURITY_REVIEWER,
        business_unit=units["insurance"],
        expires_at=now + datetime.timedelta(days=7),
    )
    assert [a.role for a in my_roles(temp)] == [Role.SECURITY_REVIEWER]

    with time_machine.travel(now + datetime.timedelta(days=8), tick=False):
        assert list(my_roles(temp)) == []
        # Still on the record, for whoever may see it.
        assert [a.role for a in role_assignments_visible(temp)] == [Role.SECURITY_REVIEWER]


def test_the_query_count_does_not_grow_with_the_number_of_assignments(cast, coe, units, django_assert_num_queries):
    for n in range(15):
        role_grant(
            actor=coe, user=UserFactory(username=f"extra-{n}"), role=Role.DATA_STEWARD, business_unit=units["retail"]
        )
    with django_assert_num_queries(2):
        labels = _labels(role_assignments_visible(cast["auditor"]))
    assert {f"extra-{n}" for n in range(15)} <= {username for username, _, _ in labels}
