"""Query budgets: every list and the funnel run the same number of queries at 3 and at 15 initiatives.

Each initiative of the portfolio carries what the lists show (an open gate review, a pending risk-tier change, a
compliance review, a notification, its owner and sponsor assignments, audit events), so an N+1 shows as a
difference between the two sizes. Lists are cursor-paginated, so none of them counts the table.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import ComplianceReview, Notification
from governance.services.compliance import risk_tier_propose
from governance.services.reviews import gate_review_request
from tests.api.conftest import client_for
from tests.factories import UserFactory, make_initiative, satisfy_gate

LISTS = [
    "initiatives/",
    "initiatives/?status=active&overdue=false&search=Initiative&ordering=-planned_phase_end",
    "initiatives/?owner=budget+owner",
    "business-units/",
    "users/",
    "role-assignments/",
    "gate-reviews/",
    "gate-reviews/?awaiting_me=true",
    "risk-tier-changes/",
    "compliance-reviews/",
    "compliance-reviews/?mine=true&due_within_days=90",
    "notifications/",
    "audit-events/",
    "funnel/",
    "funnel/?business_unit=retail",
    "funnel/weeks/",
    # Under one initiative: bounded by the initiative, but still checked for N+1.
    "initiatives/{key}/criteria/",
    "initiatives/{key}/gate-reviews/",
    "initiatives/{key}/risk-tier-changes/",
    "initiatives/{key}/roi/",
    # Portfolio analytics: whole-scope reads.
    "kill-list/",
    "vendors/",
    "radar/",
    "radar/backtest/",
]


def grow(*, to: int, coe, people, unit, have: list) -> None:
    """Add initiatives with everything a list shows until there are ``to`` of them."""
    while len(have) < to:
        n = len(have) + 1
        owner = UserFactory(username=f"budget-owner-{n}")
        initiative = make_initiative(
            coe=coe, business_unit=unit, owner=owner, sponsor=people["sponsor"], title=f"Initiative {n}"
        )
        satisfy_gate(initiative)
        gate_review_request(actor=owner, initiative=initiative)
        risk_tier_propose(actor=owner, initiative=initiative, to_tier="high", reason="Scope grew.")
        ComplianceReview.objects.create(
            initiative=initiative,
            due_on=timezone.localdate() + datetime.timedelta(days=30 + n),
            risk_tier="limited",
            assignee=people["compliance"],
        )
        for reader in (coe, people["compliance"]):
            Notification.objects.create(
                recipient=reader,
                kind="review.requested",
                initiative=initiative,
                subject=f"{initiative.key} waits",
                message="A review waits.",
                dedupe_key=f"budget:{reader.pk}:{initiative.pk}",
            )
        have.append(initiative)


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/" + path)
    assert response.status_code in (200, 403), (path, response.status_code, response.json())
    return len(queries)


@pytest.mark.parametrize("viewer", ["coe", "compliance"])
def test_lists_cost_the_same_at_3_and_15_initiatives(viewer, people, units, django_assert_num_queries):
    have: list = []
    grow(to=3, coe=people["coe"], people=people, unit=units["cards"], have=have)
    client = client_for(people[viewer])
    client.get("/api/v1/users/me/")  # a token's first use records it (then at most every five minutes)
    paths = [p.format(key=have[0].key) for p in LISTS]
    small = {path: count(client, path) for path in paths}

    grow(to=15, coe=people["coe"], people=people, unit=units["cards"], have=have)
    large = {path: count(client, path) for path in paths}
    assert large == small

    # The same budgets as pytest-django's assertion, and a ceiling that catches a list growing a query per row.
    for path in paths:
        with django_assert_num_queries(small[path]):
            client.get("/api/v1/" + path)
        assert small[path] <= 16, (path, small)


def test_a_page_holds_what_it_says_and_the_cursor_moves_on(people, units):
    have: list = []
    grow(to=5, coe=people["coe"], people=people, unit=units["cards"], have=have)
    client = client_for(people["coe"])
    first = client.get("/api/v1/initiatives/?page_size=2").json()
    assert [i["key"] for i in first["results"]] == [i.key for i in have[:2]]
    assert "count" not in first
    second = client.get(first["next"]).json()
    assert [i["key"] for i in second["results"]] == [i.key for i in have[2:4]]
    back = client.get(second["previous"]).json()
    assert [i["key"] for i in back["results"]] == [i.key for i in have[:2]]
