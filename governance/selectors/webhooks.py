"""What the CoE sees of outbound webhooks: the endpoints and each one's delivery log."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.exceptions import NotFound
from governance import access
from governance.models import WebhookDelivery, WebhookEndpoint
from governance.services.webhooks import COE_ONLY


def webhook_endpoints_list(*, user) -> QuerySet[WebhookEndpoint]:
    access.require_coe(user, COE_ONLY)
    return WebhookEndpoint.objects.select_related("business_unit", "created_by").order_by("name", "pk")


def webhook_endpoint_get(*, user, pk: int) -> WebhookEndpoint:
    endpoint = webhook_endpoints_list(user=user).filter(pk=pk).first()
    if endpoint is None:
        raise NotFound(_("Webhook not found."))
    return endpoint


def webhook_deliveries_list(*, user, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """An endpoint's delivery log, newest first."""
    access.require_coe(user, COE_ONLY)
    return WebhookDelivery.objects.filter(endpoint=endpoint).defer("payload").order_by("-pk")
