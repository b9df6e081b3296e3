"""Every route of ``inventory.CHECKED`` makes the same number of queries on the small and on the large portfolio
(``portfolio.SIZES``: more initiatives around the object, more children on it), and no more than its ceiling.

The portfolio is built once for the module, inside a transaction rolled back at the end; each route is requested
once to warm what a session's or a token's first request does, then counted, at each size.
"""

from __future__ import annotations

import re
from collections import Counter
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance.middleware import IdleTimeoutMiddleware
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


def _count(client, address: str, check: Check) -> list[str] | str:
    """The SQL of one GET (after a first one that warms up), or what went wrong."""
    _get(client, address, check.headers)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, address, check.headers)
    if response.status_code != check.status:
        return f"GET {address} answered {response.status_code}"
    return [query["sql"] for query in queries.captured_queries]


def _repeated(small: list[str], large: list[str]) -> str:
    """The statements the large portfolio runs more often than the small one (numbers blanked)."""
    shape = lambda sql: re.sub(r"\b\d+\b", "N", sql)  # noqa: E731
    more = Counter(map(shape, large)) - Counter(map(shape, small))
    return "\n".join(f"  {n} more × {sql[:600]}" for sql, n in more.items())


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    """{check id: {size: the SQL of its GET, or the problem}}, and each check's address."""
    found: dict[str, dict] = {check.id: {} for check in CHECKED}
    addresses: dict[str, str] = {}
    # The session's last-seen time is written at most once a minute: by the clock, not by the portfolio; written
    # here by each client's first request only.
    once = mock.patch.object(IdleTimeoutMiddleware, "RESOLUTION_SECONDS", 10**9)
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic(), once:
        cache.clear()
        portfolio = grown.start()
        # Every viewer's page session and API token exist before the first count (a token shows on its owner's
        # pages and in the audit trail).
        clients: dict[tuple[str, bool], object] = {}
        for viewer in sorted({check.viewer for check in CHECKED}):
            clients[viewer, True] = client_for(portfolio.cast[viewer])
            clients[viewer, False] = Client()
            clients[viewer, False].force_login(portfolio.cast[viewer])
        for size in grown.SIZES:
            grown.grow_to(portfolio, size)
            for check in CHECKED:
                try:
                    if check.id not in addresses:
                        address = reverse(check.name, args=check.args(portfolio))
                        query = "&".join(
                            filter(None, [check.query, urlencode(check.params(portfolio)) if check.params else ""])
                        )
                        addresses[check.id] = address + ("?" + query if query else "")
                    address = addresses[check.id]
                    is_api = address.startswith("/api/")
                    found[check.id][size] = _count(clients[check.viewer, is_api], address, check)
                except Exception as error:  # reported by the check's own test
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
    assert isinstance(small, list), small
    assert isinstance(large, list), large
    assert len(large) == len(small), (
        f"{address}: {len(small)} queries on the small portfolio, {len(large)} on the large one; repeated:\n"
        + _repeated(small, large)
    )
    ceiling = check.ceiling or (API_CEILING if address.startswith("/api/") else PAGE_CEILING)
    assert len(small) <= ceiling, f"{address}: {len(small)} queries, more than {ceiling}"
