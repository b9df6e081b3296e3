"""A sweep batch costs the same number of queries whatever it holds: each size below runs in one batch and the
budget is the same exact number for both. A repeat run finds every reminder made already: it renders and inserts
nothing, and its batches are cheaper still."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from adoption.models import GateCriterion, Initiative
from adoption.services.criteria import criterion_waive
from governance.models import ComplianceReview, Notification
from governance.services import delivery
from governance.services.outbox import notifications_from_events
from governance.services.reminders import (
    compliance_reviews_sweep,
    gate_reviews_sweep,
    phase_time_boxes_sweep,
    waivers_expiring_sweep,
)
from governance.services.reviews import gate_review_request
from tests.factories import UserFactory, make_initiative, satisfy_gate

pytestmark = pytest.mark.django_db

SIZES = [2, 7]


def more_initiatives(cast, count):
    """``count`` initiatives like the cast's one, each with its own owner (so recipients grow with the batch)."""
    initiatives = [cast["initiative"]]
    for n in range(count - 1):
        initiatives.append(
            make_initiative(
                coe=cast["coe"],
                business_unit=cast["units"]["retail"],
                owner=UserFactory(username=f"owner-{n}"),
                sponsor=cast["sponsor"],
            )
        )
    return initiatives


def renders():
    """A spy on the rendering of notification texts (it still renders)."""
    return mock.patch.object(delivery, "_RENDER", wraps=delivery._RENDER)


@pytest.mark.parametrize("size", SIZES)
def test_phase_time_box_batch(cast, size, django_assert_num_queries):
    initiatives = more_initiatives(cast, size)
    late = max(i.planned_phase_end for i in initiatives) + datetime.timedelta(days=20)
    # policy, coe holders (also in the marks' basis), batch (locked), existing keys, recipients, insert, marks;
    # savepoint and release around the batch
    with django_assert_num_queries(9):
        assert phase_time_boxes_sweep(now=late) == 3 * size
    made = Notification.objects.count()

    # policy, coe holders, batch (empty: every target is marked with no later step), savepoint and release
    with renders() as render, django_assert_num_queries(5):
        assert phase_time_boxes_sweep(now=late + datetime.timedelta(hours=1)) == 0
    assert render.call_count == 0
    assert Notification.objects.count() == made


@pytest.mark.parametrize("size", SIZES)
def test_gate_review_batch(cast, size, django_assert_num_queries):
    reviews = []
    for initiative in more_initiatives(cast, size):
        satisfy_gate(initiative)
        reviews.append(gate_review_request(actor=initiative.owner, initiative=initiative))
    late = reviews[-1].requested_at + datetime.timedelta(days=8)
    # policy, coe holders (the marks' basis), batch, five for the eligible signers (delegations in force too),
    # existing keys, recipients, insert, marks, savepoint and release
    with django_assert_num_queries(14):
        assert gate_reviews_sweep(now=late) == 6 * size

    # policy, coe holders, batch (empty: marked, the next step not due), savepoint and release
    with renders() as render, django_assert_num_queries(5):
        assert gate_reviews_sweep(now=late) == 0
    assert render.call_count == 0


@pytest.mark.parametrize("size", SIZES)
def test_outbox_batch(cast, size, django_assert_num_queries):
    for initiative in more_initiatives(cast, size):
        satisfy_gate(initiative)
        gate_review_request(actor=initiative.owner, initiative=initiative)
    # unhandled events, then their batch: events (locked), reviews, five for the eligible signers (delegations in
    # force too), stale policy, existing keys, recipients, insert, handled, savepoint and release
    with django_assert_num_queries(15):
        assert notifications_from_events() == 5 * size

    # every event handled: the search for unhandled ones finds none, and no batch starts
    with renders() as render, django_assert_num_queries(1):
        assert notifications_from_events() == 0
    assert render.call_count == 0


@pytest.mark.parametrize("size", SIZES)
def test_compliance_review_batch(cast, size, django_assert_num_queries):
    due = datetime.date(2027, 1, 15)
    for initiative in more_initiatives(cast, size):
        Initiative.objects.filter(pk=initiative.pk).update(status="in_production")
        ComplianceReview.objects.create(
            initiative=initiative, due_on=due, risk_tier="limited", assignee=cast["signers"]["compliance_officer"]
        )
    overdue = datetime.datetime(2027, 1, 30, 12, tzinfo=datetime.UTC)
    # policy, lead and coe holders (the marks' basis), batch, existing keys, recipients, insert, marks, savepoint
    # and release
    with django_assert_num_queries(10):
        assert compliance_reviews_sweep(now=overdue) == 3 * size

    # policy, lead and coe holders, batch (empty: marked, the next weekly step not due), savepoint and release
    with renders() as render, django_assert_num_queries(6):
        assert compliance_reviews_sweep(now=overdue) == 0
    assert render.call_count == 0


@pytest.mark.parametrize("size", SIZES)
def test_waiver_batch(cast, size, django_assert_num_queries):
    expires = timezone.localdate() + datetime.timedelta(days=30)
    for initiative in more_initiatives(cast, size):
        criterion_waive(
            actor=cast["coe"],
            criterion=GateCriterion.objects.get(initiative=initiative, code="feasibility_spike"),
            reason="Demo instead.",
            expires_on=expires,
        )
    week_before = datetime.datetime.combine(expires - datetime.timedelta(days=7), datetime.time(9), tzinfo=datetime.UTC)
    # policy, batch, existing keys, recipients, insert, savepoint and release
    with django_assert_num_queries(7):
        assert waivers_expiring_sweep(now=week_before) == 2 * size

    with renders() as render, django_assert_num_queries(5):
        assert waivers_expiring_sweep(now=week_before) == 0
    assert render.call_count == 0
