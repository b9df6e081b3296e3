"""In the browser, through a real OpenID Connect provider on loopback: a person whose group claim makes them a
compliance officer for Insurance signs in, sees only Insurance, and must sign in at the provider again to sign a gate
once their sign-in is older than the window."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from adoption.choices import Role
from governance.middleware import AUTH_AT
from governance.models import SignOff
from governance.services.sso import claim_rule_create
from tests.sso_support import CLIENT_ID, CLIENT_SECRET, start_provider, stop_provider

PASSWORD = "provider-pass-2026"


@pytest.fixture
def provider(live_server):
    started = start_provider(redirect_uri=live_server.url + "/oidc/callback/")
    yield started
    stop_provider(started)


@pytest.fixture
def sso(settings, provider, demo):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Bank SSO"
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(backends.index("django.contrib.auth.backends.ModelBackend"), "governance.sso.OidcBackend")
    settings.AUTHENTICATION_BACKENDS = backends
    from django.contrib.auth import get_user_model

    coe = get_user_model().objects.get(username="coe")
    claim_rule_create(
        actor=coe,
        value="compliance-insurance",
        role=Role.COMPLIANCE_OFFICER,
        business_unit="insurance",
    )
    provider.person(
        "grace.ho",
        PASSWORD,
        first_name="Grace",
        last_name="Ho",
        email="grace.ho@bank.example",
        groups=["compliance-insurance"],
    )
    return provider


def provider_form(page):
    expect(page.get_by_role("heading", name="Bank identity provider")).to_be_visible()
    page.get_by_label("Username").fill("grace.ho")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def test_a_compliance_officer_by_group_claim_signs_after_a_fresh_sign_in(page, sso, shoot):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with Bank SSO").click()
    provider_form(page)
    expect(page.locator("details.usermenu summary")).to_have_text("Grace Ho")
    page.goto("/")
    expect(page.get_by_text("Claims document extraction")).to_be_visible()
    expect(page.get_by_text("KYC adverse-media screening")).to_have_count(0)
    shoot("sso-board-insurance-only")

    # An hour later (the session's sign-in time moved back): signing needs the provider again.
    session = SessionStore(_session_key(page))
    session[AUTH_AT] = int(time.time()) - 3600
    session.save()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign-off inbox").click()
    page.get_by_role("row").filter(has_text="AI-0003").get_by_role("link", name="Review and sign").click()
    page.get_by_label("Approve").check()
    review_url = page.url
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    shoot("sso-step-up")
    page.get_by_role("link", name="Sign in again with Bank SSO").click()
    provider_form(page)
    expect(page).to_have_url(review_url)
    expect(page.get_by_role("heading", name=re.compile("AI-0003: Exploration gate"))).to_be_visible()
    assert not SignOff.objects.filter(signer__username="grace.ho").exists()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("You signed the Compliance officer slot of AI-0003")
    signoff = SignOff.objects.get(signer__username="grace.ho")
    assert signoff.auth_method == "oidc"


def _session_key(page) -> str:
    """The tracker's session cookie (the provider, on another host, has its own)."""
    return next(cookie["value"] for cookie in page.context.cookies(page.url) if cookie["name"] == "sessionid")
