"""The funnel's cohort choices: the quarters in which the initiatives a person sees were created, newest first."""

import datetime

import pytest

from adoption.choices import Role
from adoption.models import Initiative
from adoption.selectors.funnel import cohorts_visible
from tests.factories import UserFactory, grant, make_initiative

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def created(initiative, when: datetime.datetime) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(created_at=when)  # set-up: back-date the creation


def test_quarters_with_gaps_boundaries_and_scope(coe, units, owner):
    retail, insurance = units["retail"], units["insurance"]
    dates = {
        # the last instant of a quarter and the first of the next are different cohorts
        (retail, datetime.datetime(2025, 3, 31, 23, 59, 59, tzinfo=UTC)),
        (retail, datetime.datetime(2025, 4, 1, 0, 0, tzinfo=UTC)),
        (retail, datetime.datetime(2025, 4, 20, tzinfo=UTC)),
        # nothing in 2025Q3 or 2025Q4: a gap is skipped, not listed
        (insurance, datetime.datetime(2026, 2, 1, tzinfo=UTC)),
        (units["cards"], datetime.datetime(2026, 8, 9, tzinfo=UTC)),
    }
    for n, (unit, when) in enumerate(sorted(dates, key=lambda pair: pair[1])):
        created(make_initiative(coe=coe, business_unit=unit, owner=owner, title=f"Cohort {n}"), when)

    assert cohorts_visible(user=coe) == ["2026Q3", "2026Q1", "2025Q2", "2025Q1"]

    officer = UserFactory(username="retail-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=retail, by=coe)  # retail and its sub-unit cards
    assert cohorts_visible(user=officer) == ["2026Q3", "2025Q2", "2025Q1"]

    assert cohorts_visible(user=UserFactory(username="nobody")) == []
    inactive = UserFactory(username="gone", is_active=False)
    assert cohorts_visible(user=inactive) == []


def test_an_empty_portfolio_has_no_cohorts(coe):
    assert cohorts_visible(user=coe) == []
