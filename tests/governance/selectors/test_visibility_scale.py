"""Visibility and permission checks cost the same number of queries, and unit grants the same rows, at any size."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adoption.choices import Role
from adoption.models import Initiative
from governance import access
from governance.models import BusinessUnitUserObjectPermission, InitiativeUserObjectPermission
from governance.permissions import ROLE_PERMISSIONS
from tests.factories import BusinessUnitFactory, UserFactory, grant, make_initiative

SMALL, LARGE = 5, 60


class Portfolio:
    """A unit tree (a parent with a child and a grandchild, plus two unrelated units) and initiatives spread over it.

    The scoped users are granted once, at the small size; ``grow`` then adds initiatives without touching a grant.
    """

    def __init__(self, coe):
        self.coe = coe
        self.retail = BusinessUnitFactory(code="scale-retail", name="Retail")
        self.cards = BusinessUnitFactory(code="scale-cards", name="Cards", parent=self.retail)
        self.premium = BusinessUnitFactory(code="scale-premium", name="Premium cards", parent=self.cards)
        self.insurance = BusinessUnitFactory(code="scale-insurance", name="Insurance")
        self.claims = BusinessUnitFactory(code="scale-claims", name="Claims", parent=self.insurance)
        self.units = itertools.cycle([self.retail, self.cards, self.premium, self.insurance, self.claims])
        self.owners = [UserFactory(username=f"scale-owner-{n}") for n in range(3)]
        self.count = 0
        self.grow(to=SMALL)

        self.executive = UserFactory(username="scale-executive")
        grant(self.executive, Role.EXECUTIVE)
        self.officer = UserFactory(username="scale-officer")
        grant(self.officer, Role.COMPLIANCE_OFFICER, business_unit=self.retail, by=coe)
        # A second unit-scoped role for someone else, so the officer's queries must filter by user.
        grant(UserFactory(username="scale-steward"), Role.DATA_STEWARD, business_unit=self.insurance, by=coe)
        self.first = Initiative.objects.order_by("number").first()
        self.contributor = UserFactory(username="scale-contributor")
        grant(self.contributor, Role.CONTRIBUTOR, initiative=self.first, by=coe)
        self.nobody = UserFactory(username="scale-nobody")

    def grow(self, *, to: int) -> None:
        while self.count < to:
            make_initiative(
                coe=self.coe,
                business_unit=next(self.units),
                owner=self.owners[self.count % len(self.owners)],
                title=f"Initiative {self.count}",
            )
            self.count += 1

    def in_units(self, *units) -> set[int]:
        return set(Initiative.objects.filter(business_unit__in=units).values_list("pk", flat=True))

    def expected_visible(self, user) -> set[int]:
        if user == self.executive:
            return set(Initiative.objects.values_list("pk", flat=True))
        if user == self.officer:
            return self.in_units(self.retail, self.cards, self.premium)
        if user == self.contributor:
            return {self.first.pk}
        return set()


@pytest.fixture
def portfolio(coe):
    return Portfolio(coe)


def _visible_ids(user) -> set[int]:
    return {initiative.pk for initiative in access.visible_initiatives(user=user)}


def _measure(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return len(queries), result


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # global roles, then the list
        ("executive", 2),
        # global roles, the units and initiatives granted (one query), then the list
        ("officer", 3),
        ("contributor", 3),
        # no grant at all: the list is known to be empty without asking
        ("nobody", 2),
    ],
)
def test_visible_initiatives_costs_the_same_queries_at_both_sizes(portfolio, django_assert_num_queries, who, queries):
    user = getattr(portfolio, who)
    with django_assert_num_queries(queries):
        small = _visible_ids(user)
    assert small == portfolio.expected_visible(user)
    assert len(small) == {"executive": SMALL, "officer": 3, "contributor": 1, "nobody": 0}[who]

    portfolio.grow(to=LARGE)

    with django_assert_num_queries(queries):
        large = _visible_ids(user)
    assert large == portfolio.expected_visible(user)
    assert len(large) == {"executive": LARGE, "officer": 36, "contributor": 1, "nobody": 0}[who]


def test_the_unit_officer_sees_sub_units_and_nothing_of_other_units(portfolio):
    portfolio.grow(to=LARGE)
    visible = _visible_ids(portfolio.officer)

    assert portfolio.in_units(portfolio.premium) <= visible
    assert portfolio.in_units(portfolio.cards) <= visible
    assert not visible & portfolio.in_units(portfolio.insurance, portfolio.claims)


@pytest.mark.parametrize(
    ("who", "in_scope", "out_of_scope"),
    [
        ("executive", {"view_initiative", "act_as_executive"}, {"view_initiative", "act_as_executive"}),
        ("officer", ROLE_PERMISSIONS[Role.COMPLIANCE_OFFICER], set()),
        ("nobody", set(), set()),
    ],
)
def test_initiative_permissions_costs_the_same_queries_at_both_sizes(
    portfolio, django_assert_num_queries, who, in_scope, out_of_scope
):
    user = getattr(portfolio, who)

    def newest(unit):
        # The newest initiative of the unit, with its unit loaded (as a list or detail view has it).
        return Initiative.objects.select_related("business_unit").filter(business_unit=unit).order_by("-pk").first()

    small = {}
    for unit, expected in ((portfolio.premium, in_scope), (portfolio.claims, out_of_scope)):
        initiative = newest(unit)
        small[unit], perms = _measure(lambda i=initiative: access.initiative_permissions(user=user, initiative=i))
        assert perms == expected

    portfolio.grow(to=LARGE)

    for unit, expected in ((portfolio.premium, in_scope), (portfolio.claims, out_of_scope)):
        initiative = newest(unit)
        with django_assert_num_queries(small[unit]):
            perms = access.initiative_permissions(user=user, initiative=initiative)
        assert perms == expected
    # One query: the person's global roles and every permission they hold on the initiative (``access_facts``).
    assert small[portfolio.premium] == small[portfolio.claims] == 1


def test_the_contributor_holds_permissions_on_their_initiative_only(portfolio, django_assert_num_queries):
    mine = Initiative.objects.select_related("business_unit").get(pk=portfolio.first.pk)
    with django_assert_num_queries(1):
        assert (
            access.initiative_permissions(user=portfolio.contributor, initiative=mine)
            == (ROLE_PERMISSIONS[Role.CONTRIBUTOR])
        )
    portfolio.grow(to=LARGE)
    other = Initiative.objects.select_related("business_unit").filter(business_unit=mine.business_unit).last()
    assert other != mine
    with django_assert_num_queries(1):
        assert access.initiative_permissions(user=portfolio.contributor, initiative=other) == set()


def test_a_unit_grant_does_not_grow_with_the_initiatives_of_the_unit(portfolio):
    def officer_rows():
        return (
            BusinessUnitUserObjectPermission.objects.filter(user=portfolio.officer).count(),
            InitiativeUserObjectPermission.objects.filter(user=portfolio.officer).count(),
        )

    before = officer_rows()
    assert before == (len(ROLE_PERMISSIONS[Role.COMPLIANCE_OFFICER]), 0)

    portfolio.grow(to=LARGE)

    assert officer_rows() == before
    assert len(_visible_ids(portfolio.officer)) == 36


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # global roles, then the list
        ("executive", 2),
        # global roles, the units and initiatives granted (one query), then the list
        ("officer", 3),
        ("contributor", 3),
        # no grant at all: the list is known to be empty without asking
        ("nobody", 2),
    ],
)
def test_row_by_row_visibility_sees_what_the_id_set_sees(portfolio, django_assert_num_queries, who, queries):
    user = getattr(portfolio, who)
    for size in (SMALL, LARGE):
        portfolio.grow(to=size)
        with django_assert_num_queries(queries):
            rows = {initiative.pk for initiative in Initiative.objects.restrict(user)}
        assert rows == _visible_ids(user) == portfolio.expected_visible(user)


def test_row_by_row_visibility_of_an_officer_who_also_holds_one_initiative_elsewhere(portfolio):
    portfolio.grow(to=LARGE)
    elsewhere = Initiative.objects.filter(business_unit=portfolio.claims).order_by("number").first()
    grant(portfolio.officer, Role.COMPLIANCE_OFFICER, initiative=elsewhere, by=portfolio.coe)
    rows = {initiative.pk for initiative in Initiative.objects.restrict(portfolio.officer)}
    assert (
        rows
        == _visible_ids(portfolio.officer)
        == portfolio.in_units(portfolio.retail, portfolio.cards, portfolio.premium) | {elsewhere.pk}
    )
    portfolio.officer.is_active = False
    assert not Initiative.objects.restrict(portfolio.officer).exists()
