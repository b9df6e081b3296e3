"""Chasing open gate reviews: the people who may sign after 3 days (four-eyes rules applied), the CoE after 7."""

import datetime

import pytest

from adoption.models import GateCriterion
from governance.choices import Decision
from governance.models import Notification
from governance.services.reminders import gate_reviews_sweep
from governance.services.reviews import gate_review_request, gate_review_withdraw, signoff_record
from tests.factories import satisfy_gate

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def review(cast):
    satisfy_gate(cast["initiative"])
    return gate_review_request(actor=cast["owner"], initiative=cast["initiative"])


def chased(review, threshold):
    return {
        n.recipient.username: sorted(n.context["slots"])
        for n in Notification.objects.filter(kind="gate_review_waiting", target_id=str(review.pk)).select_related(
            "recipient"
        )
        if n.context["threshold"] == threshold
    }


def test_signers_after_three_days_and_the_coe_after_seven(cast, review):
    assert gate_reviews_sweep(now=review.requested_at + 2 * DAY) == 0

    assert gate_reviews_sweep(now=review.requested_at + 3 * DAY) == 5
    assert chased(review, 3) == {
        "sponsor": ["business_sponsor"],
        "coe": ["coe_admin"],
        "compliance_officer": ["compliance_officer"],
        "compliance_officer_2": ["compliance_officer"],
        "lead": ["compliance_officer"],
    }
    assert gate_reviews_sweep(now=review.requested_at + 4 * DAY) == 0

    assert gate_reviews_sweep(now=review.requested_at + 7 * DAY) == 1
    escalation = Notification.objects.get(kind="gate_review_waiting", context__threshold=7)
    assert escalation.recipient == cast["coe"]
    assert escalation.context["escalation"] is True
    assert sorted(escalation.context["slots"]) == ["business_sponsor", "coe_admin", "compliance_officer"]
    assert escalation.url == f"/reviews/{review.pk}/"
    assert gate_reviews_sweep(now=review.requested_at + 9 * DAY) == 0
    assert Notification.objects.count() == 6


def test_the_owner_requester_and_signed_slots_are_left_alone(cast, review):
    signoff_record(actor=cast["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    # Whoever waived a criterion of the phase cannot sign its compliance slot.
    GateCriterion.objects.filter(initiative=cast["initiative"], code="feasibility_spike").update(waived_by=cast["lead"])

    gate_reviews_sweep(now=review.requested_at + 3 * DAY)

    recipients = set(chased(review, 3))
    assert recipients == {"coe", "compliance_officer", "compliance_officer_2"}
    assert not Notification.objects.filter(recipient=cast["owner"]).exists()


def test_closed_reviews_are_not_chased(cast, review):
    gate_review_withdraw(actor=cast["owner"], review=review)
    assert gate_reviews_sweep(now=review.requested_at + 30 * DAY) == 0
