"""Constant query counts: the review page and the API's lists of what a review holds cost the same with 2 and with
8 findings, action items and files; the action-item sweep costs the same for a batch of 2 and of 8."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import ComplianceReview
from governance.services.compliance_items import (
    compliance_action_item_add,
    compliance_attachment_add,
    compliance_finding_raise,
)
from governance.services.reminders import compliance_actions_sweep
from tests.api.conftest import client_for
from tests.factories import UserFactory, grant, make_initiative

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8


def fill(cast, review: ComplianceReview, *, to: int, start: int = 0) -> None:
    """Findings, action items (each with an owner of its own) and files until the review holds ``to`` of each."""
    due = timezone.localdate() + datetime.timedelta(days=5)
    for n in range(start, to):
        compliance_finding_raise(actor=cast["officer"], review=review, text=f"Finding {n}")
        owner = UserFactory(username=f"action-owner-{review.pk}-{n}")
        grant(owner, "contributor", initiative=review.initiative, by=cast["coe"])
        compliance_action_item_add(actor=cast["officer"], review=review, title=f"Action {n}", owner=owner, due_on=due)
        compliance_attachment_add(
            actor=cast["officer"],
            review=review,
            file=SimpleUploadedFile(f"f{n}.txt", f"file {n}".encode(), content_type="text/plain"),
        )


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200
    return len(captured)


def test_the_review_page_and_its_lists_cost_the_same_at_two_sizes(cast, client):
    review = cast["review"]
    client.force_login(cast["officer"])
    api = client_for(cast["officer"])
    paths = [
        f"compliance-reviews/{review.pk}/findings/",
        f"compliance-reviews/{review.pk}/action-items/",
        f"compliance-reviews/{review.pk}/attachments/",
        f"compliance-reviews/{review.pk}/questionnaire/",
        "compliance-action-items/",
    ]
    page = reverse("governance:compliance_review", args=[review.pk])
    # Warm up what a first request of a session or token does once (its last use, cached lookups).
    client.get(page)
    client.get("/compliance/?view=open")
    api.get("/api/v1/" + paths[0])
    counts = {}
    for size, start in ((SMALL, 0), (LARGE, SMALL)):
        fill(cast, review, to=size, start=start)
        counts[size] = [queries(lambda: client.get(page)), queries(lambda: client.get("/compliance/?view=open"))] + [
            queries(lambda path=path: api.get("/api/v1/" + path)) for path in paths
        ]
    assert counts[SMALL] == counts[LARGE]


def test_the_action_item_sweep_costs_the_same_per_batch(cast):
    counts = []
    for size in (SMALL, LARGE):
        initiative = make_initiative(
            coe=cast["coe"], business_unit=cast["initiative"].business_unit, owner=UserFactory(username=f"o{size}")
        )
        ComplianceReview.objects.filter(status="open").update(status="cancelled")
        review = ComplianceReview.objects.create(
            initiative=initiative, due_on=timezone.localdate(), risk_tier="limited", assignee=cast["officer"]
        )
        due = timezone.localdate() + datetime.timedelta(days=1)
        for n in range(size):
            compliance_action_item_add(
                actor=cast["officer"], review=review, title=f"A{n}", owner=initiative.owner, due_on=due
            )
        on_the_day = datetime.datetime.combine(due, datetime.time(12), tzinfo=datetime.UTC)
        with CaptureQueriesContext(connection) as captured:
            made = compliance_actions_sweep(now=on_the_day)
        # A reminder per new item to its owner; the earlier size's items were reminded already.
        assert made == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
