"""Fixtures of the Monday view's tests: the shared cast and signed-in clients."""

import pytest

from tests.governance.views.support import make_cast


@pytest.fixture
def cast(coe, units, owner, sponsor):
    return make_cast(coe=coe, units=units, owner=owner, sponsor=sponsor)


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
