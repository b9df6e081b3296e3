"""Single sign-on against a real OpenID Connect provider on loopback: discovery, the code flow with PKCE, the ID
token checked, people created and updated from claims, the CoE's claim rules giving and taking roles, a person the
provider switched off refused, the step-up round trip, and local passwords switched off at every entrance."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, Refused
from governance import access
from governance.choices import AssignmentSource
from governance.models import AuditEvent, ClaimRoleRule, ExternalIdentity, RoleAssignment, UserPreference
from governance.services.sso import claim_rule_create, claim_rule_delete
from tests.factories import UserFactory
from tests.sso_support import CLIENT_ID, CLIENT_SECRET, provider_sign_in, start_provider, stop_provider

PASSWORD = "provider-pass-2026"
CALLBACK = "http://testserver/oidc/callback/"


@pytest.fixture(scope="module")
def provider():
    started = start_provider(redirect_uri=CALLBACK)
    yield started
    stop_provider(started)


@pytest.fixture
def sso(settings, provider, db):
    cache.clear()
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Bank SSO"
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(backends.index("django.contrib.auth.backends.ModelBackend"), "governance.sso.OidcBackend")
    settings.AUTHENTICATION_BACKENDS = backends
    return provider


def sign_in(client, provider, username, *, next_url="/", step_up=False):
    """The whole code flow: our redirect to the provider, its sign-in form, the callback with the code."""
    start = client.get("/oidc/authenticate/", {"next": next_url, **({"step_up": "1"} if step_up else {})})
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(provider.issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert "nonce" in query
    if step_up:
        assert query["prompt"] == ["login"]
        assert query["max_age"] == ["0"]
    back = provider_sign_in(provider, authorize, username, PASSWORD, until="http://testserver/")
    parts = urlsplit(back)
    return client.get(parts.path + "?" + parts.query)


def test_the_sign_in_page_offers_single_sign_on(client, sso):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Bank SSO" in page
    assert "/oidc/authenticate/" in page


def test_a_compliance_officer_arrives_with_a_group_claim(client, sso, coe, units):
    claim_rule_create(actor=coe, value="compliance-retail", role=Role.COMPLIANCE_OFFICER, business_unit="retail")
    sso.person(
        "mei.lin",
        PASSWORD,
        first_name="美玲",
        last_name="林",
        email="mei.lin@bank.example",
        groups=["compliance-retail", "staff"],
        claims={"locale": "zh-TW", "zoneinfo": "Asia/Taipei"},
    )
    done = sign_in(client, sso, "mei.lin", next_url="/compliance/")
    assert done.status_code == 302
    assert done["Location"] == "/compliance/"
    identity = ExternalIdentity.objects.get(issuer=sso.issuer)
    person = identity.user
    assert (person.first_name, person.last_name, person.email) == ("美玲", "林", "mei.lin@bank.example")
    assert not person.has_usable_password()
    preference = UserPreference.objects.get(user=person)
    assert (preference.language, preference.time_zone) == ("zh-hant", "Asia/Taipei")
    held = RoleAssignment.objects.get(user=person, revoked_at__isnull=True)
    assert (held.role, held.business_unit, held.source) == (
        Role.COMPLIANCE_OFFICER,
        units["retail"],
        AssignmentSource.CLAIM_RULE,
    )
    assert client.get("/compliance/").status_code == 200
    assert AuditEvent.objects.filter(verb="sso.linked").exists()


def test_roles_follow_the_claims_and_hand_made_grants_stay(client, sso, coe, units):
    claim_rule_create(actor=coe, value="ai-coe-exec", role=Role.EXECUTIVE)
    claim_rule_create(actor=coe, value="stewards", role=Role.DATA_STEWARD, business_unit="retail")
    sso.person("ken", PASSWORD, email="ken@bank.example", groups=["ai-coe-exec", "stewards"])
    sign_in(client, sso, "ken")
    ken = ExternalIdentity.objects.get().user
    assert access.holds_global_role(user=ken, role=Role.EXECUTIVE)
    from governance.services.roles import role_grant

    role_grant(actor=coe, user=ken, role=Role.SECURITY_REVIEWER, business_unit=units["retail"])

    sso.person("ken", PASSWORD, email="ken@bank.example", groups=["stewards"])
    client.logout()
    sign_in(client, sso, "ken")
    active = set(access.active_assignments().filter(user=ken).values_list("role", "source"))
    assert active == {(Role.DATA_STEWARD, "claim_rule"), (Role.SECURITY_REVIEWER, "manual")}
    revoked = RoleAssignment.objects.get(user=ken, role=Role.EXECUTIVE)
    assert revoked.revoke_reason == "claim removed"


def test_a_local_account_with_the_same_verified_email_is_linked_not_duplicated(client, sso):
    local = UserFactory(username="olivia", email="olivia@bank.example")
    sso.person("o.chen", PASSWORD, email="olivia@bank.example", first_name="Olivia", last_name="Chen")
    sign_in(client, sso, "o.chen")
    assert ExternalIdentity.objects.get().user == local
    assert client.session["_auth_user_id"] == str(local.pk)


def test_a_person_the_provider_switched_off_is_deactivated_and_refused(client, sso):
    sso.person("leaver", PASSWORD, email="leaver@bank.example")
    sign_in(client, sso, "leaver")
    person = ExternalIdentity.objects.get().user
    client.logout()
    sso.person("leaver", PASSWORD, email="leaver@bank.example", claims={"active": False})
    refused = sign_in(client, sso, "leaver")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/login/?sso=failed")
    assert "_auth_user_id" not in client.session
    person.refresh_from_db()
    assert person.is_active is False
    assert AuditEvent.objects.filter(verb="sso.deactivated").exists()


def test_the_step_up_round_trip_asks_the_provider_to_authenticate_again(client, sso):
    sso.person("signer", PASSWORD, email="signer@bank.example")
    sign_in(client, sso, "signer")
    session = client.session
    session["auth_at"] = int(time.time()) - 3600
    session.save()
    again = sign_in(client, sso, "signer", step_up=True)
    assert again.status_code == 302
    assert client.session["auth_method"] == "oidc"
    assert time.time() - client.session["auth_at"] < 120


def test_a_forged_callback_is_refused(client, sso):
    client.get("/oidc/authenticate/")
    answer = client.get("/oidc/callback/", {"code": "made-up", "state": "not-ours"})
    assert answer.status_code in (400, 302)
    assert "_auth_user_id" not in client.session


def test_only_the_coe_writes_claim_rules(db, coe):
    outsider = UserFactory(username="outsider")
    with pytest.raises(Forbidden):
        claim_rule_create(actor=outsider, value="x", role=Role.EXECUTIVE)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"value": "", "role": Role.EXECUTIVE}, "value"),
        ({"value": "x" * 201, "role": Role.EXECUTIVE}, "value"),
        ({"value": "a\x00b", "role": Role.EXECUTIVE}, "value"),
        ({"value": "g", "role": Role.EXECUTIVE, "claim": "c" * 101}, "claim"),
        ({"value": "g", "role": Role.INITIATIVE_OWNER}, "role"),
        ({"value": "g", "role": "superuser"}, "role"),
        ({"value": "g", "role": Role.EXECUTIVE, "business_unit": "retail"}, "business_unit"),
        ({"value": "g", "role": Role.COMPLIANCE_OFFICER, "business_unit": "nowhere"}, "business_unit"),
    ],
)
def test_a_bad_claim_rule_is_refused_with_its_field_and_nothing_is_written(db, coe, units, values, field):
    with pytest.raises(InvalidInput) as refused:
        claim_rule_create(actor=coe, **values)
    assert field in refused.value.fields
    assert not ClaimRoleRule.objects.exists()
    assert not AuditEvent.objects.filter(verb="sso.rule_created").exists()


def test_claim_rules_are_audited_and_a_twin_is_refused(db, coe, units):
    rule = claim_rule_create(
        actor=coe, value=" compliance-retail ", role=Role.COMPLIANCE_OFFICER, business_unit="retail"
    )
    assert (rule.value, rule.business_unit, rule.created_by) == ("compliance-retail", units["retail"], coe)
    with pytest.raises(Refused):
        claim_rule_create(actor=coe, value="compliance-retail", role=Role.COMPLIANCE_OFFICER, business_unit="retail")
    claim_rule_delete(actor=coe, rule_id=rule.pk)
    events = list(AuditEvent.objects.filter(verb__startswith="sso.rule_").order_by("pk"))
    assert [e.verb for e in events] == ["sso.rule_created", "sso.rule_deleted"]
    assert events[0].after == {
        "claim": "groups",
        "value": "compliance-retail",
        "role": "compliance_officer",
        "business_unit": units["retail"].pk,
    }
    assert not ClaimRoleRule.objects.exists()


def test_local_passwords_switched_off_at_every_entrance(client, settings, db):
    settings.LOCAL_LOGIN_ENABLED = False
    UserFactory(username="local", is_staff=True)
    page = client.get("/accounts/login/").content.decode()
    assert 'name="password"' not in page
    assert client.post("/accounts/login/", {"username": "local", "password": "pw-test-2026"}).status_code != 302
    assert "_auth_user_id" not in client.session
    admin = client.post("/admin/login/", {"username": "local", "password": "pw-test-2026"})
    assert admin.status_code != 302
    token = APIClient().post("/api/v1/auth/token/", {"username": "local", "password": "pw-test-2026"}, format="json")
    assert token.status_code == 400
    assert client.get("/accounts/password_reset/").status_code == 404
