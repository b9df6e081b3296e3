"""Outbound webhooks: endpoints the CoE configures (per business unit and event type), and one delivery per event
and endpoint, retried with backoff and logged. Events come from the audit trail (the outbox), like notifications.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import BusinessUnit
from adoption.models.fields import person_field

from .audit import AuditEvent
from .reminders import EventMark


class EndpointFormat(models.TextChoices):
    """What the receiver expects: a signed Standard Webhooks JSON message, or a chat platform's card."""

    STANDARD = "standard", _("Standard Webhooks (signed JSON)")
    TEAMS = "teams", _("Microsoft Teams (Adaptive Card through a workflow)")
    SLACK = "slack", _("Slack (Block Kit)")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk custom robot (signed)")
    FEISHU = "feishu", _("Feishu / Lark custom bot (signed)")
    LINE = "line", _("LINE Messaging API")


class WebhookEndpoint(models.Model):
    """Where events of some types, about initiatives of one unit (and its sub-units) or of all, are sent."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=500)
    format = models.CharField(_("format"), max_length=20, choices=EndpointFormat.choices)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("business unit")
    )
    events = ArrayField(models.CharField(max_length=60), verbose_name=_("events"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    # Standard Webhooks: the signing secret (whsec_…); DingTalk and Feishu: the robot's signing secret; LINE: the
    # channel access token. The previous one keeps signing too until ``previous_secret_until`` (rotation overlap).
    secret = models.CharField(max_length=300, blank=True)
    previous_secret = models.CharField(max_length=300, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    # LINE: the user, group or room the messages are pushed to.
    recipient = models.CharField(_("recipient"), max_length=100, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    # Delivery state: the endpoint backs off as a whole, so its messages arrive in the order of the events.
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # One sender at a time per endpoint (the order of its messages): a worker holds it until this moment.
    sending_until = models.DateTimeField(null=True, blank=True)
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return f"{self.name} ({self.format})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint: its message (id, body as first built) and how its attempts went."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="+")
    event_type = models.CharField(max_length=60)
    initiative_key = models.CharField(max_length=20, blank=True)
    # The ``webhook-id`` header: the same on every attempt, so a receiver can drop a message it already has.
    message_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once")]
        indexes = [
            models.Index(
                fields=["endpoint", "id"],
                condition=models.Q(status="pending"),
                name="webhook_delivery_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.endpoint_id} ({self.status})"


class WebhookFeedMark(EventMark):
    """An audit event the webhook feed has turned into deliveries."""

    deliveries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("audit event sent to webhooks")
        verbose_name_plural = _("audit events sent to webhooks")
