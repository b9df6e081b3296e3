"""The API of delegations of signing: one's own (given or received), all of them for the CoE; create one of
one's own signing roles; revoke (the delegator or the CoE)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from core.api.base import Str, operation, parse_id, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for
from governance.choices import Scope
from governance.inputs import DelegationInput
from governance.selectors.delegations import delegation_get, delegations_visible
from governance.services import delegations

TAG = "delegations"
DELEGATION_ID = id_param("delegation_id", "delegation")

DelegationRequestSerializer = serializer_for(DelegationInput, name="DelegationRequestSerializer")


class DelegationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    delegator = Str(source="delegator.username", read_only=True, help_text="Whose role is lent (login name).")
    delegate = Str(source="delegate.username", read_only=True, help_text="Who signs on their behalf (login name).")
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    role = Str(read_only=True)
    scope = serializers.ChoiceField(choices=Scope.choices, read_only=True)
    scope_label = Str(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True, help_text="The last day it counts (included).")
    reason = Str(read_only=True)
    state = Str(read_only=True, help_text="in_force, upcoming, ended or revoked (today).")
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


@operation(TAG, DelegationSerializer(many=True), (400,))
def delegation_list_get(view, request):
    """Delegations of signing you gave or received (the CoE: all), newest first"""
    return view.paginated(delegations_visible(user=request.user), DelegationSerializer)


@operation(
    TAG,
    DelegationSerializer,
    (400, 403, 404, 409),
    code=201,
    request=DelegationRequestSerializer,
    examples=[
        OpenApiExample(
            "Leave cover for two weeks",
            value={
                "assignment": 12,
                "delegate": "dana",
                "starts_on": "2026-07-01",
                "ends_on": "2026-07-14",
                "reason": "Annual leave",
            },
        )
    ],
)
def delegation_list_post(view, request):
    """Lend one of your signing roles to a person in the same scope for up to 90 days (audited)"""
    created = delegations.delegation_create(actor=request.user, **validated(DelegationRequestSerializer, request))
    return Response(DelegationSerializer(created).data, status=201)


@operation(TAG, DelegationSerializer, (404,), parameters=[DELEGATION_ID])
def delegation_detail_get(view, request, delegation_id):
    """One delegation you gave or received (the CoE: any)"""
    found = delegation_get(user=request.user, pk=parse_id(delegation_id, what=_("Delegation")))
    return Response(DelegationSerializer(found).data)


@operation(TAG, DelegationSerializer, (403, 404), parameters=[DELEGATION_ID], request=None)
def delegation_revoke_post(view, request, delegation_id):
    """Revoke a delegation now (its delegator or the CoE; audited)"""
    revoked = delegations.delegation_revoke(
        actor=request.user, delegation_id=parse_id(delegation_id, what=_("Delegation"))
    )
    return Response(DelegationSerializer(delegation_get(user=request.user, pk=revoked.pk)).data)


DelegationListView = endpoint(get=delegation_list_get, post=delegation_list_post, cursor_ordering=("-pk",))
DelegationDetailView = endpoint(get=delegation_detail_get)
DelegationRevokeView = endpoint(post=delegation_revoke_post)

ROUTES = (
    ("delegations/", DelegationListView, "delegation-list"),
    ("delegations/<str:delegation_id>/", DelegationDetailView, "delegation-detail"),
    ("delegations/<str:delegation_id>/revoke/", DelegationRevokeView, "delegation-revoke"),
)
