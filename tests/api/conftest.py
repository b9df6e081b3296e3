"""Fixtures of the API tests: token-authenticated clients and a small portfolio with people in every role."""

import pytest
from _pytest.mark.expression import Expression
from django.core.cache import cache
from hypothesis import settings
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.services.tokens import token_create
from tests.factories import UserFactory, grant, make_initiative

# The schema fuzzing has a short version: a run that leaves the long tests out (`make test`, `-m "not long"`) gives
# every operation this many generated requests instead of the test's own budget; any other run (`make test-long`,
# `make test-all`, plain pytest) gives the full budget, and counts the fuzzing among the long tests.
SHORT_FUZZ_EXAMPLES = 3


def _short_fuzzing(config) -> bool:
    """The -m expression takes the fuzzing as it is marked, but not once it is marked long too."""
    expression = config.getoption("markexpr")
    if not expression:
        return False
    compiled = Expression.compile(expression)

    def selects(*marks: str) -> bool:
        return compiled.evaluate(lambda name, **kwargs: name in marks)

    return selects("slow", "fuzz") and not selects("slow", "fuzz", "long")


@pytest.hookimpl(tryfirst=True)  # before the -m selection
def pytest_collection_modifyitems(config, items):
    short = _short_fuzzing(config)
    for item in items:
        if item.get_closest_marker("fuzz") is None:
            continue
        if not short:
            item.add_marker(pytest.mark.long)
            continue
        test = item.obj
        budget = test._hypothesis_internal_use_settings
        test._hypothesis_internal_use_settings = settings(
            budget, max_examples=min(budget.max_examples, SHORT_FUZZ_EXAMPLES)
        )


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
