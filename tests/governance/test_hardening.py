"""The smaller holes of a security review, each shown closed by the request that used to get through."""

import datetime
import os
import secrets
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from adoption.choices import Role
from governance.middleware import csrf_failure
from tests.factories import UserFactory, grant

User = get_user_model()


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "123456789012", "olivia.chen.1"],
    ids=["eleven characters", "common", "numeric", "like the username"],
)
def test_weak_passwords_are_refused(db, password):
    user = UserFactory(username="olivia.chen", first_name="Olivia", last_name="Chen")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted(db):
    validate_password("tea-kettle-harbour-19", UserFactory())


def test_password_reset_links_come_from_site_url_not_the_host_header(client, db, settings):
    settings.SITE_URL = "https://tracker.bank.example"
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(username="forgot", email="forgot@bank.example")
    answer = client.post("/accounts/password_reset/", {"email": "forgot@bank.example"}, HTTP_HOST="evil.example")
    assert answer.status_code == 302
    (message,) = mail.outbox
    assert "https://tracker.bank.example/accounts/reset/" in message.body
    assert "evil.example" not in message.body


def test_password_reset_is_throttled(client, db, settings):
    settings.PASSWORD_RESET_LIMIT = 3
    UserFactory(username="forgot", email="forgot@bank.example")
    answers = [client.post("/accounts/password_reset/", {"email": "forgot@bank.example"}).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_can_be_turned_off(client, db, settings):
    settings.PASSWORD_RESET_ENABLED = False
    UserFactory(username="forgot", email="forgot@bank.example")
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.post("/accounts/password_reset/", {"email": "forgot@bank.example"}).status_code == 404
    assert client.get("/accounts/reset/MQ/set-password/").status_code == 404
    assert mail.outbox == []


def test_an_idle_session_ends(client, db, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 8 * 3600
    user = UserFactory()
    grant(user, Role.EXECUTIVE)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=7), tick=False):
        assert client.get("/").status_code == 200  # active within the limit: the clock restarts
    with time_machine.travel(start + datetime.timedelta(hours=14, minutes=59), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=23, minutes=1), tick=False):
        answer = client.get("/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_session_api_answers_are_private(client, db):
    user = UserFactory()
    grant(user, Role.EXECUTIVE)
    client.force_login(user)
    answer = client.get("/api/v1/users/me/")
    assert answer.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in answer["Cache-Control"].split(",")}
    assert "Cookie" in answer["Vary"]


def test_csrf_refusals_under_the_api_keep_its_error_shape(rf: RequestFactory):
    api = csrf_failure(rf.post("/api/v1/initiatives/"), reason="CSRF cookie not set.")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/json"
    assert b'"code": "csrf_failed"' in api.content
    page = csrf_failure(rf.post("/initiatives/AI-0001/hold"), reason="CSRF cookie not set.")
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")


def test_a_session_write_without_csrf_is_refused_in_the_api_shape(db):
    user = UserFactory()
    grant(user, Role.EXECUTIVE)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    answer = client.post("/api/v1/notifications/read-all/", {}, format="json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "csrf_failed"


def test_the_anonymous_stand_in_is_never_a_person(db, coe):
    assert not User.objects.filter(username="AnonymousUser", is_active=True).exists()
    stand_in = UserFactory(username="AnonymousUser", is_active=False)
    api = APIClient()
    api.force_authenticate(coe)
    people = api.get("/api/v1/users/?page_size=200").json()["results"]
    assert "AnonymousUser" not in {person["username"] for person in people}
    refused = api.post("/api/v1/role-assignments/", {"user": "AnonymousUser", "role": "executive"}, format="json")
    assert refused.status_code in (400, 404)
    assert not stand_in.role_assignments.exists()


def test_the_production_settings_pass_the_deployment_check():
    """`check --deploy --fail-level WARNING` under the production settings: any warning fails the test."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "tracker.bank.example",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_production_settings_send_mail_through_another_backend():
    """A deployment that names a backend other than SMTP (console, locmem, a provider's) can send: the SMTP options
    go to the SMTP backend only."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "tracker.bank.example",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    script = (
        "import django; django.setup(); from django.core import mail; "
        "mail.send_mail('Subject', 'Body', 'tracker@bank.example', ['owner@bank.example']); print(len(mail.outbox))"
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "1"
