"""Outbound webhooks against real receivers on loopback: Standard Webhooks signatures checked with the
``standardwebhooks`` library, each chat platform's card and signature checked as the platform documents it,
backoff and order while a receiver is down, switching off after the retry window, redelivery, secret rotation,
unit scoping and the refusal of private targets."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks import Webhook

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance.models import AuditEvent, DeliveryStatus, Notification, WebhookDelivery, WebhookEndpoint
from governance.services.lifecycle import initiative_hold, initiative_resume
from governance.services.reviews import gate_review_request
from governance.services.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_switch,
    webhook_redeliver,
    webhook_secret_rotate,
    webhooks_deliver,
    webhooks_from_events,
    webhooks_run,
)
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate
from tests.webhook_receivers import Receiver

EVENTS = ["gate_review.requested", "initiative.held", "initiative.resumed"]


@pytest.fixture
def loopback(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_RETRY_SECONDS = 30


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(kind: str, secret: str = "") -> Receiver:
        made.append(Receiver(kind, secret))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


def endpoint(coe, receiver, *, events=EVENTS, **values):
    made, secret = webhook_endpoint_create(
        actor=coe, name=receiver.kind, format=receiver.kind, url=receiver.url, events=events, **values
    )
    if not receiver.secret:
        receiver.secret = secret
    return made


def test_a_gate_review_request_reaches_the_receiver_signed(loopback, receivers, coe, initiative, owner):
    receiver = receivers("standard")
    hook = endpoint(coe, receiver)
    assert receiver.secret.startswith("whsec_")
    review = gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    assert webhooks_run() == 1
    (message,) = receiver.accepted
    # The receiver verified it with the standardwebhooks library; verify once more here, as a receiver would.
    body = Webhook(receiver.secret).verify(message["raw"], message["headers"])
    assert body["type"] == "gate_review.requested"
    assert body["data"]["schema_version"] == 1
    assert body["data"]["initiative"]["key"] == initiative.key
    assert body["data"]["url"].endswith(f"/reviews/{review.pk}/")
    event = AuditEvent.objects.get(verb="gate_review.requested")
    assert message["headers"]["webhook-id"] == f"msg_{event.pk}_{hook.pk}"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == (DeliveryStatus.DELIVERED, 1, 204)
    assert delivery.latency_ms is not None
    # Fed once: a second run sends nothing again.
    assert webhooks_run() == 0
    assert len(receiver.accepted) == 1


@pytest.mark.parametrize("kind", ["teams", "slack", "wecom", "dingtalk", "feishu", "line"])
def test_each_chat_platform_accepts_its_card_in_the_channels_language(
    loopback, receivers, coe, initiative, owner, kind
):
    secret = {"dingtalk": "SEC-ding", "feishu": "feishu-secret", "line": "line-channel-token"}.get(kind, "")
    receiver = receivers(kind, secret)
    extra = {"secret": secret} if secret else {}
    if kind == "line":
        extra["recipient"] = "C1234567890abcdef"
    endpoint(coe, receiver, language="zh-hant", **extra)
    gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    assert webhooks_run() == 1, receiver.refused
    (message,) = receiver.accepted
    text = message["raw"].decode()
    assert initiative.key in text
    assert "已申請關卡審查" in text or "關卡審查" in text  # the card speaks the channel's language
    assert "/reviews/" in text


def test_a_platform_refusing_the_signature_is_a_failure(loopback, receivers, coe, initiative, owner):
    receiver = receivers("dingtalk", "the-right-secret")
    endpoint(coe, receiver, secret="a-wrong-secret")
    gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    assert webhooks_run() == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "310000" in delivery.error
    assert "sign not match" in delivery.response_excerpt


def test_a_receiver_down_for_a_while_gets_every_event_in_order(loopback, receivers, coe, initiative, owner):
    receiver = receivers("standard")
    hook = endpoint(coe, receiver)
    receiver.down = True
    start = timezone.now()
    gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    initiative_hold(actor=coe, initiative=initiative, reason="Budget freeze")
    initiative_resume(actor=coe, initiative=initiative, note="Budget back")
    assert webhooks_run() == 0
    hook.refresh_from_db()
    assert hook.failures == 1
    assert hook.next_attempt_at > timezone.now()
    # Not due yet: nothing is tried, whatever the receiver does.
    assert webhooks_deliver() == 0
    assert WebhookDelivery.objects.filter(attempts__gt=0).count() == 1  # only the oldest was tried
    with time_machine.travel(start + datetime.timedelta(minutes=2)):
        assert webhooks_deliver() == 0
    hook.refresh_from_db()
    assert hook.failures == 2
    receiver.down = False
    with time_machine.travel(start + datetime.timedelta(hours=3)):
        assert webhooks_deliver() == 3
    assert [m["body"]["type"] for m in receiver.accepted] == EVENTS
    hook.refresh_from_db()
    assert (hook.failures, hook.failing_since, hook.enabled) == (0, None, True)


def test_failing_past_the_window_switches_off_tells_the_coe_and_can_be_redelivered(
    loopback, receivers, coe, initiative, owner
):
    receiver = receivers("standard")
    hook = endpoint(coe, receiver)
    receiver.down = True
    start = timezone.now()
    gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    webhooks_run()
    with time_machine.travel(start + datetime.timedelta(hours=25)):
        webhooks_deliver()
    hook.refresh_from_db()
    delivery = WebhookDelivery.objects.get()
    assert (hook.enabled, delivery.status) == (False, DeliveryStatus.FAILED)
    assert "HTTP 503" in hook.disabled_reason
    note = Notification.objects.get(recipient=coe, kind="webhook_disabled")
    assert "standard" in note.subject
    assert AuditEvent.objects.filter(verb="webhook.switched_off").exists()
    # Back up: the CoE switches it on and sends the failed message again.
    receiver.down = False
    webhook_endpoint_switch(actor=coe, endpoint_id=hook.pk, enabled=True)
    webhook_redeliver(actor=coe, delivery_id=delivery.pk)
    assert webhooks_deliver() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert AuditEvent.objects.filter(verb="webhook.redelivered").count() == 1


def test_a_rotated_secret_signs_beside_the_old_one_during_the_overlap(loopback, receivers, coe, initiative, owner):
    receiver = receivers("standard")
    hook = endpoint(coe, receiver)
    old = receiver.secret
    _hook, new = webhook_secret_rotate(actor=coe, endpoint_id=hook.pk)
    assert new.startswith("whsec_")
    assert new != old
    gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    assert webhooks_run() == 1  # the receiver still holds the old secret
    (message,) = receiver.accepted
    Webhook(new).verify(message["raw"], message["headers"])
    assert len(message["headers"]["webhook-signature"].split(" ")) == 2
    assert AuditEvent.objects.filter(verb="webhook.secret_rotated").exists()
    assert new not in str(AuditEvent.objects.filter(verb__startswith="webhook.").values_list("after", flat=True))


def test_an_endpoint_of_one_unit_hears_only_its_initiatives(loopback, receivers, coe, units, owner, initiative):
    receiver = receivers("standard")
    endpoint(coe, receiver, business_unit="insurance", events=["initiative.held"])
    elsewhere = make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Claims triage")
    initiative_hold(actor=coe, initiative=initiative, reason="Retail: not for this endpoint")
    initiative_hold(actor=coe, initiative=elsewhere, reason="Insurance")
    assert webhooks_run() == 1
    assert [m["body"]["data"]["initiative"]["key"] for m in receiver.accepted] == [elsewhere.key]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://user:pw@example.com/hook",
        "ftp://example.com/hook",
    ],
)
def test_private_and_plain_targets_are_refused(db, coe, url):
    with pytest.raises(InvalidInput) as refused:
        webhook_endpoint_create(actor=coe, name="x", format="standard", url=url, events=EVENTS)
    assert "url" in refused.value.fields
    assert not WebhookEndpoint.objects.exists()


def test_bad_input_names_every_field_and_writes_nothing(db, coe, units):
    with pytest.raises(InvalidInput) as refused:
        webhook_endpoint_create(
            actor=coe, name="", format="telegram", url="https://example.com/h", events=["initiative.exploded"]
        )
    assert {"name", "format", "events"} <= set(refused.value.fields)
    with pytest.raises(InvalidInput) as refused:
        webhook_endpoint_create(actor=coe, name="d", format="dingtalk", url="https://example.com/h", events=EVENTS)
    assert "secret" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        webhook_endpoint_create(
            actor=coe, name="l", format="line", events=EVENTS, secret="token", business_unit="nowhere"
        )
    assert {"recipient", "business_unit"} <= set(refused.value.fields)
    assert not WebhookEndpoint.objects.exists()


def test_only_the_coe_manages_webhooks(loopback, receivers, coe, units):
    hook = endpoint(coe, receivers("standard"))
    compliance = UserFactory(username="compliance9")
    grant(compliance, Role.COMPLIANCE_OFFICER)
    for attempt in (
        lambda: webhook_endpoint_create(
            actor=compliance, name="x", format="standard", url="https://e.com", events=EVENTS
        ),
        lambda: webhook_endpoint_switch(actor=compliance, endpoint_id=hook.pk, enabled=False),
        lambda: webhook_secret_rotate(actor=compliance, endpoint_id=hook.pk),
    ):
        with pytest.raises(Forbidden):
            attempt()
    with pytest.raises(NotFound):
        webhook_redeliver(actor=coe, delivery_id=999999)


def test_the_feed_keeps_a_constant_number_of_queries(
    loopback, receivers, coe, units, owner, django_assert_max_num_queries
):
    endpoint(coe, receivers("standard"), events=["initiative.held"])
    for count in (2, 12):
        for _ in range(count):
            item = make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
            initiative_hold(actor=coe, initiative=item, reason="Pause")
        with django_assert_max_num_queries(8):
            assert webhooks_from_events() == count
