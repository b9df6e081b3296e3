"""Constant queries: the board and the funnel (filings due and open incidents) and the registers' lists cost the
same with 2 and with 8 initiatives, each with a filing, a change request and an incident."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operations.selectors.portfolio import operations_counts
from operations.services.changes import change_request_create
from operations.services.filings import filings_sync
from operations.services.incidents import incident_record
from tests.factories import UserFactory, make_initiative

from .conftest import answer, to_production

pytestmark = pytest.mark.django_db


def grow(*, to: int, cast, have: list) -> None:
    while len(have) < to:
        n = len(have) + 1
        owner = UserFactory(username=f"ops-owner-{n}")
        initiative = make_initiative(
            coe=cast["coe"], business_unit=cast["initiative"].business_unit, owner=owner, title=f"Ops {n}"
        )
        initiative = to_production(initiative)
        answer(initiative, owner)
        filings_sync(initiative=initiative, actor=None)
        change_request_create(actor=owner, initiative=initiative, kinds=["model"], description="Newer.")
        incident_record(
            actor=owner, initiative=initiative, severity="major", summary="Glitch.", detected_at=timezone.now()
        )
        have.append(initiative)


def count(client: Client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return len(queries)


def test_board_funnel_and_registers_cost_the_same_at_two_sizes(regime, cast):
    have: list = []
    grow(to=2, cast=cast, have=have)
    client = Client()
    client.force_login(cast["compliance"])
    key = have[0].key
    addresses = [
        reverse("governance:board"),
        reverse("adoption:funnel"),
        f"/api/v1/initiatives/{key}/filings/",
        f"/api/v1/initiatives/{key}/change-requests/",
        f"/api/v1/initiatives/{key}/incidents/",
        f"/initiatives/{key}/incidents/",
        f"/initiatives/{key}/changes/",
    ]
    for address in addresses:
        count(client, address)  # warm caches (session, translations)
    small = {address: count(client, address) for address in addresses}
    assert operations_counts(user=cast["compliance"]).open_incidents == 2
    grow(to=8, cast=cast, have=have)
    for address in addresses:
        count(client, address)  # the incidents' notifications made the person's cached unread count forgotten
    large = {address: count(client, address) for address in addresses}
    assert large == small
    counts = operations_counts(user=cast["compliance"])
    assert (counts.filings_due, counts.open_incidents) == (8, 8)
    assert operations_counts(user=cast["outsider"]).open_incidents == 0
    page = client.get(reverse("governance:board")).content.decode()
    assert "8 filings due · 8 open incidents" in page
