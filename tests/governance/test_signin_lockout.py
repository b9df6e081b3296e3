"""One lockout for every way in: the sign-in page, the admin login and the API token endpoint share it, keyed on
username and address, with a higher limit per address; the CoE sees the attempts and unlocks (audited)."""

import pytest
from axes.models import AccessFailureLog
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.models import AuditEvent
from governance.signin import client_address
from tests.factories import UserFactory, grant

PASSWORD = "pw-test-2026"
HOME = "198.51.100.10"
ELSEWHERE = "198.51.100.99"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD, *, address=HOME, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, *, address=HOME, path="/accounts/login/"):
    """Wrong passwords: refused with the form (200) until the failure that reaches the limit locks (429)."""
    for _ in range(times):
        assert sign_in(client, username, "wrong", address=address, path=path).status_code in (200, 429)


def test_a_lock_on_the_sign_in_page_holds_at_the_admin_and_the_token_endpoint(client, db):
    UserFactory(username="target", is_staff=True)
    fail(client, "target", 5)
    page = sign_in(client, "target")
    assert page.status_code == 429
    assert "Too many failed sign-ins" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "target", path="/admin/login/").status_code == 429
    assert "_auth_user_id" not in client.session
    token = APIClient().post(TOKEN, {"username": "target", "password": PASSWORD}, REMOTE_ADDR=HOME, format="json")
    assert token.status_code == 429
    assert token.json()["code"] == "locked_out"
    assert set(token.json()) == {"status", "code", "detail", "fields", "reasons"}


def test_failures_at_the_admin_login_lock_the_sign_in_page(client, db):
    UserFactory(username="admin-target", is_staff=True)
    fail(client, "admin-target", 5, path="/admin/login/")
    assert sign_in(client, "admin-target").status_code == 429


def test_a_stranger_cannot_lock_someone_out_from_elsewhere(client, db):
    """The lock is keyed on username and address: the real user, from their own address, still signs in."""
    UserFactory(username="victim")
    fail(client, "victim", 8, address=ELSEWHERE)
    assert sign_in(client, "victim", address=ELSEWHERE).status_code == 429
    assert sign_in(client, "victim", address=HOME).status_code == 302


def test_forged_forwarded_addresses_do_not_reset_the_count(db):
    """40 guesses, each claiming another X-Forwarded-For: with no trusted proxy the header is ignored."""
    UserFactory(username="owner")
    client = APIClient()
    answers = [
        client.post(
            TOKEN,
            {"username": "owner", "password": "wrong"},
            REMOTE_ADDR=HOME,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            format="json",
        ).status_code
        for n in range(40)
    ]
    assert answers[:4] == [400] * 4
    assert set(answers[4:]) == {429}
    right = client.post(TOKEN, {"username": "owner", "password": PASSWORD}, REMOTE_ADDR=HOME, format="json")
    assert right.status_code == 429
    recorded = set(AccessFailureLog.objects.values_list("ip_address", "path_info"))
    assert recorded == {(HOME, TOKEN)}


def test_client_address_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "1.1.1.1"
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_address(request) == "1.1.1.1"


def test_an_address_guessing_across_usernames_is_refused(client, db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    UserFactory(username="someone")
    for n in range(8):
        fail(client, f"guess{n}", 1)
    assert sign_in(client, "someone").status_code == 429
    assert sign_in(client, "someone", address=ELSEWHERE).status_code == 302


def test_the_coe_sees_the_attempts_and_unlocks_audited(client, coe, db):
    UserFactory(username="locked")
    fail(client, "locked", 5)
    assert sign_in(client, "locked").status_code == 429

    outsider = UserFactory(username="plain")
    grant(outsider, Role.EXECUTIVE)
    client.force_login(outsider)
    assert client.get("/security/sign-ins/").status_code == 403
    assert client.post("/security/sign-ins/unlock", {"username": "locked"}).status_code == 403

    client.force_login(coe)
    page = client.get("/security/sign-ins/").content.decode()
    assert "locked" in page
    assert HOME in page
    assert "/accounts/login/" in page
    api = APIClient()
    api.force_authenticate(coe)
    listed = api.get("/api/v1/security/sign-in-attempts/").json()["results"]
    assert {(row["username"], row["address"]) for row in listed} == {("locked", HOME)}
    unlocked = client.post("/security/sign-ins/unlock", {"username": "locked"})
    assert unlocked.status_code == 302
    event = AuditEvent.objects.get(verb="signin.unlocked")
    assert event.actor_id == coe.pk
    assert event.after["username"] == "locked"
    client.logout()
    assert sign_in(client, "locked").status_code == 302


def test_unlock_through_the_api_needs_the_coe_and_a_name(coe, db):
    UserFactory(username="locked-api")
    web = APIClient()
    for _ in range(5):
        web.post(TOKEN, {"username": "locked-api", "password": "wrong"}, REMOTE_ADDR=HOME, format="json")
    api = APIClient()
    api.force_authenticate(coe)
    assert api.post("/api/v1/security/unlock/", {}, format="json").status_code == 400
    assert api.post("/api/v1/security/unlock/", {"username": "nobody-at-all"}, format="json").status_code == 404
    done = api.post("/api/v1/security/unlock/", {"address": HOME}, format="json")
    assert done.status_code == 200
    assert done.json()["cleared"] == 1
    ok = web.post(TOKEN, {"username": "locked-api", "password": PASSWORD}, REMOTE_ADDR=HOME, format="json")
    assert ok.status_code == 201


def test_unlocking_a_malformed_address_is_a_clear_400(coe):
    api = APIClient()
    api.force_authenticate(coe)
    answer = api.post("/api/v1/security/unlock/", {"address": "0" * 44}, format="json")
    assert answer.status_code == 400
    assert "address" in answer.json()["fields"]
