"""Hold, resume, stop, retire, production entry and compliance reviews."""

import datetime

import pytest
from django.utils import timezone

from adoption.choices import Phase, Role, Status
from adoption.models import PhaseStint
from core.exceptions import Forbidden, InvalidInput, Refused
from governance.choices import ComplianceReviewStatus
from governance.models import AuditEvent, ComplianceReview
from governance.services.compliance import (
    compliance_review_complete,
    compliance_reviews_schedule_missing,
    risk_tier_decide,
    risk_tier_propose,
)
from governance.services.lifecycle import initiative_hold, initiative_resume, initiative_retire, initiative_stop
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, compliance_answers, grant, satisfy_gate, signers_for
from tests.factories.operations import retirement_done


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


def pass_gate(initiative, owner, cast, risk_tier="limited"):
    satisfy_gate(initiative, risk_tier=risk_tier)
    review = gate_review_request(actor=owner, initiative=initiative)
    for slot in review.slots.filter(active=True):
        signoff_record(actor=cast[slot.key], review=review, slot_key=slot.key, decision="approve")
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def in_production(initiative, owner, cast):
    for _ in range(3):
        pass_gate(initiative, owner, cast)
    return initiative


def test_hold_and_resume_do_not_count_time_on_hold(initiative, sponsor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    planned = initiative.planned_phase_end
    initiative_hold(actor=sponsor, initiative=initiative, reason="Budget freeze until Q3")
    time_machine.shift(datetime.timedelta(days=10))
    initiative_resume(actor=sponsor, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE
    assert initiative.planned_phase_end == planned + datetime.timedelta(days=10)
    assert initiative.phase_held_seconds == 10 * 86400
    verbs = list(AuditEvent.objects.filter(initiative=initiative).values_list("verb", flat=True))
    assert verbs[-2:] == ["initiative.held", "initiative.resumed"]


def test_hold_needs_a_reason_and_the_right_role(initiative, owner, sponsor):
    with pytest.raises(InvalidInput) as err:
        initiative_hold(actor=sponsor, initiative=initiative, reason=" ")
    assert "reason" in err.value.fields
    with pytest.raises(Forbidden):
        initiative_hold(actor=owner, initiative=initiative, reason="Owner wants a break")
    with pytest.raises(Refused) as err:
        initiative_resume(actor=sponsor, initiative=initiative)
    assert err.value.reasons == [f"{initiative.key} is active; this action needs it to be on hold."]


def test_stop_records_failure_modes(initiative, sponsor):
    with pytest.raises(InvalidInput) as err:
        initiative_stop(actor=sponsor, initiative=initiative, reason="No value")
    assert "primary_failure_mode" in err.value.fields
    with pytest.raises(InvalidInput):
        initiative_stop(actor=sponsor, initiative=initiative, reason="x", primary_failure_mode="bad_luck")
    initiative_stop(
        actor=sponsor,
        initiative=initiative,
        reason="Nobody could say what it was worth",
        primary_failure_mode="no_value_hypothesis",
        contributing_modes=["no_evaluation", "no_value_hypothesis"],
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.STOPPED
    assert initiative.stop_primary_failure_mode == "no_value_hypothesis"
    assert initiative.stop_contributing_modes == ["no_evaluation"]
    assert PhaseStint.objects.get(initiative=initiative, phase=Phase.EXPLORATION).outcome == "stopped"
    with pytest.raises(Refused):
        initiative_resume(actor=sponsor, initiative=initiative)


def test_stop_as_not_a_failure(initiative, coe):
    initiative_stop(actor=coe, initiative=initiative, reason="Strategy changed", not_a_failure=True)
    initiative.refresh_from_db()
    assert initiative.stop_not_a_failure is True
    assert initiative.stop_primary_failure_mode == ""


def test_three_gates_reach_production_with_a_compliance_review(in_production, cast):
    assert in_production.status == Status.IN_PRODUCTION
    assert in_production.production_entered_at is not None
    review = ComplianceReview.objects.get(initiative=in_production)
    assert review.status == ComplianceReviewStatus.OPEN
    assert review.due_on == timezone.localdate(in_production.production_entered_at) + datetime.timedelta(days=180)
    # The unit's compliance officers are closer than any global lead; the lowest id wins among equals.
    assert review.assignee == cast["compliance_officer"]


def test_failed_compliance_review_puts_the_initiative_on_hold(in_production, cast, owner):
    review = ComplianceReview.objects.get(initiative=in_production)
    with pytest.raises(Forbidden):
        compliance_review_complete(actor=cast["security_reviewer"], review=review, findings="x", outcome="pass")
    with pytest.raises(InvalidInput):
        compliance_review_complete(actor=cast["compliance_officer"], review=review, findings="x", outcome="meh")
    compliance_review_complete(
        actor=cast["compliance_officer"],
        review=review,
        findings="Logs missing for March",
        outcome="fail",
        answers=compliance_answers(review.risk_tier),
    )
    in_production.refresh_from_db()
    assert in_production.status == Status.ON_HOLD
    assert in_production.status_before_hold == Status.IN_PRODUCTION
    assert not ComplianceReview.objects.filter(initiative=in_production, status="open").exists()


def test_passed_review_schedules_the_next_one(in_production, cast):
    review = ComplianceReview.objects.get(initiative=in_production)
    compliance_review_complete(
        actor=cast["compliance_officer"],
        review=review,
        findings="All good",
        outcome="pass",
        answers=compliance_answers(review.risk_tier),
    )
    nxt = ComplianceReview.objects.get(initiative=in_production, status="open")
    assert nxt.due_on == timezone.localdate() + datetime.timedelta(days=180)


def test_risk_tier_change_reschedules_the_review(in_production, cast, owner):
    change = risk_tier_propose(actor=owner, initiative=in_production, to_tier="high", reason="Now customer-facing")
    risk_tier_decide(actor=cast["compliance_officer"], change=change, confirm=True, note="Agreed")
    review = ComplianceReview.objects.get(initiative=in_production, status="open")
    assert review.risk_tier == "high"
    assert review.due_on == timezone.localdate(in_production.production_entered_at) + datetime.timedelta(days=90)


def test_prohibited_confirmation_puts_on_hold_and_blocks_resume(initiative, owner, coe, units, sponsor):
    officer = UserFactory(username="officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    change = risk_tier_propose(actor=owner, initiative=initiative, to_tier="prohibited", reason="Social scoring")
    risk_tier_decide(actor=officer, change=change, confirm=True)
    initiative.refresh_from_db()
    assert initiative.status == Status.ON_HOLD
    with pytest.raises(Refused) as err:
        initiative_resume(actor=sponsor, initiative=initiative)
    assert "prohibited" in err.value.reasons[0]


def test_retire_only_from_production(initiative, in_production, sponsor):
    retirement_done(in_production)
    initiative_retire(actor=sponsor, initiative=in_production, reason="Replaced by the group platform")
    in_production.refresh_from_db()
    assert in_production.status == Status.RETIRED
    assert ComplianceReview.objects.get(initiative=in_production).status == ComplianceReviewStatus.CANCELLED


def test_schedule_sweep_creates_missing_reviews_once(in_production):
    ComplianceReview.objects.filter(initiative=in_production).delete()
    assert compliance_reviews_schedule_missing() == 1
    assert compliance_reviews_schedule_missing() == 0
    assert ComplianceReview.objects.filter(initiative=in_production, status="open").count() == 1
