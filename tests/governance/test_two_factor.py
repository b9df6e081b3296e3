"""The authenticator app as a second factor: set up and removed by its owner, then wanted at every password entrance
(sign-in page, admin, API token endpoint, the fresh sign-in before signing), throttled against guessing, and
required for the compliance slot of a high-risk gate when TOTP_REQUIRED_FOR_HIGH_RISK is on."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.exceptions import FreshSignInRequired
from governance.choices import Decision
from governance.models import AuditEvent
from governance.services.reviews import gate_review_request, signoff_record
from governance.services.twofactor import totp_confirm, totp_remove, totp_start
from governance.stepup import AuthProof
from tests.factories import UserFactory, satisfy_gate, signers_for

PASSWORD = "pw-test-2026"


def code_of(device, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def person(db):
    user = UserFactory(username="mei", is_staff=True)
    device = totp_start(actor=user)
    totp_confirm(actor=user, code=code_of(device))
    device.refresh_from_db()
    # A code is accepted once: the tests sign in with the next one.
    device.last_t = -1
    device.save()
    return user, device


def test_setting_up_and_removing_the_authenticator(db):
    user = UserFactory(username="ken")
    device = totp_start(actor=user)
    assert not device.confirmed
    with pytest.raises(Exception, match="not set up"):
        totp_confirm(actor=user, code="000000")
    device.refresh_from_db()
    totp_confirm(actor=user, code=code_of(device))
    assert TOTPDevice.objects.get(user=user).confirmed
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    totp_remove(actor=user, code=code_of(device))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert list(AuditEvent.objects.filter(verb__startswith="twofactor.").values_list("verb", flat=True)) == [
        "twofactor.enabled",
        "twofactor.removed",
    ]


def test_the_sign_in_page_wants_the_code(client, person):
    _user, device = person
    refused = client.post(reverse("login"), {"username": "mei", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Enter the code from your authenticator app." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("login"), {"username": "mei", "password": PASSWORD, "code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    signed_in = client.post(reverse("login"), {"username": "mei", "password": PASSWORD, "code": code_of(device)})
    assert signed_in.status_code == 302
    assert client.session["auth_method"] == "password+totp"


def test_the_admin_and_the_token_endpoint_want_the_code_too(client, person):
    _user, device = person
    admin = client.post("/admin/login/", {"username": "mei", "password": PASSWORD})
    assert admin.status_code == 200
    assert "_auth_user_id" not in client.session
    token = APIClient().post("/api/v1/auth/token/", {"username": "mei", "password": PASSWORD}, format="json")
    assert token.status_code == 400
    assert "code" in token.json()["fields"]
    ok = APIClient().post(
        "/api/v1/auth/token/", {"username": "mei", "password": PASSWORD, "code": code_of(device)}, format="json"
    )
    assert ok.status_code == 201


def test_guessing_is_throttled(client, person):
    _user, device = person
    for guess in ("111111", "222222", "333333"):
        client.post(reverse("login"), {"username": "mei", "password": PASSWORD, "code": guess})
    blocked = client.post(reverse("login"), {"username": "mei", "password": PASSWORD, "code": code_of(device)})
    assert "Too many wrong codes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_fresh_sign_in_wants_the_code(client, person):
    user, device = person
    client.force_login(user)
    session = client.session
    session["auth_at"] = int(time.time()) - 3600
    session.save()
    without = client.post(reverse("reauthenticate"), {"password": PASSWORD, "next": "/"})
    assert without.status_code == 400
    with_code = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": code_of(device), "next": "/"})
    assert with_code.status_code == 302
    assert client.session["auth_method"] == "password+totp"


def test_a_high_risk_compliance_slot_needs_two_factors_when_required(settings, initiative, owner, coe, units, sponsor):
    settings.TOTP_REQUIRED_FOR_HIGH_RISK = True
    cast = signers_for(units["retail"], coe=coe)
    review = gate_review_request(actor=owner, initiative=satisfy_gate(initiative, risk_tier="high"))
    now = time.time()
    import datetime

    fresh = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    with pytest.raises(FreshSignInRequired, match="two factors"):
        signoff_record(
            actor=cast["compliance_officer"],
            review=review,
            slot_key="compliance_officer",
            decision=Decision.APPROVE,
            auth=AuthProof(fresh, "password"),
        )
    signoff_record(
        actor=cast["compliance_officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.APPROVE,
        auth=AuthProof(fresh, "password+totp"),
    )
    # Other slots need no second factor.
    signoff_record(
        actor=coe, review=review, slot_key="coe_admin", decision=Decision.APPROVE, auth=AuthProof(fresh, "password")
    )
    assert review.signoffs.count() == 2


def test_the_page_sets_it_up_with_a_qr_code(client, db):
    user = UserFactory(username="lin")
    client.force_login(user)
    client.post(reverse("governance:twofactor_change"), {"step": "start"})
    page = client.get(reverse("governance:twofactor")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user)
    wrong = client.post(reverse("governance:twofactor_change"), {"step": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    client.post(reverse("governance:twofactor_change"), {"step": "confirm", "code": code_of(device)})
    assert TOTPDevice.objects.get(user=user).confirmed
    assert "In use" in client.get(reverse("governance:twofactor")).content.decode()
