"""Fresh sign-in before signing: a gate sign-off, a risk-tier confirmation and lifting a compliance hold need a
sign-in within FRESH_SIGN_IN_MINUTES, through the pages and the API; the sign-off keeps when and how."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from adoption.choices import Status
from core.exceptions import FreshSignInRequired
from governance.choices import ComplianceReviewStatus
from governance.models import ApiToken, ComplianceReview, SignOff
from governance.services.compliance import risk_tier_decide, risk_tier_propose
from governance.services.tokens import token_create
from governance.stepup import AuthProof
from tests.factories import compliance_answers
from tests.factories.adoption import move_to_phase

LATER = datetime.timedelta(minutes=16)


def test_a_stale_sign_in_goes_to_confirm_the_password_then_signs(client, cast, review):
    officer = cast["officer"]
    review_page = reverse("governance:review", args=[review.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
    with time_machine.travel(start + LATER, tick=False):
        stale = client.post(
            reverse("governance:sign", args=[review.pk]),
            {"sign-slot": "compliance_officer", "sign-decision": "approve"},
            HTTP_REFERER="http://testserver" + review_page,
        )
        assert stale.status_code == 302
        assert stale["Location"].startswith("/accounts/reauthenticate/?next=")
        assert not SignOff.objects.exists()
        confirm = client.get(stale["Location"])
        assert "Confirm it is you" in confirm.content.decode()
        wrong = client.post("/accounts/reauthenticate/", {"password": "not-mine", "next": review_page})
        assert wrong.status_code == 400
        right = client.post("/accounts/reauthenticate/", {"password": "pw-test-2026", "next": review_page})
        assert right.status_code == 302
        assert right["Location"] == review_page
        signed = client.post(
            reverse("governance:sign", args=[review.pk]),
            {"sign-slot": "compliance_officer", "sign-decision": "approve"},
        )
        assert signed.status_code == 302
        signoff = SignOff.objects.get()
        assert signoff.auth_method == "password"
        assert signoff.auth_at == (start + LATER).replace(microsecond=0)


def test_the_reauthentication_page_never_sends_elsewhere(client, cast):
    client.force_login(cast["officer"])
    answer = client.post("/accounts/reauthenticate/", {"password": "pw-test-2026", "next": "https://evil.example/"})
    assert answer["Location"] == "/"


def test_an_old_api_token_cannot_sign_and_a_new_one_can(cast, review):
    officer = cast["officer"]
    token, secret = token_create(user=officer, name="old")
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - LATER)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    url = f"/api/v1/gate-reviews/{review.pk}/sign/"
    body = {"slot": "compliance_officer", "decision": "approve"}
    refused = api.post(url, body, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "fresh_sign_in_required"
    _fresh, new_secret = token_create(user=officer, name="new")
    api.credentials(HTTP_AUTHORIZATION=f"Token {new_secret}")
    assert api.post(url, body, format="json").status_code == 200
    assert SignOff.objects.get().auth_method == "api_token"


def test_confirming_a_risk_tier_needs_a_fresh_sign_in(cast, ready, owner):
    change = risk_tier_propose(actor=owner, initiative=ready, to_tier="high", reason="Customer-facing now.")
    stale = AuthProof(timezone.now() - LATER, "password")
    with pytest.raises(FreshSignInRequired):
        risk_tier_decide(actor=cast["officer"], change=change, confirm=True, auth=stale)
    # Rejecting a proposal changes nothing and needs no fresh sign-in.
    rejected = risk_tier_decide(actor=cast["officer"], change=change, confirm=False, note="No.", auth=stale)
    assert rejected.status == "rejected"


def test_lifting_a_compliance_hold_needs_a_fresh_sign_in(cast, ready):
    officer = cast["officer"]
    move_to_phase(ready, "scaling")
    ready.status = Status.IN_PRODUCTION
    ready.production_entered_at = timezone.now()
    ready.save()
    review = ComplianceReview.objects.create(
        initiative=ready, assignee=officer, due_on=timezone.localdate(), status=ComplianceReviewStatus.OPEN
    )
    _token, secret = token_create(user=officer, name="compliance")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    failed = api.post(
        f"/api/v1/compliance-reviews/{review.pk}/complete/",
        {"findings": "No oversight.", "outcome": "fail", "answers": compliance_answers()},
        format="json",
    )
    assert failed.status_code == 200, failed.json()
    ApiToken.objects.update(created_at=timezone.now() - LATER)
    cache.clear()  # the token made old behind the cached copy's back (a real one ages with the clock)
    refused = api.post(f"/api/v1/initiatives/{ready.key}/resume/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "fresh_sign_in_required"
    _token, new_secret = token_create(user=officer, name="fresh")
    api.credentials(HTTP_AUTHORIZATION=f"Token {new_secret}")
    resumed = api.post(f"/api/v1/initiatives/{ready.key}/resume/", {}, format="json")
    assert resumed.status_code == 200, resumed.json()
