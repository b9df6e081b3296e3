"""criterion_update, criterion_waive and criteria_mark_stale: who may change a criterion, and what it can become."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase, Role, Status
from adoption.models import GateCriterion, Initiative
from adoption.services.criteria import criteria_mark_stale, criterion_update, criterion_waive
from adoption.services.evidence import evidence_add
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import AuditEvent
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import contributor_for, criterion, move_to_phase

DAY = datetime.timedelta(days=1)


def later(days: int):
    """Travel ``days`` ahead of now (the clock stands still meanwhile)."""
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)


@pytest.fixture
def validating(initiative):
    """The initiative in validation, whose criteria have thresholds, validity and compliance waivers."""
    return move_to_phase(initiative, Phase.VALIDATION)


@pytest.fixture
def officer(units):
    user = UserFactory(username="officer")
    grant(user, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    return user


def events(initiative, verb):
    return list(AuditEvent.objects.filter(initiative=initiative, verb=verb).order_by("seq"))


# --- marking met -------------------------------------------------------------------------------------------------


def test_owner_marks_a_checklist_criterion_met_and_it_is_audited(initiative, owner):
    target = criterion(initiative, "pain_point_prioritised")
    updated = criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    stored = GateCriterion.objects.get(pk=target.pk)
    assert stored.status == CriterionStatus.MET
    assert stored.evidence_date == timezone.localdate()  # the confirmation starts the validity clock
    assert stored.updated_by == owner
    assert updated.status == CriterionStatus.MET
    [event] = events(initiative, "criterion.updated")
    assert event.actor == owner
    assert event.before == {"status": "open", "evidence_date": None}
    assert event.after["status"] == "met"
    assert event.after["code"] == "pain_point_prioritised"


def test_contributor_may_record_but_sponsor_officer_and_outsider_may_not(initiative, sponsor, officer):
    target = criterion(initiative, "pain_point_prioritised")
    helper = contributor_for(initiative)
    criterion_update(actor=helper, criterion=target, status=CriterionStatus.NOT_MET)
    assert GateCriterion.objects.get(pk=target.pk).status == CriterionStatus.NOT_MET
    with pytest.raises(Forbidden):
        criterion_update(actor=sponsor, criterion=target, status=CriterionStatus.MET)
    with pytest.raises(Forbidden):
        criterion_update(actor=officer, criterion=target, status=CriterionStatus.MET)
    with pytest.raises(NotFound):
        criterion_update(actor=UserFactory(username="stranger"), criterion=target, status=CriterionStatus.MET)
    assert GateCriterion.objects.get(pk=target.pk).status == CriterionStatus.NOT_MET


def test_a_metric_on_the_wrong_side_of_its_threshold_cannot_be_met(validating, owner):
    target = criterion(validating, "automated_evaluation")  # ≥ 0.80
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=Decimal("0.75"))
    assert "≥ 0.8" in str(err.value)
    assert "0.75" in str(err.value)
    stored = GateCriterion.objects.get(pk=target.pk)
    assert (stored.status, stored.metric_value) == (CriterionStatus.OPEN, None)  # nothing half-written
    assert events(validating, "criterion.updated") == []

    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=Decimal("0.80"))
    stored.refresh_from_db()
    assert (stored.status, stored.metric_value) == (CriterionStatus.MET, Decimal("0.8000"))


def test_a_spike_of_15_days_fails_the_14_day_limit(initiative, owner):
    target = criterion(initiative, "feasibility_spike")  # duration ≤ 14 days
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=15)
    assert err.value.reasons == [
        "“Feasibility spike done within 2 weeks” needs ≤ 14 days; the recorded value is 15 days."
    ]
    updated = criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=14)
    assert updated.status == CriterionStatus.MET


def test_a_measured_criterion_needs_its_value_before_it_is_met(initiative, owner):
    target = criterion(initiative, "feasibility_spike")
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    assert "Record the measured value (days)" in err.value.reasons[0]


def test_an_evidence_criterion_needs_evidence_before_it_is_met(initiative, owner):
    target = criterion(initiative, "value_hypothesis")
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    assert "Attach evidence" in err.value.reasons[0]
    evidence_add(actor=owner, criterion=target, kind="text", text="KPI: handling time; baseline 12 min; target 6.")
    assert criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET).status == CriterionStatus.MET


def test_a_met_metric_that_is_remeasured_below_its_threshold_is_no_longer_met(validating, owner):
    target = criterion(validating, "automated_evaluation")
    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=Decimal("0.9"))
    updated = criterion_update(actor=owner, criterion=target, metric_value=Decimal("0.7"))
    assert updated.status == CriterionStatus.NOT_MET
    [_, event] = events(validating, "criterion.updated")
    assert event.before == {"status": "met", "metric_value": "0.9000"}
    assert event.after["status"] == "not_met"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "waived"}, "status"),
        ({"status": "stale"}, "status"),
        ({"status": "done"}, "status"),
        ({"evidence_date": timezone.localdate() + DAY}, "evidence_date"),
        ({"evidence_date": timezone.now()}, "evidence_date"),
        ({"metric_value": "1.23456"}, "metric_value"),
        ({"metric_value": "NaN"}, "metric_value"),
        ({"metric_value": "12\x00"}, "metric_value"),
        ({"metric_value": "-1"}, "metric_value"),  # a duration cannot be negative
        ({"metric_value": "12345678901"}, "metric_value"),
    ],
)
def test_bad_input_is_refused_field_by_field(initiative, owner, kwargs, field):
    target = criterion(initiative, "feasibility_spike")
    with pytest.raises(InvalidInput) as err:
        criterion_update(actor=owner, criterion=target, **kwargs)
    assert list(err.value.fields) == [field]
    assert err.value.fields[field][0]
    assert GateCriterion.objects.get(pk=target.pk).metric_value is None


def test_a_checklist_takes_no_value_and_an_empty_update_is_refused(initiative, owner):
    with pytest.raises(InvalidInput) as err:
        criterion_update(actor=owner, criterion=criterion(initiative, "pain_point_prioritised"), metric_value=3)
    assert "is not measured" in err.value.fields["metric_value"][0]
    with pytest.raises(InvalidInput):
        criterion_update(actor=owner, criterion=criterion(initiative, "pain_point_prioritised"))


def test_only_the_current_phase_of_an_active_initiative_changes(initiative, owner):
    old = criterion(initiative, "pain_point_prioritised")
    move_to_phase(initiative, Phase.VALIDATION)
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=old, status=CriterionStatus.MET)
    assert "exploration phase" in str(err.value)
    current = criterion(initiative, "human_in_the_loop", phase=Phase.VALIDATION)
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.ON_HOLD, status_before_hold=Status.ACTIVE)
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=current, status=CriterionStatus.NOT_MET)
    assert "on hold" in str(err.value)


# --- staleness ---------------------------------------------------------------------------------------------------


def test_met_evidence_turns_stale_after_its_validity_and_fresh_evidence_revives_it(validating, owner):
    target = criterion(validating, "automated_evaluation")  # evidence valid 90 days
    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=Decimal("0.85"))
    target.refresh_from_db()
    recorded = target.evidence_date

    with later(90):
        assert target.effective_status(timezone.localdate()) == CriterionStatus.MET  # the last valid day
        assert criteria_mark_stale() == 0
    with later(91):
        today = timezone.localdate()
        assert target.effective_status(today) == CriterionStatus.STALE
        assert criteria_mark_stale() == 1
        assert criteria_mark_stale() == 0  # a second sweep finds nothing more
        target.refresh_from_db()
        assert target.status == CriterionStatus.STALE
        assert target.stale_since == timezone.now()
        [event] = events(validating, "criterion.stale")
        assert event.actor is None
        assert event.actor_repr == "system"
        assert event.before == {"status": "met"}
        assert event.after["evidence_date"] == recorded.isoformat()

        with pytest.raises(Refused) as err:
            criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
        assert "expired on" in err.value.reasons[0]

        revived = criterion_update(actor=owner, criterion=target, evidence_date=today)
        assert revived.status == CriterionStatus.MET
        assert revived.stale_since is None


def test_fresh_evidence_that_fails_the_threshold_leaves_a_stale_metric_not_met(validating, owner):
    target = criterion(validating, "automated_evaluation")
    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET, metric_value=Decimal("0.85"))
    with later(100):
        criteria_mark_stale()
        evidence_add(actor=owner, criterion=target, kind="text", text="Rerun on the new set", metric_value="0.6")
        assert GateCriterion.objects.get(pk=target.pk).status == CriterionStatus.NOT_MET


def test_the_sweep_leaves_past_phases_and_closed_initiatives_alone(coe, units, validating):
    # A lapsed waiver in a phase the initiative has left…
    GateCriterion.objects.filter(initiative=validating, phase=Phase.EXPLORATION, code="feasibility_spike").update(
        status=CriterionStatus.WAIVED, waived_by=coe, waiver_reason="old", waiver_expires_on="2020-01-01"
    )
    # …and expired evidence on a stopped initiative are history, not news.
    stopped = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="o2"))
    move_to_phase(stopped, Phase.VALIDATION)
    GateCriterion.objects.filter(initiative=stopped, code="automated_evaluation").update(
        status=CriterionStatus.MET, metric_value=1, evidence_date="2020-01-01"
    )
    Initiative.objects.filter(pk=stopped.pk).update(status=Status.STOPPED, stopped_at=timezone.now())
    assert criteria_mark_stale() == 0
    assert GateCriterion.objects.filter(status=CriterionStatus.STALE).count() == 0


def test_the_sweep_works_in_batches_with_constant_queries(coe, units):
    def expire(count: int) -> None:
        for n in range(count):
            item = make_initiative(coe=coe, business_unit=units["retail"], owner=UserFactory(username=f"b{count}-{n}"))
            move_to_phase(item, Phase.VALIDATION)
            GateCriterion.objects.filter(initiative=item, code="automated_evaluation").update(
                status=CriterionStatus.MET, metric_value=1, evidence_date="2020-01-01"
            )

    expire(2)
    with CaptureQueriesContext(connection) as two:
        assert criteria_mark_stale(batch_size=10) == 2
    expire(5)
    with CaptureQueriesContext(connection) as five:
        assert criteria_mark_stale(batch_size=10) == 5
    # The audit events of a batch are written together (chain heads, events, new heads): nothing grows with it.
    assert len(five) == len(two)

    expire(5)
    assert criteria_mark_stale(batch_size=2) == 5  # three batches: 2, 2, 1
    assert GateCriterion.objects.filter(status=CriterionStatus.STALE).count() == 12


# --- waivers -----------------------------------------------------------------------------------------------------


def test_a_compliance_officer_waives_a_compliance_waivable_criterion(validating, officer):
    target = criterion(validating, "production_data_pipeline")  # waivable by compliance_officer
    expiry = timezone.localdate() + datetime.timedelta(days=30)
    waived = criterion_waive(
        actor=officer, criterion=target, reason="Pipeline runs on the bank's DWH.", expires_on=expiry
    )
    stored = GateCriterion.objects.get(pk=target.pk)
    assert (stored.status, stored.waived_by, stored.waiver_expires_on) == (CriterionStatus.WAIVED, officer, expiry)
    assert stored.waiver_reason == "Pipeline runs on the bank's DWH."
    assert stored.waived_at is not None
    assert waived.status == CriterionStatus.WAIVED
    [event] = events(validating, "criterion.waived")
    assert event.after["waiver_expires_on"] == expiry.isoformat()
    assert event.after["waived_by"] == officer.pk


def test_only_the_named_role_may_waive(validating, coe, owner, officer):
    expiry = timezone.localdate() + datetime.timedelta(days=30)
    pipeline = criterion(validating, "production_data_pipeline")
    with pytest.raises(Forbidden) as err:
        criterion_waive(actor=coe, criterion=pipeline, reason="CoE says so", expires_on=expiry)
    assert "Only a Compliance officer" in str(err.value)
    with pytest.raises(Forbidden):
        criterion_waive(actor=contributor_for(validating), criterion=pipeline, reason="x", expires_on=expiry)
    testing = criterion(validating, "real_user_testing")  # waivable by the CoE only
    with pytest.raises(Forbidden):
        criterion_waive(actor=officer, criterion=testing, reason="Short pilot", expires_on=expiry)
    assert criterion_waive(actor=coe, criterion=testing, reason="Short pilot", expires_on=expiry).status == "waived"
    with pytest.raises(NotFound):
        criterion_waive(actor=UserFactory(username="nobody"), criterion=pipeline, reason="x", expires_on=expiry)


def test_the_owner_never_waives_their_own_criteria(validating, owner, units):
    grant(owner, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    with pytest.raises(Forbidden) as err:
        criterion_waive(
            actor=owner,
            criterion=criterion(validating, "production_data_pipeline"),
            reason="Mine",
            expires_on=timezone.localdate() + DAY,
        )
    assert "someone else" in str(err.value)


def test_a_criterion_without_a_waiving_role_cannot_be_waived(validating, officer):
    with pytest.raises(Refused) as err:
        criterion_waive(
            actor=officer,
            criterion=criterion(validating, "automated_evaluation"),
            reason="Trust us",
            expires_on=timezone.localdate() + DAY,
        )
    assert "cannot be waived" in str(err.value)


@pytest.mark.parametrize(
    ("reason", "days", "field"),
    [
        ("", 30, "reason"),
        ("Reason\x00", 30, "reason"),
        ("x" * 2001, 30, "reason"),
        ("Fine", 0, "expires_on"),
        ("Fine", -3, "expires_on"),
        ("Fine", 366, "expires_on"),
    ],
)
def test_a_waiver_needs_a_reason_and_an_expiry_within_a_year(validating, officer, reason, days, field):
    with pytest.raises(InvalidInput) as err:
        criterion_waive(
            actor=officer,
            criterion=criterion(validating, "production_data_pipeline"),
            reason=reason,
            expires_on=timezone.localdate() + datetime.timedelta(days=days),
        )
    assert list(err.value.fields) == [field]
    assert GateCriterion.objects.get(initiative=validating, code="production_data_pipeline").status == "open"


def test_a_met_criterion_is_not_waived(validating, owner, officer):
    target = criterion(validating, "production_data_pipeline")
    evidence_add(actor=owner, criterion=target, kind="link", url="https://wiki.example.test/pipeline")
    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    with pytest.raises(Refused):
        criterion_waive(actor=officer, criterion=target, reason="x", expires_on=timezone.localdate() + DAY)


def test_an_expired_waiver_turns_stale_and_stays_so_until_met_or_waived_again(validating, owner, officer):
    target = criterion(validating, "production_data_pipeline")
    criterion_waive(actor=officer, criterion=target, reason="Interim", expires_on=timezone.localdate() + 7 * DAY)
    with later(7):
        assert criteria_mark_stale() == 0  # the expiry day itself still counts
    with later(8):
        target.refresh_from_db()
        assert target.effective_status(timezone.localdate()) == CriterionStatus.STALE
        assert criteria_mark_stale() == 1
        target.refresh_from_db()
        assert target.status == CriterionStatus.STALE
        # Evidence alone does not lift a lapsed waiver…
        evidence_add(actor=owner, criterion=target, kind="text", text="Pipeline design v2")
        target.refresh_from_db()
        assert target.status == CriterionStatus.STALE
        # …marking it met does, and the waiver's author stays on record.
        met = criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
        assert (met.status, met.waiver_expires_on, met.waived_by) == (CriterionStatus.MET, None, officer)
        assert [e.verb for e in AuditEvent.objects.filter(target_id=str(target.pk)).order_by("seq")] == [
            "criterion.waived",
            "criterion.stale",
            "criterion.evidence_added",
            "criterion.updated",
        ]
