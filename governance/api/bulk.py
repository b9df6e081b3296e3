"""``POST /api/v1/initiatives/bulk/``: one action on a selection of initiatives, each through its own service and
rules (``governance.services.bulk``); the answer says, per initiative, done or refused and why."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.response import Response

from core.api.base import Bool, Str, operation, validated
from core.api.endpoints import endpoint
from governance.services.bulk import MAX_SELECTION, BulkAction, initiatives_bulk


class BulkRequestSerializer(serializers.Serializer):
    keys = serializers.ListField(
        child=Str(max_length=20), min_length=1, max_length=MAX_SELECTION, help_text="The initiatives' keys."
    )
    action = serializers.ChoiceField(choices=BulkAction.choices)
    owner = Str(max_length=150, required=False, help_text="reassign_owner: the new owner's login name.")
    reason = Str(max_length=5000, required=False, help_text="hold: why.")
    tag = Str(max_length=40, required=False, help_text="tag, untag: the tag's code.")


class BulkOutcomeSerializer(serializers.Serializer):
    key = Str()
    done = Bool()
    detail = Str(help_text="Why it was refused (empty when done).")
    reasons = serializers.ListField(child=Str())


class BulkAnswerSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = BulkOutcomeSerializer(many=True)


@operation(
    "initiatives",
    BulkAnswerSerializer,
    (400,),
    request=BulkRequestSerializer,
    examples=[
        OpenApiExample(
            "Put two on hold", value={"keys": ["AI-0001", "AI-0002"], "action": "hold", "reason": "Budget freeze."}
        )
    ],
)
def initiative_bulk_post(view, request):
    """One action on many initiatives (reassign the owner, hold, tag, untag): each through its own rules and
    audited; the refused ones are reported with their reasons, the rest applied"""
    outcomes = initiatives_bulk(actor=request.user, **validated(BulkRequestSerializer, request))
    done = sum(1 for outcome in outcomes if outcome.done)
    return Response(
        {"done": done, "refused": len(outcomes) - done, "results": [outcome.as_dict() for outcome in outcomes]}
    )


InitiativeBulkView = endpoint(post=initiative_bulk_post)
