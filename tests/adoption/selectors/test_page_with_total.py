"""A page and its total from one query, with the page-number rules of Django's paginator."""

import pytest

from adoption.models import BusinessUnit
from core.pagination import page_with_total
from tests.factories import BusinessUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven():
    for n in range(7):
        BusinessUnitFactory(code=f"u{n}", name=f"Unit {n}")
    return BusinessUnit.objects.order_by("code")


def test_a_page_and_its_total_in_one_query(seven, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_with_total(seven, "2", per_page=3)
        assert [unit.code for unit in page] == ["u3", "u4", "u5"]
        assert (page.paginator.count, page.paginator.num_pages, page.number) == (7, 3, 2)
        assert page.has_previous()
        assert page.has_next()


@pytest.mark.parametrize(
    ("asked", "number", "codes"),
    [
        (None, 1, ["u0", "u1", "u2"]),
        ("x", 1, ["u0", "u1", "u2"]),
        ("-4", 1, ["u0", "u1", "u2"]),
        ("3", 3, ["u6"]),
        ("99", 3, ["u6"]),
    ],
)
def test_page_numbers_like_the_paginator(seven, asked, number, codes):
    page = page_with_total(seven, asked, per_page=3)
    assert (page.number, [unit.code for unit in page], page.paginator.count) == (number, codes, 7)


def test_an_empty_list_is_one_empty_page():
    page = page_with_total(BusinessUnit.objects.order_by("code"), "1", per_page=3)
    assert (list(page), page.paginator.count, page.paginator.num_pages, page.has_next()) == ([], 0, 1, False)
