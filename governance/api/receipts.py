"""Decision receipts and the deployment check through the API: a pipeline asks whether a model may ship for an
initiative and gets the signed receipt to verify offline against ``/.well-known/genai-tracker-keys.json``."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import KEY, InitiativeView
from core.api.base import Bool, Str, check_key, operation, query
from core.api.endpoints import endpoint
from governance import receipts
from governance.models import DecisionReceipt
from governance.selectors.receipts import deployment_check, receipts_of

TAG = "receipts"


class ReceiptSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = DecisionReceipt
        fields = ["id", "initiative", "phase", "to_phase", "identifiers", "issued_at", "document"]
        read_only_fields = fields


class CheckQuerySerializer(serializers.Serializer):
    initiative = Str(max_length=20, help_text="The initiative's key, e.g. AI-0003.")
    model = Str(max_length=200, help_text="The model the pipeline is about to deploy, as the receipt names it.")


class CheckSerializer(serializers.Serializer):
    allowed = Bool()
    reasons = serializers.ListField(child=Str())
    receipt = serializers.JSONField(allow_null=True, help_text="The signed receipt, to verify offline.")


@operation(TAG, ReceiptSerializer(many=True), (400, 404), parameters=[KEY])
def receipt_list_get(view, request, key):
    """An initiative's decision receipts, newest first: one per approved gate, signed"""
    return view.paginated(receipts_of(user=request.user, initiative=view.initiative()), ReceiptSerializer)


@operation(
    TAG,
    CheckSerializer,
    (400, 404),
    parameters=[
        OpenApiParameter("initiative", str, required=True, description="The initiative's key."),
        OpenApiParameter("model", str, required=True, description="The model about to be deployed."),
    ],
)
def deployment_check_get(view, request):
    """May this model be deployed for this initiative? Allowed only with a verifying receipt of its approved
    production gate that names the model, while the initiative is in production"""
    asked = query(CheckQuerySerializer, request)
    check = deployment_check(user=request.user, key=check_key(asked["initiative"]), model=asked["model"])
    document = check.receipt.document if check.receipt else None
    return Response({"allowed": check.allowed, "reasons": check.reasons, "receipt": document})


ReceiptListView = endpoint(base=InitiativeView, get=receipt_list_get, cursor_ordering=("-issued_at", "-pk"))
DeploymentCheckView = endpoint(get=deployment_check_get)

ROUTES = (
    ("initiatives/<str:key>/receipts/", ReceiptListView, "initiative-receipts"),
    ("deployment-check/", DeploymentCheckView, "deployment-check"),
)


@require_GET
@cache_control(public=True, max_age=300)
def published_keys(request):
    """The public keys that verify decision receipts (a JSON Web Key Set), for anyone."""
    return JsonResponse(receipts.published_keys())
