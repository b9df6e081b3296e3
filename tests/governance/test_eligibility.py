"""The signing rule (governance.eligibility) against the database's own four-eyes trigger, and the hold that only
compliance may lift."""

import datetime
import itertools

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from adoption.choices import HoldCause, Role, Status
from adoption.services.criteria import criterion_waive
from core.exceptions import Forbidden, NotFound, Refused
from governance import eligibility
from governance.choices import ComplianceReviewStatus, Decision
from governance.models import ComplianceReview, SignOff
from governance.services.compliance import compliance_review_complete
from governance.services.lifecycle import initiative_resume
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, compliance_answers, grant, satisfy_gate, signers_for
from tests.factories.adoption import move_to_phase


@pytest.fixture
def scene(coe, units, owner, sponsor, initiative):
    """An open high-risk review with a signed slot, a waiver author among the compliance officers, and a requester
    who is not the owner."""
    cast = signers_for(units["retail"], coe=coe)
    cast["business_sponsor"] = sponsor
    bootstrap = UserFactory(username="bootstrap")
    requester = UserFactory(username="requester")
    grant(requester, Role.COE_ADMIN, by=bootstrap)
    # A CoE member who is also a compliance officer, and waives a criterion of the phase.
    waiver_author = UserFactory(username="waiver_author")
    grant(waiver_author, Role.COE_ADMIN, by=bootstrap)
    grant(waiver_author, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    satisfy_gate(initiative, risk_tier="high")
    criterion = initiative.criteria.filter(template__waivable_by_role=Role.COE_ADMIN).first()
    # The waiver comes before the request: a waiver after it would make the review stale.
    criterion.status = "open"
    criterion.save()
    criterion_waive(
        actor=waiver_author,
        criterion=criterion,
        reason="Covered by the group policy.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    review = gate_review_request(actor=requester, initiative=initiative)
    signoff_record(actor=sponsor, review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    outsider = UserFactory(username="outsider")
    people = [requester, owner, sponsor, coe, waiver_author, outsider]
    people += [cast[k] for k in cast if k not in ("business_sponsor", "coe_admin")]
    return review, people


def trigger_refuses(review, slot, person, round_) -> bool:
    """Does the database refuse a sign-off written straight into the table, past the service?"""
    try:
        with transaction.atomic():
            SignOff.objects.create(
                review=review,
                slot=slot,
                round=round_,
                signer=person,
                signer_name=person.username,
                grant={},
                decision=Decision.APPROVE,
                evidence_hash=review.evidence_hash,
                signed_at=timezone.now(),
            )
            transaction.set_rollback(True)  # an accepted row must not count against the next attempt
    except DatabaseError as error:
        message = str(error)
    else:
        return False
    assert "four-eyes" in message
    return True


def test_the_trigger_and_the_rule_agree_on_every_four_eyes_case(scene):
    review, people = scene
    facts = eligibility.review_facts(review)
    rounds = itertools.count(review.round + 100)  # fresh rounds: the per-round unique constraints stay out of it
    seen = set()
    for slot, person in itertools.product(review.slots.filter(active=True), people):
        refusal = eligibility.refusal(facts=facts, slot=slot, user_id=person.pk, holds_role=True)
        four_eyes = refusal is not None and refusal.four_eyes
        assert trigger_refuses(review, slot, person, next(rounds)) == four_eyes, (slot.key, person.username)
        if four_eyes:
            seen.add(refusal.reason.split(",")[0].split(" so ")[0])
    # Every four-eyes case was met: requester, owner, a second slot, the waiver author on the compliance slot.
    assert len(seen) == 4, seen


def test_the_service_refuses_exactly_what_the_rule_refuses(scene):
    review, people = scene
    for slot, person in itertools.product(review.slots.filter(active=True), people):
        expected = eligibility.sign_refusal(user=person, review=review, slot=slot)
        raised = None
        try:
            with transaction.atomic():
                signoff_record(actor=person, review=review, slot_key=slot.key, decision=Decision.APPROVE)
                transaction.set_rollback(True)
        except (Forbidden, NotFound, Refused) as error:
            raised = [error.message, *error.reasons]
        if expected is None:
            assert raised is None, (slot.key, person.username, raised)
        else:
            assert raised is not None, (slot.key, person.username, expected)
            assert expected.reason in raised


def test_a_hold_from_a_failed_compliance_review_is_lifted_by_compliance_only(coe, units, initiative, sponsor):
    move_to_phase(initiative, "scaling")
    initiative.status = Status.IN_PRODUCTION
    initiative.production_entered_at = timezone.now()
    initiative.save()
    officer = UserFactory(username="officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    review = ComplianceReview.objects.create(
        initiative=initiative, assignee=officer, due_on=timezone.localdate(), status=ComplianceReviewStatus.OPEN
    )
    compliance_review_complete(
        actor=officer, review=review, findings="Logs are not kept.", outcome="fail", answers=compliance_answers()
    )
    initiative.refresh_from_db()
    assert (initiative.status, initiative.hold_cause) == (Status.ON_HOLD, HoldCause.COMPLIANCE_FAILED)

    for person in (sponsor, coe):
        with pytest.raises(Forbidden, match="only a compliance officer responsible for it can resume it"):
            initiative_resume(actor=person, initiative=initiative)
    initiative_resume(actor=officer, initiative=initiative, note="Logging fixed and checked.")
    initiative.refresh_from_db()
    assert (initiative.status, initiative.hold_cause) == (Status.IN_PRODUCTION, "")


def test_the_sponsor_still_lifts_a_hold_of_their_own(initiative, sponsor):
    from governance.services.lifecycle import initiative_hold

    initiative_hold(actor=sponsor, initiative=initiative, reason="Budget freeze.")
    initiative.refresh_from_db()
    assert initiative.hold_cause == HoldCause.DECISION
    initiative_resume(actor=sponsor, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE
