"""Query budgets: every selector makes the same number of queries for a portfolio of 3 initiatives and of 30."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adoption.choices import Role
from adoption.models import Initiative
from adoption.selectors.criteria import criteria_for, evidence_set_hash, evidence_versions
from adoption.selectors.initiatives import initiative_get, initiative_list_visible
from adoption.selectors.roi import model_options_for, roi_ledger
from adoption.services.evidence import evidence_add
from adoption.services.roi import realised_value_record, roi_version_append, spend_record
from adoption.services.selection import model_option_record
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import criterion, roi_values

SCORES = {
    "score_quality": 4,
    "score_total_cost": 3,
    "score_data_security": 5,
    "score_control": 2,
    "score_vendor_risk": 3,
}


def grow(*, coe, units, size: int) -> None:
    """Add initiatives until the portfolio has ``size``, alternating between a unit and its sub-unit."""
    for n in range(Initiative.objects.count(), size):
        make_initiative(
            coe=coe,
            business_unit=units["retail"] if n % 2 else units["cards"],
            owner=UserFactory(username=f"portfolio-owner-{n}"),
            sponsor=UserFactory(username=f"portfolio-sponsor-{n}"),
        )


def enrich(*, initiative, owner, rounds: int, offset: int) -> None:
    """Give the initiative ``rounds`` more of everything the selectors read."""
    target = criterion(initiative, "value_hypothesis")
    for n in range(offset, offset + rounds):
        evidence_add(actor=owner, criterion=target, kind="text", text=f"Evidence {n}")
        roi_version_append(actor=owner, initiative=initiative, **roi_values(benefit_revenue=Decimal(n)))
        spend_record(
            actor=owner,
            initiative=initiative,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 1, 31),
            category="model",
            amount=Decimal("100"),
            currency="USD",
            rate_to_reporting=Decimal("0.9"),
        )
        realised_value_record(
            actor=owner,
            initiative=initiative,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 3, 31),
            currency="EUR",
            rate_to_reporting=1,
            benefit_cash_saving=Decimal("1000"),
        )
        model_option_record(actor=owner, initiative=initiative, name=f"Option {n}", sourcing="hybrid", **SCORES)


@pytest.fixture
def officer(units):
    user = UserFactory(username="portfolio-officer")
    grant(user, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    return user


def reads(*, user, initiative):
    target = criterion(initiative, "value_hypothesis")
    return {
        "initiative_list_visible": lambda: list(
            initiative_list_visible(user=user).select_related("business_unit", "owner", "sponsor")
        ),
        "initiative_get": lambda: initiative_get(user=user, key=initiative.key),
        "criteria_for": lambda: criteria_for(user=user, initiative=initiative),
        "evidence_versions": lambda: list(evidence_versions(user=user, criterion=target)),
        "roi_ledger": lambda: roi_ledger(user=user, initiative=initiative),
        "model_options_for": lambda: model_options_for(user=user, initiative=initiative),
        "evidence_set_hash": lambda: evidence_set_hash(initiative=initiative),
    }


@pytest.mark.parametrize("reader", ["officer", "coe"])
def test_selectors_make_the_same_queries_for_3_and_30_initiatives(
    coe, units, owner, officer, reader, django_assert_num_queries
):
    user = officer if reader == "officer" else coe
    initiative = make_initiative(coe=coe, business_unit=units["cards"], owner=owner)
    grow(coe=coe, units=units, size=3)
    enrich(initiative=initiative, owner=owner, rounds=1, offset=0)
    small = {}
    for name, read in reads(user=user, initiative=initiative).items():
        with CaptureQueriesContext(connection) as captured:
            result = read()
        small[name] = (len(captured), result)
    assert len(small["initiative_list_visible"][1]) == 3

    grow(coe=coe, units=units, size=30)
    enrich(initiative=initiative, owner=owner, rounds=4, offset=1)
    for name, read in reads(user=user, initiative=initiative).items():
        with django_assert_num_queries(small[name][0]):
            result = read()
        if name == "initiative_list_visible":
            assert len(result) == 30  # every initiative is in retail or its sub-unit cards
    ledger = roi_ledger(user=user, initiative=initiative)
    assert (len(ledger.estimates), len(ledger.realised), len(ledger.spend)) == (5, 5, 5)
