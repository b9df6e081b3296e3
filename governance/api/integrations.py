"""The API of the enterprise integrations the CoE manages: single sign-on's claim rules and outbound webhooks
(endpoints, their delivery log, redelivery, secret rotation). Every change is audited by its service."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiWebhook, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from adoption.models import Initiative
from core.api.base import Bool, Int, Str, operation, parse_id, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for
from governance import webhooks
from governance.inputs import ClaimRuleInput, WebhookEndpointInput
from governance.models import ClaimRoleRule, WebhookDelivery, WebhookEndpoint
from governance.selectors.sso import claim_rules_list
from governance.selectors.webhooks import webhook_deliveries_list, webhook_endpoint_get, webhook_endpoints_list
from governance.services import sso
from governance.services import webhooks as services

TAG = "integrations"
RULE_ID = id_param("rule_id", "claim rule")
ENDPOINT_ID = id_param("endpoint_id", "webhook")

# --- Claim rules ------------------------------------------------------------------------------------------------

ClaimRuleRequestSerializer = serializer_for(ClaimRuleInput, name="ClaimRuleRequestSerializer")


def unit_code(help_text: str) -> serializers.Field:
    """A business unit by its code (null: the whole organisation)."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text=help_text)


def shown(name: str, model, names: list[str], **declared) -> type[serializers.ModelSerializer]:
    """A read-only serializer (named ``name`` in the schema) of ``model``'s ``names`` and the fields ``declared``."""
    meta = type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})
    return type(name, (serializers.ModelSerializer,), {"Meta": meta, **declared, "__module__": __name__})


ClaimRuleSerializer = shown(
    "ClaimRuleSerializer",
    ClaimRoleRule,
    ["id", "claim", "value", "role", "business_unit", "created_by", "created_at"],
    business_unit=unit_code("The unit's code; null for the whole organisation."),
    created_by=serializers.SlugRelatedField(slug_field="username", read_only=True),
)


@operation(TAG, ClaimRuleSerializer(many=True), (400, 403))
def claim_rule_list_get(view, request):
    """Single sign-on rules: a claim's value and the role it grants (CoE)"""
    return view.paginated(claim_rules_list(user=request.user), ClaimRuleSerializer)


@operation(
    TAG,
    ClaimRuleSerializer,
    (400, 403, 409),
    code=201,
    request=ClaimRuleRequestSerializer,
    examples=[
        OpenApiExample(
            "Compliance officers of the Retail unit",
            value={
                "claim": "groups",
                "value": "compliance-retail",
                "role": "compliance_officer",
                "business_unit": "retail",
            },
        )
    ],
)
def claim_rule_list_post(view, request):
    """Add a single sign-on rule (CoE; audited; in force at each person's next sign-in)"""
    rule = sso.claim_rule_create(actor=request.user, **validated(ClaimRuleRequestSerializer, request))
    return Response(ClaimRuleSerializer(rule).data, status=201)


@operation(TAG, None, (403, 404), code=204, parameters=[RULE_ID])
def claim_rule_detail_delete(view, request, rule_id):
    """Delete a single sign-on rule (CoE; audited; its roles go at each person's next sign-in)"""
    sso.claim_rule_delete(actor=request.user, rule_id=parse_id(rule_id, what=_("Claim rule")))
    return Response(status=204)


ClaimRuleListView = endpoint(
    get=claim_rule_list_get, post=claim_rule_list_post, cursor_ordering=("claim", "value", "role", "pk")
)
ClaimRuleDetailView = endpoint(delete=claim_rule_detail_delete)

# --- Webhooks ---------------------------------------------------------------------------------------------------

WebhookRequestSerializer = serializer_for(WebhookEndpointInput, name="WebhookRequestSerializer")


WEBHOOK_FIELDS = [
    *("id", "name", "url", "format", "business_unit", "events", "language", "recipient", "enabled"),
    *("disabled_at", "disabled_reason", "failures", "failing_since", "next_attempt_at", "previous_secret_until"),
    "created_at",
]
WebhookSerializer = shown(
    "WebhookSerializer",
    WebhookEndpoint,
    WEBHOOK_FIELDS,
    business_unit=unit_code("The unit's code; null for every unit."),
)


class WebhookSecretSerializer(WebhookSerializer):
    secret = Str(
        read_only=True,
        help_text="Standard Webhooks: the signing secret (whsec_…), shown this once; empty for chat platforms.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WEBHOOK_FIELDS, "secret"]


WebhookDeliverySerializer = shown(
    "WebhookDeliverySerializer",
    WebhookDelivery,
    [
        *("id", "message_id", "event_type", "initiative_key", "status", "attempts", "created_at"),
        *("last_attempt_at", "delivered_at", "status_code", "latency_ms", "response_excerpt", "error"),
    ],
)


class SwitchSerializer(serializers.Serializer):
    enabled = Bool()


class RotateSerializer(serializers.Serializer):
    secret = Str(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Chat platforms: the new secret or token the platform gave; Standard Webhooks: leave out.",
    )


def _with_secret(endpoint_, secret: str, code: int = 200) -> Response:
    return Response({**WebhookSerializer(endpoint_).data, "secret": secret}, status=code)


@operation(TAG, WebhookSerializer(many=True), (400, 403))
def webhook_list_get(view, request):
    """Outbound webhooks (CoE)"""
    return view.paginated(webhook_endpoints_list(user=request.user), WebhookSerializer)


@operation(TAG, WebhookSecretSerializer, (400, 403), code=201, request=WebhookRequestSerializer)
def webhook_list_post(view, request):
    """Add an outbound webhook (CoE; audited): a Standard Webhooks endpoint or a chat platform's card"""
    made, secret = services.webhook_endpoint_create(actor=request.user, **validated(WebhookRequestSerializer, request))
    return _with_secret(made, secret, 201)


def _endpoint_of(request, endpoint_id):
    return webhook_endpoint_get(user=request.user, pk=parse_id(endpoint_id, what=_("Webhook")))


@operation(TAG, WebhookSerializer, (403, 404), parameters=[ENDPOINT_ID])
def webhook_detail_get(view, request, endpoint_id):
    """One outbound webhook (CoE)"""
    return Response(WebhookSerializer(_endpoint_of(request, endpoint_id)).data)


@operation(TAG, WebhookSerializer, (400, 403, 404), parameters=[ENDPOINT_ID], request=SwitchSerializer)
def webhook_detail_patch(view, request, endpoint_id):
    """Switch an outbound webhook on or off (CoE; audited); on again, what waited goes out oldest first"""
    enabled = validated(SwitchSerializer, request)["enabled"]
    pk = _endpoint_of(request, endpoint_id).pk
    return Response(
        WebhookSerializer(services.webhook_endpoint_switch(actor=request.user, endpoint_id=pk, enabled=enabled)).data
    )


@operation(TAG, None, (403, 404), code=204, parameters=[ENDPOINT_ID])
def webhook_detail_delete(view, request, endpoint_id):
    """Delete an outbound webhook and its delivery log (CoE; audited)"""
    services.webhook_endpoint_delete(actor=request.user, endpoint_id=_endpoint_of(request, endpoint_id).pk)
    return Response(status=204)


@operation(TAG, WebhookSecretSerializer, (400, 403, 404), parameters=[ENDPOINT_ID], request=RotateSerializer)
def webhook_rotate_post(view, request, endpoint_id):
    """Rotate a webhook's secret (CoE; audited); a Standard Webhooks endpoint signs with both during the overlap"""
    secret = validated(RotateSerializer, request).get("secret", "")
    pk = _endpoint_of(request, endpoint_id).pk
    return _with_secret(*services.webhook_secret_rotate(actor=request.user, endpoint_id=pk, secret=secret))


@operation(TAG, WebhookDeliverySerializer(many=True), (400, 403, 404), parameters=[ENDPOINT_ID])
def webhook_delivery_list_get(view, request, endpoint_id):
    """A webhook's delivery log, newest first: status, attempts, latency, the receiver's answer (CoE)"""
    deliveries = webhook_deliveries_list(user=request.user, endpoint=_endpoint_of(request, endpoint_id))
    return view.paginated(deliveries, WebhookDeliverySerializer)


@operation(
    TAG, WebhookDeliverySerializer, (403, 404), parameters=[id_param("delivery_id", "webhook delivery")], request=None
)
def webhook_redeliver_post(view, request, delivery_id):
    """Send a delivery again (CoE; audited); it waits its turn behind the endpoint's older messages"""
    pk = parse_id(delivery_id, what=_("Delivery"))
    return Response(WebhookDeliverySerializer(services.webhook_redeliver(actor=request.user, delivery_id=pk)).data)


WebhookListView = endpoint(get=webhook_list_get, post=webhook_list_post, cursor_ordering=("name", "pk"))
WebhookDetailView = endpoint(get=webhook_detail_get, patch=webhook_detail_patch, delete=webhook_detail_delete)
WebhookRotateView = endpoint(post=webhook_rotate_post)
WebhookDeliveryListView = endpoint(get=webhook_delivery_list_get, cursor_ordering=("-pk",))
WebhookRedeliverView = endpoint(post=webhook_redeliver_post)

ROUTES = (
    ("security/claim-rules/", ClaimRuleListView, "claim-rule-list"),
    ("security/claim-rules/<str:rule_id>/", ClaimRuleDetailView, "claim-rule-detail"),
    ("webhooks/", WebhookListView, "webhook-list"),
    ("webhooks/<str:endpoint_id>/", WebhookDetailView, "webhook-detail"),
    ("webhooks/<str:endpoint_id>/rotate-secret/", WebhookRotateView, "webhook-rotate"),
    ("webhooks/<str:endpoint_id>/deliveries/", WebhookDeliveryListView, "webhook-delivery-list"),
    ("webhook-deliveries/<str:delivery_id>/redeliver/", WebhookRedeliverView, "webhook-redeliver"),
)

# --- The message, as the API documents it (OpenAPI webhooks) ----------------------------------------------------


WebhookInitiativeSerializer = shown(
    "WebhookInitiativeSerializer",
    Initiative,
    ["key", "title", "phase", "status", "risk_tier", "business_unit"],
    business_unit=unit_code("The unit's code."),
)


class WebhookDataSerializer(serializers.Serializer):
    schema_version = Int(help_text=f"{webhooks.SCHEMA_VERSION} for this shape; a breaking change gets a new number.")
    event_id = Int(help_text="The audit event's id.")
    actor = Str(help_text="Who did it (a display name).")
    target = serializers.DictField(child=Str(), help_text="The object the event is about: type and id.")
    initiative = WebhookInitiativeSerializer(allow_null=True)
    url = Str(help_text="The page that shows it.")
    before = serializers.DictField(help_text="The audit event's values before the change.")
    after = serializers.DictField(help_text="The audit event's values after the change.")


class WebhookMessageSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(webhooks.EVENTS), help_text="The event's type (an audit verb).")
    timestamp = serializers.DateTimeField(help_text="When the event happened.")
    data = WebhookDataSerializer()


MESSAGE = OpenApiWebhook(
    name="TrackerEvent",
    decorator=extend_schema(
        summary="An event of a subscribed type (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)",
        description=(
            "Sent to a Standard Webhooks endpoint as JSON, signed per the Standard Webhooks specification: verify "
            "it with the endpoint's secret (e.g. the standardwebhooks library). Chat platforms receive a card "
            "built from the same message instead."
        ),
        tags=[TAG],
        request=WebhookMessageSerializer,
        responses={200: None},
    ),
)
