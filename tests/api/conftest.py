"""Fixtures of the API tests: token-authenticated clients and a small portfolio with people in every role."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.services.tokens import token_create
from tests.factories import UserFactory, grant, make_initiative


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # Throttle counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def client_for(user=None) -> APIClient:
    """A client authenticated by the user's token (anonymous when ``user`` is None)."""
    client = APIClient()
    if user is not None:
        _token, secret = token_create(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def api():
    return client_for


@pytest.fixture
def people(coe, units, owner, sponsor):
    """Everyone the permission matrix needs, scoped to Retail (the initiative's unit) or to Insurance."""
    cast = {"coe": coe, "owner": owner, "sponsor": sponsor, "nobody": UserFactory(username="nobody")}
    for name, role in (
        ("compliance", Role.COMPLIANCE_OFFICER),
        ("compliance2", Role.COMPLIANCE_OFFICER),
        ("security", Role.SECURITY_REVIEWER),
        ("steward", Role.DATA_STEWARD),
    ):
        cast[name] = UserFactory(username=name)
        grant(cast[name], role, business_unit=units["retail"], by=coe)
    cast["outsider"] = UserFactory(username="outsider")
    grant(cast["outsider"], Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    for name, role in (("executive", Role.EXECUTIVE), ("auditor", Role.AUDITOR)):
        cast[name] = UserFactory(username=name)
        grant(cast[name], role)
    return cast


@pytest.fixture
def other_initiative(coe, units):
    """An initiative in Insurance, owned by someone else."""
    return make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="ins-owner"))
