"""The API of finance-confirmed value: hypothesised, claimed and confirmed value side by side; the claims and
finance's decisions on them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from adoption.models import RealisedValueEntry
from core.api.base import Bool, Str, operation, parse_id, query, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for
from core.exceptions import NotFound
from finance.inputs import ValueConfirmationInput
from finance.models import ConfirmationStatus
from finance.selectors import as_json, claims_to_confirm, unconfirmed_claims, value_side_by_side
from finance.services import value_confirm

TAG = "finance"
CLAIM_ID = id_param("claim_id", "realised-value claim")
ConfirmRequestSerializer = serializer_for(ValueConfirmationInput, name="ValueConfirmRequestSerializer")


class ValueFiguresSerializer(serializers.Serializer):
    hypothesised = Str(help_text="The current ROI estimates' annual benefit (reporting currency).")
    claimed = Str(help_text="The owners' measured benefit of the periods recorded.")
    confirmed = Str(help_text="What finance confirmed (its newest decision per claim).")
    unconfirmed_old = serializers.IntegerField(help_text="Claims older than a quarter nobody confirmed.")


class ValueGroupSerializer(ValueFiguresSerializer):
    code = Str()
    name = Str()


class ValueSerializer(serializers.Serializer):
    currency = Str()
    as_of = serializers.DateField()
    unconfirmed_after_days = serializers.IntegerField()
    total = ValueFiguresSerializer()
    by_unit = ValueGroupSerializer(many=True)
    by_cohort = ValueGroupSerializer(many=True)


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    business_unit = Str(source="initiative.business_unit.code", read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    currency = Str(read_only=True)
    claimed = Str(source="reporting_measured_benefit", read_only=True, help_text="Reporting currency.")
    productivity_hours = Str(read_only=True)
    redeployed_to = Str(read_only=True, help_text="Where the saved time went (empty: hours never become money).")
    confirmed = Str(read_only=True, allow_null=True, help_text="Finance's newest decision (reporting currency).")
    confirmation_status = serializers.ChoiceField(choices=ConfirmationStatus.choices, read_only=True, allow_null=True)


class ClaimQuerySerializer(serializers.Serializer):
    unconfirmed = Bool(required=False, default=False, help_text="Only claims older than a quarter nobody confirmed.")


class ConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    claim = serializers.IntegerField(source="entry_id", read_only=True)
    status = serializers.ChoiceField(choices=ConfirmationStatus.choices, read_only=True)
    cash_saving = Str(read_only=True)
    cost_avoidance = Str(read_only=True)
    revenue = Str(read_only=True)
    hours = Str(read_only=True)
    hourly_rate = Str(read_only=True)
    reporting_confirmed_benefit = Str(read_only=True)
    comment = Str(read_only=True)
    confirmed_by = Str(source="confirmed_by.username", read_only=True)
    confirmed_at = serializers.DateTimeField(read_only=True)


@operation(TAG, ValueSerializer, (400,))
def funnel_value_get(view, request):
    """Hypothesised, claimed and confirmed value side by side, by business unit and cohort, of what you see"""
    return Response(as_json(value_side_by_side(user=request.user)))


@operation(TAG, ClaimSerializer(many=True), (400,), parameters=[ClaimQuerySerializer])
def claim_list_get(view, request):
    """Claims of realised value you see, with finance's newest decision (``unconfirmed``: the overdue ones)"""
    if query(ClaimQuerySerializer, request).get("unconfirmed"):
        rows = claims_to_confirm(user=request.user).filter(pk__in=unconfirmed_claims(user=request.user).values("pk"))
    else:
        rows = claims_to_confirm(user=request.user)
    return view.paginated(rows, ClaimSerializer)


@operation(
    TAG,
    ConfirmationSerializer,
    (400, 403, 404, 409),
    code=201,
    request=ConfirmRequestSerializer,
    parameters=[CLAIM_ID],
    examples=[
        OpenApiExample(
            "Adjusted: hours at finance's rate",
            value={
                "status": "adjusted",
                "cash_saving": "12000.00",
                "hours": "300",
                "hourly_rate": "40.00",
                "comment": "Cash saving net of the vendor credit.",
            },
        )
    ],
)
def claim_confirm_post(view, request, claim_id):
    """Confirm a claim as recorded or adjust it with a comment (a finance controller; never the owner; audited)"""
    pk = parse_id(claim_id, what=_("Realised-value claim"))
    entry = RealisedValueEntry.objects.restrict(request.user).select_related("initiative").filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("Realised value not found."))
    data = validated(ConfirmRequestSerializer, request)
    created = value_confirm(actor=request.user, entry=entry, **data)
    return Response(ConfirmationSerializer(created).data, status=201)


FunnelValueView = endpoint(get=funnel_value_get)
ClaimListView = endpoint(get=claim_list_get, cursor_ordering=("-period_end", "-pk"))
ClaimConfirmView = endpoint(post=claim_confirm_post)

ROUTES = (
    ("funnel/value/", FunnelValueView, "funnel-value"),
    ("finance/claims/", ClaimListView, "finance-claim-list"),
    ("finance/claims/<str:claim_id>/confirm/", ClaimConfirmView, "finance-claim-confirm"),
)
