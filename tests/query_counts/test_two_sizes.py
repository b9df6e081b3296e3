"""Every route of ``inventory.CHECKED`` makes the same number of queries on the small and on the large portfolio
(``portfolio.SIZES``: more initiatives around the object, more children on it), and no more than its ceiling.

The portfolio is built once for the module, inside a transaction rolled back at the end; each route is requested
once to warm what a session's or a token's first request does, then counted, at each size.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.api.conftest import client_for

from . import portfolio as grown
from .inventory import API_CEILING, CHECKED, PAGE_CEILING, Check

# pytest-django sets up the test database only for a session with tests that ask for it.
pytestmark = pytest.mark.django_db


def _get(client, address: str, headers: dict):
    response = client.get(address, headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _count(client, address: str, headers: dict) -> int | str:
    _get(client, address, headers)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, address, headers)
    if response.status_code != 200:
        return f"GET {address} answered {response.status_code}"
    return len(queries)


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    """{check id: {size: query count, or the problem}}, and each check's address."""
    found: dict[str, dict] = {check.id: {} for check in CHECKED}
    addresses: dict[str, str] = {}
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        cache.clear()
        portfolio = grown.start()
        clients: dict[tuple[str, bool], object] = {}
        for size in grown.SIZES:
            grown.grow_to(portfolio, size)
            for check in CHECKED:
                try:
                    if check.id not in addresses:
                        address = reverse(check.name, args=check.args(portfolio))
                        addresses[check.id] = address + ("?" + check.query if check.query else "")
                    address = addresses[check.id]
                    is_api = address.startswith("/api/")
                    viewer = portfolio.cast[check.viewer]
                    if (check.viewer, is_api) not in clients:
                        if is_api:
                            clients[check.viewer, is_api] = client_for(viewer)
                        else:
                            clients[check.viewer, is_api] = Client()
                            clients[check.viewer, is_api].force_login(viewer)
                    found[check.id][size] = _count(clients[check.viewer, is_api], address, check.headers)
                except Exception as error:  # noqa: BLE001 - reported by the check's own test
                    found[check.id][size] = f"{type(error).__name__}: {error}"
        transaction.set_rollback(True)
    cache.clear()
    return found, addresses


def _marked(check: Check):
    marks = [pytest.mark.xfail(strict=True, reason=check.xfail)] if check.xfail else []
    return pytest.param(check, id=check.id, marks=marks)


@pytest.mark.parametrize("check", [_marked(check) for check in CHECKED])
def test_same_queries_at_both_sizes_and_under_the_ceiling(check: Check, counted):
    found, addresses = counted
    small, large = found[check.id]["small"], found[check.id]["large"]
    address = addresses.get(check.id, check.name)
    assert isinstance(small, int), small
    assert isinstance(large, int), large
    assert large == small, f"{address}: {small} queries on the small portfolio, {large} on the large one"
    ceiling = check.ceiling or (API_CEILING if address.startswith("/api/") else PAGE_CEILING)
    assert small <= ceiling, f"{address}: {small} queries, more than {ceiling}"
