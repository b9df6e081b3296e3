"""The CoE's configuration: phase time boxes, phase extensions, gate template versions and additions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from adoption.choices import Phase, Status
from adoption.models import GateCriterion, GateCriterionTemplate, Initiative, PhaseDefinition
from adoption.services.configuration import (
    criterion_template_add,
    criterion_template_revise,
    phase_extend,
    phase_time_box_set,
)
from core.exceptions import Forbidden, InvalidInput, Refused, StaleVersion
from governance.models import AuditEvent
from tests.factories import UserFactory, make_initiative
from tests.factories.adoption import criterion, move_to_phase

DAY = datetime.timedelta(days=1)


def to_millis(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def template(phase, code):
    return GateCriterionTemplate.objects.get(phase=phase, code=code, is_current=True)


# --- time boxes --------------------------------------------------------------------------------------------------


def test_a_new_time_box_applies_to_phases_entered_afterwards(coe, units, initiative):
    planned = initiative.planned_phase_end
    definition = phase_time_box_set(actor=coe, phase=Phase.EXPLORATION, days=30)
    assert definition.time_box_days == 30
    assert Initiative.objects.get(pk=initiative.pk).planned_phase_end == planned  # already in the phase
    newcomer = make_initiative(coe=coe, business_unit=units["retail"], owner=UserFactory(username="new"))
    assert newcomer.planned_phase_end - newcomer.phase_entered_at == 30 * DAY
    event = AuditEvent.objects.get(verb="phase.time_box_set")
    assert (event.before["time_box_days"], event.after["time_box_days"]) == (60, 30)
    assert PhaseDefinition.objects.count() == 3


@pytest.mark.parametrize(
    ("phase", "days", "field"),
    [("scaling", 0, "days"), ("scaling", 366, "days"), ("scaling", "30", "days"), ("production", 30, "phase")],
)
def test_time_boxes_are_1_to_365_days_of_an_existing_phase(coe, phase, days, field):
    with pytest.raises(InvalidInput) as err:
        phase_time_box_set(actor=coe, phase=phase, days=days)
    assert list(err.value.fields) == [field]
    assert set(PhaseDefinition.objects.values_list("time_box_days", flat=True)) == {60}


def test_only_the_coe_sets_time_boxes(owner):
    with pytest.raises(Forbidden):
        phase_time_box_set(actor=owner, phase=Phase.SCALING, days=90)


# --- extensions --------------------------------------------------------------------------------------------------


def test_the_coe_extends_a_phase_with_a_reason(coe, initiative):
    old_end = initiative.planned_phase_end
    new_end = old_end + 14 * DAY
    extended = phase_extend(actor=coe, initiative=initiative, new_end=new_end, reason="Data access took a month.")
    stored = Initiative.objects.get(pk=initiative.pk)
    assert stored.planned_phase_end == new_end
    assert stored.version == initiative.version + 1
    assert extended.planned_phase_end == new_end
    event = AuditEvent.objects.get(initiative=initiative, verb="initiative.phase_extended")
    assert event.actor == coe
    # The audit trail's JSON keeps milliseconds.
    assert datetime.datetime.fromisoformat(event.before["planned_phase_end"]) == to_millis(old_end)
    assert datetime.datetime.fromisoformat(event.after["planned_phase_end"]) == to_millis(new_end)
    assert event.after["reason"] == "Data access took a month."


def test_a_date_extends_to_the_end_of_that_day(coe, initiative):
    day = timezone.localdate(initiative.planned_phase_end) + 10 * DAY
    extended = phase_extend(actor=coe, initiative=initiative, new_end=day, reason="Vendor contract delayed.")
    local = timezone.localtime(extended.planned_phase_end)
    assert (local.date(), local.hour, local.minute) == (day, 23, 59)


@pytest.mark.parametrize(
    ("shift", "reason", "field"),
    [
        (14, "", "reason"),
        (14, "x" * 2001, "reason"),
        (0, "Same", "new_end"),
        (-1, "Earlier", "new_end"),
        (400, "Far", "new_end"),
    ],
)
def test_an_extension_needs_a_reason_and_a_later_end(coe, initiative, shift, reason, field):
    with pytest.raises(InvalidInput) as err:
        phase_extend(
            actor=coe, initiative=initiative, new_end=initiative.planned_phase_end + shift * DAY, reason=reason
        )
    assert list(err.value.fields) == [field]
    assert Initiative.objects.get(pk=initiative.pk).planned_phase_end == initiative.planned_phase_end


def test_a_naive_end_is_refused(coe, initiative):
    naive = datetime.datetime(2099, 1, 1, 12, 0)  # naive on purpose
    with pytest.raises(InvalidInput) as err:
        phase_extend(actor=coe, initiative=initiative, new_end=naive, reason="Why not")
    assert "time zone" in err.value.fields["new_end"][0]


def test_only_holders_of_extend_phase_extend_and_only_a_running_phase(coe, initiative, owner, sponsor):
    later = initiative.planned_phase_end + 7 * DAY
    for person in (owner, sponsor):
        with pytest.raises(Forbidden):
            phase_extend(actor=person, initiative=initiative, new_end=later, reason="Please")
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.STOPPED, stopped_at=timezone.now())
    with pytest.raises(Refused):
        phase_extend(actor=coe, initiative=initiative, new_end=later, reason="Too late")


# --- templates ---------------------------------------------------------------------------------------------------


def test_a_revision_is_a_new_version_and_instantiated_criteria_keep_theirs(coe, units, initiative):
    old = template(Phase.EXPLORATION, "feasibility_spike")
    new = criterion_template_revise(actor=coe, template=old, threshold=Decimal("10"), title="Spike within 10 days")
    old.refresh_from_db()
    assert (old.version, old.is_current) == (1, False)
    assert (new.version, new.is_current, new.threshold, new.comparator) == (2, True, Decimal("10"), "lte")
    assert criterion(initiative, "feasibility_spike").template_id == old.pk
    newcomer = make_initiative(coe=coe, business_unit=units["retail"], owner=UserFactory(username="new"))
    assert criterion(newcomer, "feasibility_spike").template_id == new.pk
    event = AuditEvent.objects.get(verb="criterion_template.revised")
    assert (event.before["threshold"], event.after["threshold"]) == ("14.0000", "10")
    assert event.after["version"] == 2


def test_only_the_current_version_is_revised(coe):
    old = template(Phase.EXPLORATION, "feasibility_spike")
    criterion_template_revise(actor=coe, template=old, guidance="Two weeks, no more.")
    with pytest.raises(StaleVersion):
        criterion_template_revise(actor=coe, template=old, guidance="Three weeks")


def test_a_kind_that_measures_nothing_drops_comparator_and_threshold(coe):
    revised = criterion_template_revise(
        actor=coe, template=template(Phase.EXPLORATION, "feasibility_spike"), kind="checklist"
    )
    assert (revised.kind, revised.comparator, revised.threshold) == ("checklist", "", None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "metric", "comparator": ""}, "comparator"),
        ({"threshold": None}, "threshold"),
        ({"threshold": "-1"}, "threshold"),
        ({"waivable_by_role": "auditor"}, "waivable_by_role"),
        ({"waivable_by_role": "initiative_owner"}, "waivable_by_role"),
        ({"validity_days": 0}, "validity_days"),
        ({"title": ""}, "title"),
        ({"mandatory": "yes"}, "mandatory"),
        ({"code": "renamed"}, "code"),
        ({"phase": "scaling"}, "phase"),
    ],
)
def test_bad_revisions_are_refused(coe, changes, field):
    with pytest.raises(InvalidInput) as err:
        criterion_template_revise(actor=coe, template=template(Phase.EXPLORATION, "feasibility_spike"), **changes)
    assert field in err.value.fields
    assert GateCriterionTemplate.objects.filter(phase=Phase.EXPLORATION, code="feasibility_spike").count() == 1


def test_an_empty_or_identical_revision_and_a_non_coe_are_refused(coe, owner):
    spike = template(Phase.EXPLORATION, "feasibility_spike")
    with pytest.raises(InvalidInput):
        criterion_template_revise(actor=coe, template=spike)
    with pytest.raises(InvalidInput):
        criterion_template_revise(actor=coe, template=spike, threshold=Decimal("14.0"))
    with pytest.raises(Forbidden):
        criterion_template_revise(actor=owner, template=spike, threshold=Decimal("7"))


def test_an_added_criterion_reaches_initiatives_entering_the_phase_later(coe, initiative):
    added = criterion_template_add(
        actor=coe,
        phase=Phase.SCALING,
        code="incident_runbook",
        title="Incident runbook",
        kind="evidence",
        validity_days=180,
        waivable_by_role="compliance_officer",
    )
    assert (added.version, added.is_current, added.order) == (1, True, 10)  # after the nine seed criteria
    move_to_phase(initiative, Phase.SCALING)
    assert GateCriterion.objects.filter(initiative=initiative, phase=Phase.SCALING, code="incident_runbook").exists()
    assert AuditEvent.objects.get(verb="criterion_template.added").after["code"] == "incident_runbook"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"code": "value_hypothesis"}, "code"),
        ({"code": "Bad Code"}, "code"),
        ({"code": "x" * 61}, "code"),
        ({"phase": "production"}, "phase"),
        ({"kind": "duration"}, "comparator"),
    ],
)
def test_bad_additions_are_refused(coe, kwargs, field):
    values = {"phase": Phase.EXPLORATION, "code": "new_check", "title": "New check", "kind": "checklist", **kwargs}
    with pytest.raises(InvalidInput) as err:
        criterion_template_add(actor=coe, **values)
    assert field in err.value.fields
