"""The API of programme and cohort tags: anyone signed in reads them; the CoE adds and removes them. Tags are put on
initiatives one by one through the initiatives' bulk action (``POST /api/v1/initiatives/bulk/``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api import serializers as s
from adoption.api.views import id_param
from adoption.inputs import TagInput
from adoption.models import Tag
from adoption.selectors.funnel_tags import funnel_by_tag, imported_later
from adoption.selectors.units import business_unit_visible
from adoption.services import tags
from core.api.base import Str, operation, parse_id, query, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for
from core.exceptions import InvalidInput, NotFound

TAG = "tags"
TAG_ID = id_param("tag_id", "tag")


class TagRequestSerializer(serializer_for(TagInput, name="TagRequestBase")):
    pass


class TagSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = Str(read_only=True)
    kind = Str(read_only=True, help_text="programme or cohort.")
    name = Str(read_only=True, help_text="The English name.")
    name_zh_hant = Str(read_only=True)
    name_zh_hans = Str(read_only=True)
    label = serializers.SerializerMethodField(help_text="The name in your language.")

    def get_label(self, tag) -> str:
        return tag.label()


@operation(TAG, TagSerializer(many=True), (400,))
def tag_list_get(view, request):
    """Programme and cohort tags"""
    return view.paginated(Tag.objects.order_by("pk"), TagSerializer)


@operation(TAG, TagSerializer, (400, 403, 409), code=201, request=TagRequestSerializer)
def tag_list_post(view, request):
    """Add a programme or cohort tag (the CoE only; audited)"""
    tag = tags.tag_create(actor=request.user, **validated(TagRequestSerializer, request))
    return Response(TagSerializer(tag).data, status=201)


@operation(TAG, None, (403, 404, 409), code=204, parameters=[TAG_ID])
def tag_detail_delete(view, request, tag_id):
    """Remove a tag no initiative carries (the CoE only; audited)"""
    tags.tag_delete(actor=request.user, tag_id=parse_id(tag_id, what=_("Tag")))
    return Response(status=204)


class TagFiguresSerializer(serializers.Serializer):
    tag = Str(source="tag.code")
    label = Str(source="tag.label")
    kind = Str(source="tag.kind")
    total = serializers.IntegerField()
    by_phase = serializers.DictField(child=serializers.IntegerField(), help_text="Active or on hold, by phase.")
    in_production = serializers.IntegerField()
    stopped = serializers.IntegerField()
    retired = serializers.IntegerField()


class FunnelTagsSerializer(serializers.Serializer):
    by_tag = TagFiguresSerializer(many=True)
    imported_later = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Initiatives imported at a later stage, by stage: their earlier gates are not recorded here.",
    )


@operation("funnel", FunnelTagsSerializer, (400,), parameters=[s.FunnelQuerySerializer])
def funnel_tags_get(view, request):
    """The funnel by programme and cohort tag, with the count of initiatives imported at a later stage"""
    params = query(s.FunnelQuerySerializer, request)
    unit = None
    if params.get("business_unit"):
        try:
            unit = business_unit_visible(user=request.user, code=params["business_unit"])
        except NotFound:
            raise InvalidInput(
                _("The funnel was not computed."), fields={"business_unit": [_("No such business unit.")]}
            ) from None
    scope = {"user": request.user, "business_unit": unit, "cohort": params.get("cohort") or None}
    return Response(
        FunnelTagsSerializer({"by_tag": funnel_by_tag(**scope), "imported_later": imported_later(**scope)}).data
    )


FunnelTagsView = endpoint(get=funnel_tags_get)
TagListView = endpoint(get=tag_list_get, post=tag_list_post, cursor_ordering=("pk",))
TagDetailView = endpoint(delete=tag_detail_delete)

ROUTES = (
    ("tags/", TagListView, "tag-list"),
    ("tags/<str:tag_id>/", TagDetailView, "tag-detail"),
    ("funnel/tags/", FunnelTagsView, "funnel-tags"),
)
