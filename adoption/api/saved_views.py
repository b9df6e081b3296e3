"""The API of saved views: named sets of the portfolio's filters, a person's own or shared by the CoE."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from adoption.filters import VIEW_KEYS
from adoption.inputs import SavedViewInput
from adoption.selectors.saved_views import saved_view_get, saved_views_visible
from adoption.services import saved_views
from core.api.base import Str, operation, parse_id, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for

TAG = "saved-views"
VIEW_ID = id_param("view_id", "saved view")
FILTERS_HELP = (
    "The board's query parameters (" + ", ".join(VIEW_KEYS) + "), each as text: business_unit is the unit's id, "
    'owner a name or login name, overdue "on", sort a table column (a leading - sorts the other way).'
)


class SavedViewRequestSerializer(serializer_for(SavedViewInput, name="SavedViewRequestBase")):
    filters = serializers.DictField(child=Str(max_length=200), help_text=FILTERS_HELP)


class SavedViewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    shared = serializers.BooleanField(read_only=True)
    person = Str(source="person.username", read_only=True, help_text="Who saved it (login name).")
    filters = serializers.DictField(child=serializers.CharField(), read_only=True, help_text=FILTERS_HELP)
    query = serializers.SerializerMethodField(help_text="The filters as the board's and the table's query string.")
    created_at = serializers.DateTimeField(read_only=True)

    def get_query(self, view) -> str:
        return urlencode(view.filters)


@operation(TAG, SavedViewSerializer(many=True), (400,))
def saved_view_list_get(view, request):
    """Saved views: your own and those the CoE shares with everyone"""
    return view.paginated(saved_views_visible(user=request.user), SavedViewSerializer)


@operation(
    TAG,
    SavedViewSerializer,
    (400, 403, 409),
    code=201,
    request=SavedViewRequestSerializer,
    examples=[
        OpenApiExample(
            "Olivia's overdue high-risk work",
            value={"name": "Olivia, overdue", "filters": {"owner": "Olivia", "overdue": "on", "risk_tier": "high"}},
        )
    ],
)
def saved_view_list_post(view, request):
    """Save a set of filters under a name (anyone; shared with everyone: the CoE only; audited)"""
    saved = saved_views.saved_view_create(actor=request.user, **validated(SavedViewRequestSerializer, request))
    return Response(SavedViewSerializer(saved).data, status=201)


@operation(TAG, SavedViewSerializer, (404,), parameters=[VIEW_ID])
def saved_view_detail_get(view, request, view_id):
    """One saved view (your own or a shared one; anyone else's is not found)"""
    saved = saved_view_get(user=request.user, pk=parse_id(view_id, what=_("Saved view")))
    return Response(SavedViewSerializer(saved).data)


@operation(TAG, None, (403, 404), code=204, parameters=[VIEW_ID])
def saved_view_detail_delete(view, request, view_id):
    """Delete a saved view: your own, or (the CoE) a shared one; audited"""
    saved_views.saved_view_delete(actor=request.user, saved_view_id=parse_id(view_id, what=_("Saved view")))
    return Response(status=204)


SavedViewListView = endpoint(get=saved_view_list_get, post=saved_view_list_post, cursor_ordering=("pk",))
SavedViewDetailView = endpoint(get=saved_view_detail_get, delete=saved_view_detail_delete)

ROUTES = (
    ("saved-views/", SavedViewListView, "saved-view-list"),
    ("saved-views/<str:view_id>/", SavedViewDetailView, "saved-view-detail"),
)
