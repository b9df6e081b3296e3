"""The CoE's integrations page: claim rules and webhooks added, switched, rotated and deleted through the page, the
delivery log with its "send again", a new secret shown once, and nobody else let in."""

import pytest
from django.urls import reverse

from governance.models import AuditEvent, ClaimRoleRule, WebhookDelivery, WebhookEndpoint
from governance.services.lifecycle import initiative_hold
from governance.services.webhooks import webhooks_run
from tests.webhook_receivers import Receiver

PAGE = reverse("governance:integrations")


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    made = Receiver("standard")
    yield made
    made.close()


def test_the_coe_adds_and_deletes_a_claim_rule_on_the_page(as_user, cast, units):
    client = as_user(cast["coe"])
    page = client.get(PAGE).content.decode()
    assert "Single sign-on rules" in page
    assert 'name="rule-value"' in page
    added = client.post(
        reverse("governance:claim_rule_create"),
        {
            "rule-claim": "groups",
            "rule-value": "compliance-retail",
            "rule-role": "compliance_officer",
            "rule-business_unit": "retail",
        },
        follow=True,
    )
    assert "The rule was added" in added.content.decode()
    assert "compliance-retail" in added.content.decode()
    rule = ClaimRoleRule.objects.get()
    refused = client.post(
        reverse("governance:claim_rule_create"),
        {"rule-claim": "groups", "rule-value": "x", "rule-role": "executive", "rule-business_unit": "nowhere"},
    )
    assert refused.status_code == 400
    assert "No business unit has this code." in refused.content.decode()
    client.post(reverse("governance:claim_rule_delete", args=[rule.pk]))
    assert not ClaimRoleRule.objects.exists()


def test_a_webhook_from_the_page_secret_shown_once_and_its_log(as_user, cast, initiative, receiver):
    client = as_user(cast["coe"])
    added = client.post(
        reverse("governance:webhook_create"),
        {
            "hook-name": "SIEM",
            "hook-format": "standard",
            "hook-url": receiver.url,
            "hook-events": ["initiative.held"],
            "hook-language": "zh-hant",
        },
        follow=True,
    )
    page = added.content.decode()
    hook = WebhookEndpoint.objects.get()
    assert hook.secret in page  # shown this once …
    assert hook.secret not in client.get(PAGE).content.decode()  # … and never again
    receiver.secret = hook.secret
    initiative_hold(actor=cast["coe"], initiative=initiative, reason="Budget freeze")
    assert webhooks_run() == 1
    log = client.get(reverse("governance:webhook_log", args=[hook.pk])).content.decode()
    assert "initiative.held" in log
    assert "Delivered" in log
    delivery = WebhookDelivery.objects.get()
    client.post(reverse("governance:webhook_redeliver", args=[delivery.pk]))
    assert webhooks_run() == 1
    assert len(receiver.accepted) == 2
    client.post(reverse("governance:webhook_switch", args=[hook.pk]))  # off
    hook.refresh_from_db()
    assert not hook.enabled
    client.post(reverse("governance:webhook_switch", args=[hook.pk]), {"enabled": "on"})
    hook.refresh_from_db()
    assert hook.enabled
    rotated = client.post(reverse("governance:webhook_rotate", args=[hook.pk]), follow=True).content.decode()
    hook.refresh_from_db()
    assert hook.secret in rotated
    assert hook.previous_secret == receiver.secret
    client.post(reverse("governance:webhook_delete", args=[hook.pk]))
    assert not WebhookEndpoint.objects.exists()
    verbs = set(AuditEvent.objects.filter(verb__startswith="webhook.").values_list("verb", flat=True))
    assert verbs == {
        "webhook.created",
        "webhook.redelivered",
        "webhook.disabled",
        "webhook.enabled",
        "webhook.secret_rotated",
        "webhook.deleted",
    }


def test_a_private_target_is_refused_on_the_page(as_user, cast):
    answer = as_user(cast["coe"]).post(
        reverse("governance:webhook_create"),
        {
            "hook-name": "x",
            "hook-format": "standard",
            "hook-url": "https://169.254.169.254/",
            "hook-events": ["initiative.held"],
        },
    )
    assert answer.status_code == 400
    assert "webhooks go to public receivers only" in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("who", ["officer", "executive", "auditor", "owner"])
def test_nobody_but_the_coe_gets_in(as_user, cast, who):
    client = as_user(cast[who])
    assert client.get(PAGE).status_code == 403
    hook = {
        "hook-name": "x",
        "hook-format": "standard",
        "hook-url": "https://example.com/",
        "hook-events": ["initiative.held"],
    }
    assert client.post(reverse("governance:webhook_create"), hook).status_code == 403
    rule = {"rule-value": "ai-coe", "rule-role": "coe_admin"}
    assert client.post(reverse("governance:claim_rule_create"), rule).status_code == 403
    assert client.get(reverse("governance:webhook_log", args=[1])).status_code == 403
    assert not WebhookEndpoint.objects.exists()
    assert not ClaimRoleRule.objects.exists()
    assert "Integrations" not in client.get(reverse("governance:roles")).content.decode()


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_page_speaks_chinese(as_user, cast, language):
    client = as_user(cast["coe"])
    client.post(reverse("governance:language"), {"language": language})
    page = client.get(PAGE, headers={"accept-language": language}).content.decode()
    assert ("單一登入" if language == "zh-hant" else "单点登录") in page
