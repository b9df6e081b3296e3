"""initiative_create / initiative_update: keys, phase entry, roles from the owner and sponsor fields."""

import pytest

from adoption.choices import CriterionStatus, Phase, Status
from adoption.models import GateCriterion, PhaseStint
from adoption.services.initiatives import initiative_create, initiative_update
from core.exceptions import Forbidden, InvalidInput, NotFound, StaleVersion
from governance import access
from governance.models import AuditEvent, RoleAssignment
from tests.factories import UserFactory, make_initiative


def test_create_enters_exploration_with_its_criteria_and_a_key(coe, units, owner, sponsor):
    initiative = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor)
    assert initiative.key == f"AI-{initiative.number:04d}"
    assert initiative.phase == Phase.EXPLORATION
    assert initiative.status == Status.ACTIVE
    assert (initiative.planned_phase_end - initiative.phase_entered_at).days == 60
    codes = list(GateCriterion.objects.filter(initiative=initiative).values_list("code", flat=True))
    assert codes == [
        "pain_point_prioritised",
        "value_hypothesis",
        "feasibility_spike",
        "first_roi_estimate",
        "risk_and_data_classified",
        "sourcing_options_scored",
    ]
    statuses = set(GateCriterion.objects.filter(initiative=initiative).values_list("status", flat=True))
    assert statuses == {CriterionStatus.OPEN}
    assert PhaseStint.objects.filter(initiative=initiative, phase=Phase.EXPLORATION, exited_at=None).count() == 1


def test_owner_and_sponsor_fields_grant_their_roles_in_the_same_transaction(initiative, owner, sponsor):
    roles = set(
        RoleAssignment.objects.filter(initiative=initiative, revoked_at=None).values_list("user__username", "role")
    )
    assert roles == {("owner", "initiative_owner"), ("sponsor", "business_sponsor")}
    assert access.can(user=owner, action="record_evidence", initiative=initiative)
    assert access.can(user=sponsor, action="stop_initiative", initiative=initiative)
    verbs = list(AuditEvent.objects.filter(initiative=initiative).order_by("seq").values_list("verb", flat=True))
    assert verbs == ["initiative.created", "role.granted", "role.granted"]


def test_changing_the_owner_moves_the_assignment(coe, initiative, owner):
    newcomer = UserFactory(username="new-owner")
    initiative_update(actor=coe, initiative=initiative, owner=newcomer)
    assert not access.can(user=owner, action="view_initiative", initiative=initiative)
    assert access.can(user=newcomer, action="record_evidence", initiative=initiative)
    revoked = RoleAssignment.objects.get(initiative=initiative, user=owner)
    assert revoked.revoked_at is not None


def test_only_the_coe_creates_and_nobody_makes_themselves_owner(coe, units, owner):
    with pytest.raises(Forbidden):
        initiative_create(actor=owner, title="x", business_unit=units["retail"], owner=owner)
    with pytest.raises(InvalidInput) as err:
        initiative_create(actor=coe, title="x", business_unit=units["retail"], owner=coe)
    assert "owner" in err.value.fields


def test_bad_input_is_refused_and_nothing_is_written(coe, units, owner):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as err:
        initiative_create(actor=coe, title="  ", business_unit=units["retail"], owner=owner, kpi="x" * 500)
    assert set(err.value.fields) == {"title", "kpi"}
    assert AuditEvent.objects.count() == before


def test_stale_version_is_refused(coe, initiative):
    initiative_update(actor=coe, initiative=initiative, expected_version=1, title="Renamed")
    with pytest.raises(StaleVersion):
        initiative_update(actor=coe, initiative=initiative, expected_version=1, title="Again")


def test_the_sponsor_cannot_edit_and_an_outsider_sees_nothing(initiative, sponsor):
    with pytest.raises(Forbidden):
        initiative_update(actor=sponsor, initiative=initiative, title="Mine now")
    outsider = UserFactory(username="outsider")
    with pytest.raises(NotFound):
        initiative_update(actor=outsider, initiative=initiative, title="Mine now")
