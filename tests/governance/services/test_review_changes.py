"""Requesting changes on a gate review: criteria flagged with notes, the review waiting for its owner, the owner's
answer opening a new signing round, four eyes throughout, and the last approval naming the phase reached."""

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection

from adoption.choices import Phase
from adoption.models import GateCriterion
from adoption.services.evidence import evidence_add
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.actions import action_state
from governance.choices import Decision, ReviewStatus
from governance.models import AuditEvent, GateReview, ReviewAnswer, SignOff
from governance.services.lifecycle import initiative_hold
from governance.services.reviews import gate_review_answer, gate_review_request, signoff_record
from tests.factories import UserFactory, satisfy_gate, signers_for


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


@pytest.fixture
def review(initiative, owner):
    satisfy_gate(initiative)
    return gate_review_request(actor=owner, initiative=initiative)


def request_changes(review, cast, *, flags=None, slot="compliance_officer"):
    return signoff_record(
        actor=cast[slot],
        review=review,
        slot_key=slot,
        decision=Decision.REQUEST_CHANGES,
        comment="The spike report is missing.",
        flags=[{"criterion": "feasibility_spike", "note": "Attach the spike's report."}] if flags is None else flags,
    )


def test_request_changes_keeps_the_review_live_with_the_flagged_criteria(review, cast, initiative):
    request_changes(review, cast)
    review.refresh_from_db()
    assert review.status == ReviewStatus.CHANGES_REQUESTED
    assert review.decided_at is None
    assert review.is_live
    assert review.waiting_for_owner
    signoff = SignOff.objects.get(review=review)
    assert signoff.flags == [
        {
            "code": "feasibility_spike",
            "title": "Feasibility spike done within 2 weeks",
            "note": "Attach the spike's report.",
        }
    ]
    event = AuditEvent.objects.get(verb="gate_review.changes_requested", target_id=str(review.pk))
    assert event.after["flags"][0]["code"] == "feasibility_spike"
    initiative.refresh_from_db()
    assert initiative.phase == Phase.EXPLORATION


def test_nobody_signs_while_the_review_waits_for_the_owner(review, cast):
    request_changes(review, cast)
    with pytest.raises(Refused) as err:
        signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    assert err.value.reasons == ["Changes were requested on this review: signing resumes when the owner answers them."]
    assert SignOff.objects.filter(review=review).count() == 1


def test_flags_are_checked(review, cast):
    with pytest.raises(InvalidInput) as err:
        request_changes(review, cast, flags=[{"criterion": "no_such_thing", "note": "x"}])
    assert "no criterion “no_such_thing”" in err.value.fields["flags"][0]
    with pytest.raises(InvalidInput) as err:
        request_changes(review, cast, flags=[{"criterion": "feasibility_spike", "note": "  "}])
    assert err.value.fields["flags"] == ["Say what must change on each flagged criterion."]
    with pytest.raises(InvalidInput) as err:
        request_changes(review, cast, flags=[{"criterion": "feasibility_spike", "note": "a"}] * 2)
    assert err.value.fields["flags"] == ["A criterion is flagged once."]
    with pytest.raises(InvalidInput) as err:
        request_changes(review, cast, flags="feasibility_spike")
    with pytest.raises(InvalidInput) as err:
        signoff_record(
            actor=cast["coe_admin"],
            review=review,
            slot_key="coe_admin",
            decision=Decision.APPROVE,
            flags=[{"criterion": "feasibility_spike", "note": "a"}],
        )
    assert err.value.fields["flags"] == ["Criteria are flagged only when requesting changes."]
    assert not SignOff.objects.exists()
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_only_the_owner_or_requester_answers_and_only_when_changes_were_requested(review, cast, owner, initiative):
    with pytest.raises(Refused) as err:
        gate_review_answer(actor=owner, review=review, comment="Done.")
    assert err.value.reasons == ["No changes were requested on this review; it is open for signing."]
    request_changes(review, cast)
    for intruder in (cast["compliance_officer"], cast["coe_admin"]):
        with pytest.raises(Forbidden):
            gate_review_answer(actor=intruder, review=review, comment="Done.")
    with pytest.raises(NotFound):  # someone who cannot see the initiative
        gate_review_answer(actor=UserFactory(), review=review, comment="Done.")
    with pytest.raises(InvalidInput):
        gate_review_answer(actor=owner, review=review, comment="")
    assert not ReviewAnswer.objects.exists()
    review.refresh_from_db()
    assert review.status == ReviewStatus.CHANGES_REQUESTED


def test_the_answer_is_refused_while_the_gate_is_not_met(review, cast, owner):
    request_changes(review, cast)
    GateCriterion.objects.filter(initiative=review.initiative, code="feasibility_spike").update(status="open")
    state = action_state("answer_review", user=owner, initiative=review.initiative)
    assert not state.allowed
    assert state.waiting
    with pytest.raises(Refused) as err:
        gate_review_answer(actor=owner, review=review, comment="Done.")
    assert any("Feasibility spike" in reason for reason in err.value.reasons)


def test_the_answer_reopens_on_fresh_evidence_and_every_slot_signs_again(review, cast, owner, initiative):
    signoff_record(actor=cast["coe_admin"], review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    request_changes(review, cast)
    spike = GateCriterion.objects.get(initiative=initiative, code="feasibility_spike")
    evidence_add(actor=owner, criterion=spike, kind="text", text="Spike report: 9 days, 81% accuracy.")
    gate_review_answer(actor=owner, review=review, comment="The report is attached.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert review.round == 2
    frozen = next(c for c in review.snapshot["criteria"] if c["code"] == "feasibility_spike")
    assert frozen["evidence"]["text"] == "Spike report: 9 days, 81% accuracy."
    answer = ReviewAnswer.objects.get(review=review)
    assert (answer.round, answer.comment, answer.author) == (2, "The report is attached.", owner)
    # The CoE approved before the changes: that approval does not count in the new round.
    assert action_state("sign", user=cast["coe_admin"], initiative=initiative).allowed
    # Four eyes holds in the new round: the owner may not sign, nor may one person take a second slot.
    with pytest.raises((Forbidden, Refused)):
        signoff_record(actor=owner, review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    with pytest.raises((Forbidden, Refused)):
        signoff_record(actor=cast["compliance_officer"], review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    for slot in ("business_sponsor", "coe_admin", "compliance_officer"):
        signoff_record(actor=cast[slot], review=review, slot_key=slot, decision=Decision.APPROVE)
    review.refresh_from_db()
    initiative.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert initiative.phase == Phase.VALIDATION
    last = AuditEvent.objects.filter(verb="signoff.recorded", target_id=str(review.pk)).order_by("pk").last()
    assert last.after["advances_to"] == Phase.VALIDATION
    firsts = AuditEvent.objects.filter(verb="signoff.recorded", target_id=str(review.pk)).order_by("pk")
    assert [e.after.get("advances_to") for e in firsts][:-1] == [None] * (firsts.count() - 1)


def test_the_database_keeps_one_live_review_per_initiative(review, cast, initiative):
    request_changes(review, cast)
    other = GateReview.objects.get(pk=review.pk)
    other.pk = None
    other.attempt = 2
    other.status = ReviewStatus.OPEN
    with pytest.raises(IntegrityError):
        other.save()


def test_answers_are_append_only(review, cast, owner):
    request_changes(review, cast)
    gate_review_answer(actor=owner, review=review, comment="Done.")
    with pytest.raises(Exception, match="review_answer_append_only"), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_reviewanswer SET comment = 'x'")


def test_a_hold_withdraws_a_review_waiting_for_its_owner(review, cast, coe, initiative):
    request_changes(review, cast)
    initiative_hold(actor=coe, initiative=initiative, reason="Budget freeze.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN
    assert review.decided_at is not None


def test_the_snapshot_freezes_each_criterion_s_evidence(initiative, owner):
    satisfy_gate(initiative)
    pain = GateCriterion.objects.get(initiative=initiative, code="pain_point_prioritised")
    version = evidence_add(
        actor=owner, criterion=pain, kind="file", text="Ranked list", file=ContentFile(b"%PDF-1.4 x", name="pain.pdf")
    )
    review = gate_review_request(actor=owner, initiative=initiative)
    frozen = next(c for c in review.snapshot["criteria"] if c["code"] == "pain_point_prioritised")
    assert frozen["evidence"]["id"] == version.pk
    assert frozen["evidence"]["file_name"] == "pain.pdf"
    assert frozen["evidence"]["sha256"] == version.sha256
    assert frozen["evidence"]["kind"] == "file"
