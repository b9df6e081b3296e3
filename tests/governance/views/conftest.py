"""Fixtures of the page tests: the cast, a retail initiative whose gate is satisfied, and one under review."""

import pytest

from governance.services.reviews import gate_review_request
from tests.factories import make_initiative, satisfy_gate

from .support import make_cast


@pytest.fixture
def cast(coe, units, owner, sponsor):
    return make_cast(coe=coe, units=units, owner=owner, sponsor=sponsor)


@pytest.fixture
def ready(initiative):
    """The retail initiative with every exploration criterion met and a risk tier."""
    return satisfy_gate(initiative)


@pytest.fixture
def review(ready, owner, cast):
    """An open exploration gate review requested by the owner."""
    return gate_review_request(actor=owner, initiative=ready)


@pytest.fixture
def elsewhere(coe, units, owner):
    """An initiative in the insurance unit: retail-scoped people may not see it."""
    return make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Insurance helper")


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
