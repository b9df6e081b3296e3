"""The CoE's integrations through the API: single sign-on claim rules and outbound webhooks, each request an
attacker might try beside the CoE's own."""

import pytest
from rest_framework.test import APIClient

from governance.models import AuditEvent, ClaimRoleRule, WebhookDelivery, WebhookEndpoint
from governance.services.lifecycle import initiative_hold
from governance.services.webhooks import webhooks_run
from tests.webhook_receivers import Receiver

RULES = "/api/v1/security/claim-rules/"
HOOKS = "/api/v1/webhooks/"


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    made = Receiver("standard")
    yield made
    made.close()


def test_the_coe_adds_lists_and_deletes_claim_rules(api, people, units):
    client = api(people["coe"])
    made = client.post(
        RULES, {"value": "compliance-retail", "role": "compliance_officer", "business_unit": "retail"}, format="json"
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["claim"], body["business_unit"], body["created_by"]) == ("groups", "retail", "coe")
    assert [r["value"] for r in client.get(RULES).json()["results"]] == ["compliance-retail"]
    assert (
        client.post(
            RULES,
            {"value": "compliance-retail", "role": "compliance_officer", "business_unit": "retail"},
            format="json",
        ).status_code
        == 409
    )
    assert client.delete(f"{RULES}{body['id']}/").status_code == 204
    assert not ClaimRoleRule.objects.exists()
    assert client.delete(f"{RULES}{body['id']}/").status_code == 404
    assert client.delete(f"{RULES}not-an-id/").status_code == 404
    verbs = list(AuditEvent.objects.filter(verb__startswith="sso.rule_").values_list("verb", flat=True))
    assert verbs == ["sso.rule_created", "sso.rule_deleted"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "", "role": "executive"}, "value"),
        ({"value": "g", "role": "initiative_owner"}, "role"),
        ({"value": "g", "role": "executive", "business_unit": "retail"}, "business_unit"),
        ({"value": "g", "role": "executive", "claim": "x" * 101}, "claim"),
        ({"value": 12, "role": "executive"}, "value"),
    ],
)
def test_bad_claim_rules_are_refused_with_their_field(api, people, units, body, field):
    answer = api(people["coe"]).post(RULES, body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()["fields"]
    assert not ClaimRoleRule.objects.exists()


@pytest.mark.parametrize("who", ["compliance", "executive", "auditor", "owner", "nobody"])
def test_only_the_coe_reads_or_writes_integrations(api, people, units, who):
    client = api(people[who])
    assert client.get(RULES).status_code == 403
    assert client.post(RULES, {"value": "ai-coe", "role": "coe_admin"}, format="json").status_code == 403
    assert client.get(HOOKS).status_code == 403
    hook = {"name": "x", "format": "standard", "url": "https://example.com/h", "events": ["initiative.held"]}
    assert client.post(HOOKS, hook, format="json").status_code == 403
    assert not ClaimRoleRule.objects.exists()
    assert not WebhookEndpoint.objects.exists()


def test_anonymous_is_asked_to_sign_in(db):
    assert APIClient().get(RULES).status_code == 401
    assert APIClient().post(HOOKS, {}, format="json").status_code == 401


def test_a_webhook_through_the_api_from_creation_to_redelivery(api, people, initiative, receiver):
    client = api(people["coe"])
    made = client.post(
        HOOKS,
        {"name": "SIEM", "format": "standard", "url": receiver.url, "events": ["initiative.held"]},
        format="json",
    )
    assert made.status_code == 201, made.content
    hook = made.json()
    assert hook["secret"].startswith("whsec_")
    receiver.secret = hook["secret"]
    # The secret is shown once: never in a read.
    assert "secret" not in client.get(f"{HOOKS}{hook['id']}/").json()
    assert hook["secret"] not in client.get(HOOKS).content.decode()
    initiative_hold(actor=people["coe"], initiative=initiative, reason="Budget freeze")
    assert webhooks_run() == 1
    log = client.get(f"{HOOKS}{hook['id']}/deliveries/").json()["results"]
    assert [(d["event_type"], d["status"], d["status_code"]) for d in log] == [("initiative.held", "delivered", 204)]
    again = client.post(f"/api/v1/webhook-deliveries/{log[0]['id']}/redeliver/")
    assert again.status_code == 200
    assert again.json()["status"] == "pending"
    assert webhooks_run() == 1
    assert len(receiver.accepted) == 2
    assert receiver.accepted[0]["headers"]["webhook-id"] == receiver.accepted[1]["headers"]["webhook-id"]
    off = client.patch(f"{HOOKS}{hook['id']}/", {"enabled": False}, format="json")
    assert off.json()["enabled"] is False
    rotated = client.post(f"{HOOKS}{hook['id']}/rotate-secret/", {}, format="json").json()
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != hook["secret"]
    assert rotated["previous_secret_until"]
    assert client.delete(f"{HOOKS}{hook['id']}/").status_code == 204
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "format": "standard", "url": "https://127.0.0.1/h", "events": ["initiative.held"]}, "url"),
        ({"name": "x", "format": "standard", "url": "http://example.com/h", "events": ["initiative.held"]}, "url"),
        ({"name": "x", "format": "standard", "url": "https://example.com/h", "events": ["nope"]}, "events"),
        ({"name": "x", "format": "fax", "url": "https://example.com/h", "events": ["initiative.held"]}, "format"),
        ({"name": "x", "format": "dingtalk", "url": "https://example.com/h", "events": ["initiative.held"]}, "secret"),
        ({"name": "x", "format": "line", "events": ["initiative.held"], "secret": "t"}, "recipient"),
        ({"name": "x" * 101, "format": "slack", "url": "https://example.com/h", "events": ["initiative.held"]}, "name"),
    ],
)
def test_bad_webhooks_are_refused_with_their_field(api, people, body, field):
    answer = api(people["coe"]).post(HOOKS, body, format="json")
    assert answer.status_code == 400, answer.content
    assert any(name.split(".")[0] == field for name in answer.json()["fields"])
    assert not WebhookEndpoint.objects.exists()


def test_the_schema_documents_the_webhook_message(db):
    schema = APIClient().get("/api/schema/?format=json").json()
    message = schema["webhooks"]["TrackerEvent"]["post"]
    assert "webhook-signature" in message["summary"]
    assert "/api/v1/webhooks/{endpoint_id}/deliveries/" in schema["paths"]
