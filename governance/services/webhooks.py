"""Outbound webhooks: the CoE's endpoints, the feed from the audit trail, sending with backoff, and the log.

The audit trail is the outbox here too: ``webhooks_from_events`` turns each new event of a subscribed type into
one delivery per matching endpoint (in the transaction that marks the event fed, so none is lost or doubled), and
``webhooks_deliver`` sends each endpoint's waiting deliveries oldest first, one sender per endpoint at a time. A
failure backs the whole endpoint off (the next message waits for the one before it, so a receiver sees the events
in order), doubling the wait from WEBHOOK_RETRY_SECONDS up to an hour; a message still failing after
WEBHOOK_RETRY_HOURS is given up, the endpoint switched off and the CoE told.
"""

from __future__ import annotations

import datetime
import time

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.choices import Role
from adoption.models import BusinessUnit
from core.db import lock_one
from core.exceptions import InvalidInput
from governance import access, inputs, webhooks
from governance.audit import audit_record, snapshot
from governance.choices import NotificationKind
from governance.models import (
    AuditEvent,
    DeliveryStatus,
    EndpointFormat,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookFeedMark,
)
from governance.recipients import global_holders
from governance.services.delivery import Draft, notifications_create

COE_ONLY = gettext_lazy("Only the CoE manages webhooks.")
# Events older than this when an endpoint first sees them are not sent (news a week old is history).
EVENT_HORIZON = datetime.timedelta(days=7)
FEED_BATCH = 500
SEND_BATCH = 50
MAX_BACKOFF = datetime.timedelta(hours=1)
EXCERPT = 500
# What the audit trail records of an endpoint (never its secret).
AUDITED = ["name", "url", "format", "business_unit", "events", "language", "recipient", "enabled"]


# --- The CoE's endpoints ----------------------------------------------------------------------------------------


def _endpoint(pk) -> WebhookEndpoint:
    return lock_one(WebhookEndpoint.objects.filter(pk=pk), _("Webhook not found."))


def webhook_endpoint_create(
    *,
    actor,
    name: str,
    format: str,
    events: list[str] | None = None,
    url: str = "",
    business_unit: str = "",
    language: str = "en",
    recipient: str = "",
    secret: str = "",
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint (CoE). Returns it and, for Standard Webhooks, its signing secret, shown this once; a chat
    platform's own secret or token (DingTalk, Feishu, LINE) is given instead."""
    access.require_coe(actor, COE_ONLY)
    data = inputs.WebhookEndpointInput.clean_arguments(locals())
    kind = data["format"]
    data["url"] = data["url"] or webhooks.DEFAULT_URLS.get(kind, "")
    errors: dict[str, list[str]] = {}
    refusal = webhooks.target_refusal(data["url"]) if data["url"] else _("Give the receiver's address.")
    if refusal:
        errors["url"] = [refusal]
    unit = None
    if data["business_unit"]:
        unit = BusinessUnit.objects.filter(code=data["business_unit"]).first()
        if unit is None:
            errors["business_unit"] = [_("No business unit has this code.")]
    if kind in webhooks.PLATFORM_SECRET and not data["secret"]:
        errors["secret"] = [_("Paste the secret or access token the platform gave.")]
    if kind == EndpointFormat.LINE and not data["recipient"]:
        errors["recipient"] = [_("Give the LINE user, group or room to push to.")]
    if errors:
        raise InvalidInput(inputs.WebhookEndpointInput.refused, fields=errors)
    given = data["secret"] if kind in webhooks.PLATFORM_SECRET else webhooks.new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            name=data["name"],
            url=data["url"],
            format=kind,
            business_unit=unit,
            events=sorted(data["events"]),
            language=data["language"] or "en",
            recipient=data["recipient"],
            secret=given,
            created_by=actor,
        )
        audit_record(actor=actor, verb="webhook.created", target=endpoint, after=snapshot(endpoint, AUDITED))
    return endpoint, ("" if kind in webhooks.PLATFORM_SECRET else given)


def webhook_endpoint_switch(*, actor, endpoint_id: int, enabled: bool) -> WebhookEndpoint:
    """Switch an endpoint on or off (CoE). Switched on again, it sends what waited, oldest first, at once."""
    access.require_coe(actor, COE_ONLY)
    with transaction.atomic():
        endpoint = _endpoint(endpoint_id)
        if endpoint.enabled == enabled:
            return endpoint
        endpoint.enabled = enabled
        endpoint.disabled_at = None if enabled else timezone.now()
        endpoint.disabled_reason = "" if enabled else "by the CoE"
        endpoint.failures, endpoint.failing_since, endpoint.next_attempt_at = 0, None, None
        endpoint.save()
        audit_record(actor=actor, verb="webhook.enabled" if enabled else "webhook.disabled", target=endpoint, after={})
    return endpoint


def webhook_secret_rotate(*, actor, endpoint_id: int, secret: str = "") -> tuple[WebhookEndpoint, str]:
    """A new secret (CoE). Standard Webhooks: a new signing secret, returned this once; messages carry both
    signatures for WEBHOOK_ROTATION_OVERLAP_HOURS so the receiver can switch without losing one. A chat platform:
    the new secret or token it gave (``secret``), in force at once."""
    access.require_coe(actor, COE_ONLY)
    with transaction.atomic():
        endpoint = _endpoint(endpoint_id)
        platform = endpoint.format in webhooks.PLATFORM_SECRET
        secret = inputs.WebhookEndpointInput.base_fields["secret"].clean(secret)
        if platform and not secret:
            fields = {"secret": [_("Paste the secret or access token the platform gave.")]}
            raise InvalidInput(_("The secret was not changed."), fields=fields)
        overlap = datetime.timedelta(hours=settings.WEBHOOK_ROTATION_OVERLAP_HOURS)
        endpoint.previous_secret = "" if platform else endpoint.secret
        endpoint.previous_secret_until = None if platform else timezone.now() + overlap
        endpoint.secret = secret if platform else webhooks.new_secret()
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        after = {"overlap_until": endpoint.previous_secret_until}
        audit_record(actor=actor, verb="webhook.secret_rotated", target=endpoint, after=after)
    return endpoint, ("" if platform else endpoint.secret)


def webhook_endpoint_delete(*, actor, endpoint_id: int) -> None:
    """Delete an endpoint and its delivery log (CoE)."""
    access.require_coe(actor, COE_ONLY)
    with transaction.atomic():
        endpoint = _endpoint(endpoint_id)
        audit_record(actor=actor, verb="webhook.deleted", target=endpoint, before=snapshot(endpoint, AUDITED))
        endpoint.delete()


def webhook_redeliver(*, actor, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again (CoE): it waits its turn among the endpoint's messages, by the order of the events."""
    access.require_coe(actor, COE_ONLY)
    with transaction.atomic():
        delivery = lock_one(WebhookDelivery.objects.filter(pk=delivery_id), _("Delivery not found."))
        delivery.status = DeliveryStatus.PENDING
        delivery.error = ""
        delivery.save(update_fields=["status", "error"])
        after = {"message_id": delivery.message_id, "event": delivery.event_id}
        audit_record(actor=actor, verb="webhook.redelivered", target=delivery.endpoint, after=after)
    return delivery


# --- The feed ---------------------------------------------------------------------------------------------------


def _matches(endpoint: WebhookEndpoint, event: AuditEvent) -> bool:
    if event.verb not in endpoint.events or event.at < endpoint.created_at:
        return False
    if endpoint.business_unit_id is None:
        return True
    initiative = event.initiative
    return initiative is not None and initiative.business_unit.path.startswith(endpoint.business_unit.path)


def webhooks_from_events(*, now: datetime.datetime | None = None, batch_size: int = FEED_BATCH) -> int:
    """Turn the audit events no endpoint has seen into deliveries; returns how many were created. Each batch is
    one transaction with a constant number of queries; events another worker holds are skipped."""
    now = now or timezone.now()
    endpoints = list(WebhookEndpoint.objects.filter(enabled=True).select_related("business_unit"))
    if not endpoints:
        return 0
    since = max(min(now, timezone.now()) - EVENT_HORIZON, min(e.created_at for e in endpoints))
    unseen = AuditEvent.objects.filter(verb__in=list(webhooks.EVENTS), at__gte=since).filter(
        ~Exists(WebhookFeedMark.objects.filter(event_id=OuterRef("pk")))
    )
    created = 0
    while True:
        with transaction.atomic():
            events = list(
                unseen.select_related("actor", "initiative__business_unit")
                .select_for_update(skip_locked=True, no_key=True, of=("self",))
                .order_by("pk")[:batch_size]
            )
            if not events:
                return created
            deliveries, marks = [], []
            for event in events:
                targets = [endpoint for endpoint in endpoints if _matches(endpoint, event)]
                payload = webhooks.message(event) if targets else None
                deliveries += [
                    WebhookDelivery(
                        endpoint=endpoint,
                        event=event,
                        event_type=event.verb,
                        initiative_key=event.initiative.key if event.initiative_id else "",
                        message_id=f"msg_{event.pk}_{endpoint.pk}",
                        payload=payload,
                        created_at=now,
                    )
                    for endpoint in targets
                ]
                marks.append(WebhookFeedMark(event=event, handled_at=now, deliveries=len(targets)))
            created += len(WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True))
            WebhookFeedMark.objects.bulk_create(marks, ignore_conflicts=True)
        if len(events) < batch_size:
            return created


# --- Sending ----------------------------------------------------------------------------------------------------


def webhooks_deliver(*, now: datetime.datetime | None = None) -> int:
    """Send what each endpoint has waiting and is due to try; returns how many messages were delivered."""
    now = now or timezone.now()
    waiting = WebhookDelivery.objects.filter(endpoint=OuterRef("pk"), status=DeliveryStatus.PENDING)
    due = (
        WebhookEndpoint.objects.filter(enabled=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Exists(waiting))
        .values_list("pk", flat=True)
    )
    return sum(_drain(pk) for pk in due)


def _claim(pk: int, *, renew: bool = False) -> bool:
    """Hold the endpoint for this worker for one message's time (one sender per endpoint keeps the order); a held
    endpoint whose worker died is free again once its time is up."""
    now = timezone.now()
    until = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 30)
    free = Q() if renew else Q(sending_until__isnull=True) | Q(sending_until__lt=now)
    return bool(WebhookEndpoint.objects.filter(free, pk=pk, enabled=True).update(sending_until=until))


def _drain(pk: int) -> int:
    """Send an endpoint's waiting messages, oldest first, until one fails or none is left (a batch at most)."""
    if not _claim(pk):
        return 0  # another worker is sending to it
    delivered = 0
    try:
        for _message in range(SEND_BATCH):
            endpoint = WebhookEndpoint.objects.get(pk=pk)
            delivery = endpoint.deliveries.filter(status=DeliveryStatus.PENDING).order_by("pk").first()
            if delivery is None or not endpoint.enabled or not _attempt(endpoint, delivery):
                return delivered
            delivered += 1
            _claim(pk, renew=True)
        return delivered
    finally:
        WebhookEndpoint.objects.filter(pk=pk).update(sending_until=None)


def _send(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """One HTTP attempt: (status, response excerpt, why it failed or "")."""
    out = webhooks.outgoing(endpoint, delivery.payload, delivery.message_id, timezone.now())
    refusal = webhooks.target_refusal(out.url)
    if refusal:
        return None, "", refusal[:300]
    try:
        with requests.post(
            out.url,
            data=out.body,
            headers=out.headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            body = response.raw.read(64 * 1024, decode_content=True) or b""
    except requests.RequestException as error:
        return None, "", f"{type(error).__name__}: {error}"[:300]
    excerpt = body.decode("utf-8", "replace")[:EXCERPT]
    return response.status_code, excerpt, webhooks.accepted(endpoint, response.status_code, body) or ""


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> bool:
    started = time.monotonic()
    status, excerpt, problem = _send(endpoint, delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.status_code = status
    delivery.latency_ms = webhooks.monotonic_ms(started)
    delivery.response_excerpt = excerpt
    delivery.error = problem
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if not problem:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
            endpoint.failures, endpoint.failing_since, endpoint.next_attempt_at = 0, None, None
        else:
            endpoint.failures += 1
            endpoint.failing_since = endpoint.failing_since or now
            wait = datetime.timedelta(seconds=settings.WEBHOOK_RETRY_SECONDS * 2 ** min(endpoint.failures - 1, 16))
            endpoint.next_attempt_at = now + min(wait, MAX_BACKOFF)
            if now - delivery.created_at >= datetime.timedelta(hours=settings.WEBHOOK_RETRY_HOURS):
                delivery.status = DeliveryStatus.FAILED
                _switch_off(endpoint, now, problem)
        delivery.save()
        endpoint.save(
            update_fields=["failures", "failing_since", "next_attempt_at", "enabled", "disabled_at", "disabled_reason"]
        )
    return not problem


def _switch_off(endpoint: WebhookEndpoint, now: datetime.datetime, problem: str) -> None:
    """An endpoint failing past the retry window: off, audited, and the CoE told."""
    endpoint.enabled = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = problem
    # A moment as ISO text: each reader sees it in their own zone and date style (governance.messages).
    since = endpoint.failing_since.isoformat()
    audit_record(actor=None, verb="webhook.switched_off", target=endpoint, after={"reason": problem, "since": since})
    context = {"name": endpoint.name, "reason": problem, "since": since}
    notifications_create(
        Draft(
            recipient_id=user_id,
            kind=NotificationKind.WEBHOOK_DISABLED,
            dedupe_key=f"webhook_disabled:{endpoint.pk}:{now.isoformat()}:u{user_id}",
            context=context,
            url="/integrations/",
            target_type="webhook",
            target_id=str(endpoint.pk),
        )
        for user_id in global_holders(Role.COE_ADMIN)
    )


def webhooks_run(*, now: datetime.datetime | None = None) -> int:
    """The beat task's work: feed the new events, then send what is due; returns the messages delivered."""
    webhooks_from_events(now=now)
    return webhooks_deliver(now=now)
