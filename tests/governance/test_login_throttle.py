"""Sign-in throttling: after five failures the username is refused for the window, even with the right password."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_five_failures_lock_the_username(client, db):
    UserFactory(username="target")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "target", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post("/accounts/login/", {"username": "target", "password": "pw-test-2026"})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_clears_the_count(client, db):
    UserFactory(username="forgetful")
    for _ in range(4):
        client.post("/accounts/login/", {"username": "forgetful", "password": "wrong"})
    ok = client.post("/accounts/login/", {"username": "forgetful", "password": "pw-test-2026"})
    assert ok.status_code == 302
    client.logout()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "forgetful", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "forgetful", "password": "pw-test-2026"}).status_code == 302
