"""API tokens: named, several per person, stored as digests, expiring, revoked on demand, on a password change and
on deactivation; a read-only token reads and nothing else."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.models import ApiToken, AuditEvent
from governance.services.tokens import token_create
from tests.factories import UserFactory, grant

ME = "/api/v1/users/me/"
PASSWORD = "pw-test-2026"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    user = UserFactory(username="scripter")
    grant(user, Role.EXECUTIVE)
    return user


def with_token(secret: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


def test_the_token_endpoint_makes_a_named_token_stored_as_a_digest(person):
    answer = APIClient().post(
        "/api/v1/auth/token/", {"username": "scripter", "password": PASSWORD, "name": "nightly export"}, format="json"
    )
    assert answer.status_code == 201
    body = answer.json()
    secret = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.name == "nightly export"
    assert secret not in {token.digest, token.prefix}
    assert secret.startswith(token.prefix)
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    assert with_token(secret).get(ME).status_code == 200
    assert with_token(secret, "Bearer").get(ME).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    # A second call makes a second token; the first still works.
    again = APIClient().post("/api/v1/auth/token/", {"username": "scripter", "password": PASSWORD}, format="json")
    assert again.json()["token"] != secret
    assert with_token(secret).get(ME).status_code == 200


def test_a_token_expires(person):
    _token, secret = token_create(user=person, name="short", days=2)
    assert with_token(secret).get(ME).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, minutes=1)):
        answer = with_token(secret).get(ME)
    assert answer.status_code == 401
    assert "expired" in answer.json()["detail"]


def test_tokens_are_listed_and_revoked_by_their_holder_only(person):
    token, secret = token_create(user=person, name="laptop")
    client = with_token(secret)
    listed = client.get("/api/v1/auth/tokens/").json()["results"]
    assert [(row["name"], row["in_force"]) for row in listed] == [("laptop", True)]
    assert "token" not in listed[0]
    other = UserFactory(username="other")
    grant(other, Role.EXECUTIVE)
    _other_token, other_secret = token_create(user=other, name="theirs")
    assert with_token(other_secret).delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 404
    revoked = client.delete(f"/api/v1/auth/tokens/{token.pk}/")
    assert revoked.status_code == 200
    assert revoked.json()["in_force"] is False
    refused = with_token(secret).get(ME)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert AuditEvent.objects.filter(verb="token.revoked", target_id=str(token.pk), actor_id=person.pk).exists()


def test_a_password_change_revokes_every_token(person):
    _first, first = token_create(user=person, name="one")
    _second, second = token_create(user=person, name="two")
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])  # a sign-in revokes nothing
    assert with_token(first).get(ME).status_code == 200
    person.set_password("another-long-passphrase")
    person.save()
    assert with_token(first).get(ME).status_code == 401
    assert with_token(second).get(ME).status_code == 401
    assert set(ApiToken.objects.values_list("revoke_reason", flat=True)) == {"password_changed"}


def test_the_password_change_page_revokes_tokens_too(client, person):
    _token, secret = token_create(user=person, name="cli")
    client.force_login(person)
    changed = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "a-fresh-passphrase", "new_password2": "a-fresh-passphrase"},
    )
    assert changed.status_code == 302
    assert with_token(secret).get(ME).status_code == 401


def test_deactivation_revokes_every_token(person):
    _token, secret = token_create(user=person, name="ci")
    person.is_active = False
    person.save()
    assert with_token(secret).get(ME).status_code == 401
    assert ApiToken.objects.get().revoke_reason == "deactivated"


def test_a_read_only_token_reads_and_nothing_else(person):
    _token, secret = token_create(user=person, name="dashboard", read_only=True)
    client = with_token(secret)
    assert client.get("/api/v1/initiatives/").status_code == 200
    refused = client.post("/api/v1/notifications/read-all/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token may only read."
    assert client.post("/api/v1/auth/tokens/", {"name": "escalate"}, format="json").status_code == 403


def test_bad_token_input_is_refused_with_fields(person):
    _token, secret = token_create(user=person, name="base")
    client = with_token(secret)
    answer = client.post("/api/v1/auth/tokens/", {"name": "", "days": 5000}, format="json")
    assert answer.status_code == 400
    assert {"name", "days"} <= set(answer.json()["fields"])
    assert ApiToken.objects.count() == 1
    assert with_token("gat_" + "x" * 43).get(ME).status_code == 401
    assert with_token("Token a b").get(ME).status_code == 401


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(client, person):
    client.force_login(person)
    created = client.post("/account/tokens/create", {"token-name": "report script", "token-days": "30"})
    assert created.status_code == 302
    page = client.get("/account/tokens/").content.decode()
    token = ApiToken.objects.get(name="report script")
    secret_start = token.prefix
    assert "shown only this once" in page
    assert page.count(secret_start) >= 2  # the secret and the list's prefix
    again = client.get("/account/tokens/").content.decode()
    assert "shown only this once" not in again
    bad = client.post("/account/tokens/create", {"token-name": "", "token-days": "0"})
    assert bad.status_code == 400
    assert client.post(f"/account/tokens/{token.pk}/revoke").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    other, _ = token_create(user=person, name="not yours")
    assert client.post(f"/account/tokens/{other.pk}/revoke").status_code == 404
