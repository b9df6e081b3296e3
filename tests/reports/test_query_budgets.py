"""Query budgets of the reports: the board pack list (page and API) and the funnel section cost the same at two
sizes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import BoardPack
from reports.sections import board_pack_funnel
from tests.api.conftest import client_for
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db


def add_packs(n: int, have: list) -> None:
    """Packs for the months before this one, straight into the table (rendering PDFs is not what is counted)."""
    this_month = timezone.localdate().replace(day=1)
    while len(have) < n:
        months = this_month.year * 12 + this_month.month - 1 - (len(have) + 1)
        month = datetime.date(months // 12, months % 12 + 1, 1)
        have.append(
            BoardPack.objects.create(
                month=month,
                snapshot={"month": f"{month:%Y-%m}", "as_of": "2026-12-01", "sections": {}},
                snapshot_sha256="0" * 64,
                pdf_sha256={"en": "1" * 64},
                created_by=UserFactory(),
                created_at=timezone.now(),
            )
        )


def counted(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_the_board_pack_list_costs_the_same_for_two_and_for_eight_packs(coe):
    have: list = []
    api = client_for(coe)
    page = Client()
    page.force_login(coe)
    sizes = []
    for n in (2, 8):
        add_packs(n, have)
        response = api.get("/api/v1/board-packs/")
        assert len(response.json()["results"]) == n
        page.get("/reports/packs/")  # the person's cached facts filled (new packs may have told them)
        sizes.append((counted(lambda: api.get("/api/v1/board-packs/")), counted(lambda: page.get("/reports/packs/"))))
    assert sizes[0] == sizes[1], sizes


def test_the_funnel_section_costs_the_same_for_three_and_for_twelve_initiatives(coe, units, owner):
    today = timezone.localdate()
    made = 0
    costs = []
    for n in (3, 12):
        while made < n:
            unit = units["retail"] if made % 2 else units["insurance"]
            make_initiative(coe=coe, business_unit=unit, owner=owner, title=f"Initiative {made}")
            made += 1
        assert board_pack_funnel(today)["total"] == n
        costs.append(counted(lambda: board_pack_funnel(today)))
    assert costs[0] == costs[1], costs
