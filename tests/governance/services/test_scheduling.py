"""The compliance-review scheduling sweep: the next review of every production initiative that lacks one, due one
cadence after its last completed review, assigned to the nearest compliance officer, in a constant number of
queries per batch."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role, Status
from adoption.models import Initiative
from governance.audit import verify_chains
from governance.choices import ComplianceOutcome, ComplianceReviewStatus
from governance.models import AuditEvent, ComplianceReview
from governance.services.compliance import compliance_reviews_schedule_missing
from tests.factories import UserFactory, grant, make_initiative

pytestmark = pytest.mark.django_db

ENTERED = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def officers(coe, units):
    """A lead for the whole organisation, an officer for Retail Banking and one for its Cards sub-unit."""
    people = {name: UserFactory(username=f"officer-{name}") for name in ("lead", "retail", "cards")}
    grant(people["lead"], Role.COMPLIANCE_OFFICER, by=coe)
    grant(people["retail"], Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    grant(people["cards"], Role.COMPLIANCE_OFFICER, business_unit=units["cards"], by=coe)
    return people


def in_production(coe, unit, count, *, risk_tier="high"):
    made = [
        make_initiative(coe=coe, business_unit=unit, owner=UserFactory(username=f"{unit.code}-owner-{n}"))
        for n in range(count)
    ]
    Initiative.objects.filter(pk__in=[i.pk for i in made]).update(
        status=Status.IN_PRODUCTION, production_entered_at=ENTERED, risk_tier=risk_tier
    )
    return made


@pytest.mark.parametrize("size", [2, 5])
def test_a_batch_costs_the_same_queries_whatever_its_size(coe, units, officers, size):
    in_production(coe, units["cards"], size)
    with CaptureQueriesContext(connection) as queries:
        assert compliance_reviews_schedule_missing() == size
    # savepoint, locked batch, last completed reviews, open reviews, assignees, the regulatory obligations'
    # cadences, reviews, three for the audit events, release; then savepoint, an empty batch, release
    assert len(queries) == 14
    assert compliance_reviews_schedule_missing() == 0


def test_each_review_is_due_a_cadence_after_its_base_and_goes_to_the_nearest_officer(coe, units, officers):
    cards, retail, insurance = (
        in_production(coe, units["cards"], 1)[0],
        in_production(coe, units["retail"], 1, risk_tier="minimal")[0],
        in_production(coe, units["insurance"], 1)[0],
    )
    own = UserFactory(username="officer-own")
    grant(own, Role.COMPLIANCE_OFFICER, initiative=insurance, by=coe)
    completed_at = datetime.datetime(2026, 6, 10, 15, tzinfo=datetime.UTC)
    ComplianceReview.objects.create(
        initiative=cards,
        due_on=datetime.date(2026, 6, 1),
        risk_tier="high",
        status=ComplianceReviewStatus.COMPLETED,
        outcome=ComplianceOutcome.PASS,
        completed_at=completed_at,
    )

    assert compliance_reviews_schedule_missing() == 3

    review = {r.initiative_id: r for r in ComplianceReview.objects.filter(status=ComplianceReviewStatus.OPEN)}
    # high risk: 90 days after the last completed review; minimal: 365 days after entering production
    assert review[cards.pk].due_on == timezone.localdate(completed_at) + datetime.timedelta(days=90)
    assert review[retail.pk].due_on == timezone.localdate(ENTERED) + datetime.timedelta(days=365)
    assert review[insurance.pk].due_on == timezone.localdate(ENTERED) + datetime.timedelta(days=90)
    # initiative scope first, then the nearest unit, then the lead
    assert review[cards.pk].assignee == officers["cards"]
    assert review[retail.pk].assignee == officers["retail"]
    assert review[insurance.pk].assignee == own

    event = AuditEvent.objects.get(verb="compliance_review.scheduled", initiative=cards)
    assert event.target_id == str(review[cards.pk].pk)
    assert event.after == {
        "due_on": review[cards.pk].due_on.isoformat(),
        "assignee": officers["cards"].pk,
        "risk_tier": "high",
    }
    assert event.actor_repr == "system"
    assert verify_chains() == (AuditEvent.objects.count(), None)


def test_without_any_officer_in_scope_the_review_is_unassigned(coe, units):
    (initiative,) = in_production(coe, units["insurance"], 1)
    assert compliance_reviews_schedule_missing() == 1
    assert ComplianceReview.objects.get(initiative=initiative).assignee is None
