"""Gate reviews and sign-offs: the request gate, four eyes, staleness, decisions and the phase transition."""

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase, Role, Status
from adoption.models import GateCriterion, Initiative, PhaseStint
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.choices import Decision, ReviewStatus
from governance.models import AuditEvent, GateReview, SignOff
from governance.services.compliance import risk_tier_decide, risk_tier_propose
from governance.services.lifecycle import initiative_hold, initiative_stop
from governance.services.reviews import gate_review_request, gate_review_withdraw, signoff_record
from tests.factories import UserFactory, grant, satisfy_gate, signers_for
from tests.factories.workflow import record_derived_data


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


@pytest.fixture
def ready(initiative):
    return satisfy_gate(initiative)


def sign_all(review, cast, *, skip=()):
    for slot in review.slots.filter(active=True):
        if slot.key in skip:
            continue
        signoff_record(actor=cast[slot.key], review=review, slot_key=slot.key, decision=Decision.APPROVE)


def test_request_is_refused_with_every_unmet_criterion(initiative, owner):
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=initiative)
    reasons = err.value.reasons
    assert "The risk tier has not been assessed yet." in reasons
    assert "“Pain point inventoried and prioritised” is open; it must be met or waived." in reasons
    assert len([r for r in reasons if "must be met or waived" in r]) == 6
    assert not GateReview.objects.exists()


def test_request_freezes_snapshot_and_slots(ready, owner):
    review = gate_review_request(actor=owner, initiative=ready)
    assert review.status == ReviewStatus.OPEN
    assert [s.key for s in review.slots.all()] == ["business_sponsor", "coe_admin", "compliance_officer"]
    assert review.snapshot["phase"] == Phase.EXPLORATION
    assert [c["code"] for c in review.snapshot["criteria"]][:2] == ["pain_point_prioritised", "value_hypothesis"]
    assert len(review.evidence_hash) == 64
    assert AuditEvent.objects.filter(verb="gate_review.requested", target_id=str(review.pk)).count() == 1


def test_high_risk_adds_a_second_compliance_slot(initiative, owner):
    satisfy_gate(initiative, risk_tier="high")
    review = gate_review_request(actor=owner, initiative=initiative)
    assert [s.key for s in review.slots.all()][-1] == "compliance_officer_2"


def test_prohibited_never_passes(initiative, owner):
    satisfy_gate(initiative, risk_tier="prohibited")
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=initiative)
    assert err.value.reasons == ["The risk tier is prohibited: a prohibited initiative can never pass a gate."]


def test_stale_evidence_refuses_the_request(ready, owner, time_machine):
    criterion = GateCriterion.objects.get(initiative=ready, code="value_hypothesis")
    template = criterion.template
    template.validity_days = 30
    template.save()
    time_machine.move_to(timezone.now() + timezone.timedelta(days=31))
    with pytest.raises(Refused) as err:
        gate_review_request(actor=ready.owner, initiative=ready)
    assert any("evidence is stale" in r for r in err.value.reasons)


def test_one_open_review_per_initiative(ready, owner, coe):
    gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(Refused) as err:
        gate_review_request(actor=coe, initiative=ready)
    assert err.value.reasons == [f"{ready.key} already has an open gate review."]


def test_the_database_refuses_a_second_open_review(ready, owner):
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(IntegrityError):
        GateReview.objects.create(
            initiative=ready,
            phase=review.phase,
            attempt=2,
            requested_by=owner,
            requested_at=timezone.now(),
            risk_tier=review.risk_tier,
            snapshot={},
            evidence_hash="x",
        )


def test_only_owner_or_coe_may_request(ready, sponsor, units):
    with pytest.raises(Forbidden):
        gate_review_request(actor=sponsor, initiative=ready)
    with pytest.raises(NotFound):
        gate_review_request(actor=UserFactory(username="stranger"), initiative=ready)


def test_full_approval_advances_to_validation(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    sign_all(review, cast)
    review.refresh_from_db()
    ready.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert ready.phase == Phase.VALIDATION
    assert ready.status == Status.ACTIVE
    assert GateCriterion.objects.filter(initiative=ready, phase=Phase.VALIDATION).count() == 8
    assert PhaseStint.objects.get(initiative=ready, phase=Phase.EXPLORATION).outcome == "advanced"
    assert ready.phase_entered_at == review.decided_at
    signoff = SignOff.objects.get(review=review, slot__role=Role.COMPLIANCE_OFFICER)
    assert signoff.signer_name
    assert signoff.grant["role"] == Role.COMPLIANCE_OFFICER
    assert signoff.grant["scope"] == "business_unit"


def test_requester_and_owner_never_sign(ready, owner, coe, cast):
    review = gate_review_request(actor=coe, initiative=ready)
    with pytest.raises(Forbidden) as err:
        signoff_record(actor=coe, review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    assert "You requested this review" in err.value.message
    grant(owner, Role.COMPLIANCE_OFFICER, business_unit=ready.business_unit, by=coe)
    with pytest.raises(Forbidden) as err:
        signoff_record(actor=owner, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert "You own" in err.value.message


def test_out_of_scope_signer_is_refused(ready, owner, coe, units):
    other_unit_officer = UserFactory(username="insurance-compliance")
    grant(other_unit_officer, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(NotFound):
        signoff_record(actor=other_unit_officer, review=review, slot_key="compliance_officer", decision="approve")
    security = UserFactory(username="retail-security")
    grant(security, Role.SECURITY_REVIEWER, business_unit=units["retail"], by=coe)
    with pytest.raises(Forbidden) as err:
        signoff_record(actor=security, review=review, slot_key="compliance_officer", decision="approve")
    assert "you do not hold that role" in err.value.message


def test_one_person_one_slot_and_one_signoff_per_slot(initiative, owner, cast, coe):
    satisfy_gate(initiative, risk_tier="high")
    review = gate_review_request(actor=owner, initiative=initiative)
    officer = cast["compliance_officer"]
    signoff_record(actor=officer, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    with pytest.raises(Forbidden) as err:
        signoff_record(actor=officer, review=review, slot_key="compliance_officer_2", decision=Decision.APPROVE)
    assert "one person signs one slot" in err.value.message
    with pytest.raises(Refused) as err:
        signoff_record(
            actor=cast["compliance_officer_2"], review=review, slot_key="compliance_officer", decision="approve"
        )
    assert err.value.reasons == ["The Compliance officer slot is already signed in this round."]


def test_waiver_author_does_not_sign_the_compliance_slot(ready, owner, cast):
    officer = cast["compliance_officer"]
    GateCriterion.objects.filter(initiative=ready, code="feasibility_spike").update(
        status=CriterionStatus.WAIVED,
        waived_by=officer,
        waived_at=timezone.now(),
        waiver_reason="spike skipped",
        waiver_expires_on=timezone.localdate() + timezone.timedelta(days=30),
    )
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(Forbidden) as err:
        signoff_record(actor=officer, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert "You waived a criterion" in err.value.message


def test_database_enforces_four_eyes_even_around_the_service(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    slot = review.slots.get(role=Role.COMPLIANCE_OFFICER)
    with pytest.raises(Exception, match="four-eyes"):
        SignOff.objects.create(
            review=review,
            slot=slot,
            round=1,
            signer=owner,
            signer_name="x",
            grant={},
            decision="approve",
            evidence_hash="x",
            signed_at=timezone.now(),
        )


def test_signoffs_are_immutable(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    signoff_record(actor=cast["compliance_officer"], review=review, slot_key="compliance_officer", decision="approve")
    with pytest.raises(Exception, match="signoff_append_only"), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_signoff SET decision = 'reject'")


def test_reject_and_request_changes_need_a_comment_and_changes_wait_for_the_owner(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(InvalidInput) as err:
        signoff_record(
            actor=cast["compliance_officer"], review=review, slot_key="compliance_officer", decision="reject"
        )
    assert "comment" in err.value.fields
    signoff_record(
        actor=cast["compliance_officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="Attach the spike report.",
    )
    review.refresh_from_db()
    ready.refresh_from_db()
    assert review.status == ReviewStatus.CHANGES_REQUESTED
    assert ready.phase == Phase.EXPLORATION
    with pytest.raises(Refused):
        signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision="approve")
    # The review stays live, waiting for the owner's answer: no second attempt meanwhile.
    assert review.decided_at is None
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=ready)
    assert err.value.reasons == [
        f"The gate review of {ready.key} waits for an answer to the changes its signers requested."
    ]


def test_evidence_change_makes_earlier_approvals_not_count(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    signoff_record(actor=cast["business_sponsor"], review=review, slot_key="business_sponsor", decision="approve")
    signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision="approve")
    GateCriterion.objects.filter(initiative=ready, code="value_hypothesis").update(
        latest_evidence_sha256="f" * 64, evidence_count=2
    )
    signoff_record(actor=cast["compliance_officer"], review=review, slot_key="compliance_officer", decision="approve")
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert review.round == 2
    # The sponsor signs again on a new row; the old one stays on record.
    signoff_record(actor=cast["business_sponsor"], review=review, slot_key="business_sponsor", decision="approve")
    signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision="approve")
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert SignOff.objects.filter(review=review).count() == 5
    assert AuditEvent.objects.filter(verb="gate_review.stale", target_id=str(review.pk)).count() == 1


def test_confirmed_risk_change_recomputes_slots_and_an_unconfirmed_one_blocks(ready, owner, cast, coe):
    # The confirmation judges the criteria backed by data again: the data must be there.
    record_derived_data(ready, owner)
    review = gate_review_request(actor=owner, initiative=ready)
    signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision="approve")
    change = risk_tier_propose(actor=owner, initiative=ready, to_tier="high", reason="Customer-facing credit advice")
    ready.refresh_from_db()
    assert ready.risk_tier == "limited"
    signoff_record(actor=cast["business_sponsor"], review=review, slot_key="business_sponsor", decision="approve")
    with pytest.raises(Refused) as err:
        signoff_record(
            actor=cast["compliance_officer"], review=review, slot_key="compliance_officer", decision="approve"
        )
    assert err.value.reasons == ["A risk-tier change awaits a compliance officer's confirmation."]
    with pytest.raises(Forbidden):
        risk_tier_decide(actor=owner, change=change, confirm=True)
    risk_tier_decide(actor=cast["compliance_officer_2"], change=change, confirm=True)
    ready.refresh_from_db()
    review.refresh_from_db()
    assert ready.risk_tier == "high"
    assert review.round == 2
    assert [s.key for s in review.slots.filter(active=True)][-1] == "compliance_officer_2"
    sign_all(review, cast, skip=())
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED


def test_review_on_a_held_or_stopped_initiative_is_refused(ready, owner, sponsor):
    initiative_hold(actor=sponsor, initiative=ready, reason="Budget freeze")
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=ready)
    assert err.value.reasons == [f"{ready.key} is on hold; this action needs it to be active."]
    other = Initiative.objects.get(pk=ready.pk)
    initiative_stop(actor=sponsor, initiative=other, reason="Vendor gone", primary_failure_mode="vendor_lock_in")
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=other)
    assert err.value.reasons == [f"{ready.key} is stopped; this action needs it to be active."]


def test_withdraw_by_requester_only(ready, owner, coe):
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(Forbidden):
        gate_review_withdraw(actor=coe, review=review)
    gate_review_withdraw(actor=owner, review=review, reason="Evidence incomplete")
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN


def test_hold_withdraws_the_open_review(ready, owner, sponsor):
    review = gate_review_request(actor=owner, initiative=ready)
    initiative_hold(actor=sponsor, initiative=ready, reason="Budget freeze")
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN


def test_superuser_gets_no_exemption(ready, owner):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(NotFound):
        signoff_record(actor=root, review=review, slot_key="coe_admin", decision="approve")


def test_unknown_slot_and_decision_are_field_errors(ready, owner, cast):
    review = gate_review_request(actor=owner, initiative=ready)
    with pytest.raises(InvalidInput) as err:
        signoff_record(actor=cast["coe_admin"], review=review, slot_key="janitor", decision="approve")
    assert "slot" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision="maybe")
    assert "decision" in err.value.fields


def test_a_waiver_turned_stale_by_the_sweep_is_named_in_the_refusal(ready, owner, coe, time_machine):
    from adoption.services.criteria import criteria_mark_stale, criterion_waive

    spike = GateCriterion.objects.get(initiative=ready, code="feasibility_spike")
    GateCriterion.objects.filter(pk=spike.pk).update(status=CriterionStatus.OPEN)
    criterion_waive(
        actor=coe,
        criterion=spike,
        reason="Vendor demo instead",
        expires_on=timezone.localdate() + timezone.timedelta(days=3),
    )
    time_machine.move_to(timezone.now() + timezone.timedelta(days=5))
    assert criteria_mark_stale() == 1
    with pytest.raises(Refused) as err:
        gate_review_request(actor=owner, initiative=ready)
    assert len(err.value.reasons) == 1
    assert "the waiver expired on" in err.value.reasons[0]
