"""What the floor of every request no longer asks the database each time: API tokens kept a few seconds under their
digest, and the person's unread count, roles and locale (governance.person_facts). A write forgets what it changes
at once in its own process; another process's copy lapses within the configured seconds."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.choices import NotificationKind
from governance.models import ApiToken, Notification, UserPreference
from governance.services.delivery import Draft, notifications_create
from governance.services.preferences import user_locale_set
from governance.services.roles import role_revoke
from governance.services.tokens import token_create, token_revoke
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
ME = "/api/v1/users/me/"


def client_with_token(user) -> tuple[APIClient, ApiToken]:
    token, secret = token_create(user=user, name="floor")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client, token


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def later(monkeypatch, seconds: float) -> None:
    """The cache's clock moved on (what another process's cached copy meets after that long)."""
    now = time.time()
    monkeypatch.setattr(locmem.time, "time", lambda: now + seconds)


def test_a_revoked_token_is_refused_at_once_in_the_process_that_revoked_it():
    person = UserFactory()
    client, token = client_with_token(person)
    assert client.get(ME).status_code == 200
    assert queries(client, ME) == 0  # token and facts from the cache
    token_revoke(actor=person, token_id=token.pk)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."


def test_another_processs_revocation_is_noticed_once_the_cached_copy_lapses(settings, monkeypatch):
    settings.API_TOKEN_CACHE_SECONDS = 5
    person = UserFactory()
    client, token = client_with_token(person)
    assert client.get(ME).status_code == 200
    # Revoked by another process: the row says so, this process's cache does not know yet.
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now(), revoke_reason="revoked")
    assert client.get(ME).status_code == 200
    later(monkeypatch, 6)
    assert client.get(ME).status_code == 401


def test_a_cached_token_still_expires_on_time(monkeypatch):
    person = UserFactory()
    client, token = client_with_token(person)
    assert client.get(ME).status_code == 200
    after_expiry = token.expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr("governance.models.tokens.timezone.now", lambda: after_expiry)
    response = client.get(ME)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_change_to_the_holder_reaches_the_cached_token_at_once():
    person = UserFactory(first_name="Lin", last_name="Wei")
    client, _token = client_with_token(person)
    assert client.get(ME).json()["display_name"] == "Lin Wei"
    person.first_name = "Lan"
    person.save()
    assert client.get(ME).json()["display_name"] == "Lan Wei"
    person.is_active = False
    person.save()
    assert client.get(ME).status_code == 401


def test_the_floor_asks_the_database_nothing_once_warm_whatever_the_person_holds(coe, units):
    person = UserFactory()
    client, _token = client_with_token(person)
    cold = queries(client, ME)  # token, its first use, locale, roles, unread count
    assert queries(client, ME) == 0

    for unit in units.values():
        grant(person, Role.COMPLIANCE_OFFICER, business_unit=unit, by=coe)
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="test", subject=f"s{n}", message="m", dedupe_key=f"floor-{n}")
        for n in range(5)
    )
    client, _token = client_with_token(person)
    cache.clear()
    assert queries(client, ME) == cold
    assert queries(client, ME) == 0
    body = client.get(ME).json()
    assert len(body["roles"]) == 3
    assert body["unread_notifications"] == 5


def test_users_me_shows_a_grant_a_revocation_and_a_new_language_at_once(coe, units):
    person = UserFactory()
    client, _token = client_with_token(person)
    assert client.get(ME).json()["roles"] == []
    assignment = grant(person, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    assert [r["role"] for r in client.get(ME).json()["roles"]] == [Role.COMPLIANCE_OFFICER]
    role_revoke(actor=coe, assignment=assignment, reason="moved")
    assert client.get(ME).json()["roles"] == []

    user_locale_set(actor=person, language="zh-hant", time_zone="Asia/Taipei")
    body = client.get(ME).json()
    assert (body["language"], body["time_zone"]) == ("zh-hant", "Asia/Taipei")
    UserPreference.objects.filter(user=person).delete()
    assert client.get(ME).json()["language"] == ""


def test_an_expired_role_leaves_users_me_on_time(coe, units, monkeypatch):
    person = UserFactory()
    client, _token = client_with_token(person)
    ends = timezone.now() + datetime.timedelta(hours=1)
    grant(person, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe, expires_at=ends)
    assert len(client.get(ME).json()["roles"]) == 1
    monkeypatch.setattr("governance.selectors.roles.timezone.now", lambda: ends + datetime.timedelta(seconds=1))
    assert client.get(ME).json()["roles"] == []


def badge(client) -> str:
    page = client.get(reverse("governance:notifications")).content.decode()
    start = page.find('class="bell"')
    return page[start : page.find("</a>", start)]


def test_the_badge_counts_what_arrives_and_what_is_read(client):
    person = UserFactory()
    client.force_login(person)
    assert 'class="count"' not in badge(client)
    notifications_create(
        [
            Draft(
                recipient_id=person.pk,
                kind=NotificationKind.WEBHOOK_DISABLED,
                dedupe_key=f"floor:{n}",
                context={"name": "Chat", "reason": "HTTP 503", "since": "2026-12-04T09:15:00+00:00"},
                url="/integrations/",
            )
            for n in range(2)
        ]
    )
    assert "Notifications: 2 unread" in badge(client)
    first = Notification.objects.filter(recipient=person).order_by("pk").first()
    client.post(reverse("governance:notification_read", args=[first.pk]))
    assert "Notifications: 1 unread" in badge(client)
    client.post(reverse("governance:notifications_read_all"))
    assert "Notifications: 0 unread" in badge(client)


def test_a_cache_that_cannot_be_reached_costs_queries_not_answers(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    person = UserFactory()
    client, token = client_with_token(person)
    assert client.get(ME).json()["unread_notifications"] == 0
    token_revoke(actor=person, token_id=token.pk)
    assert client.get(ME).status_code == 401
