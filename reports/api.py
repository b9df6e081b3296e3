"""The reports API (v1): board packs (list, freeze, PDF per language), a gate review's decision packet, and an
initiative's regulator evidence pack."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import renderers, serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from core.api.base import operation as documented
from core.api.base import parse_id
from core.api.endpoints import api_paths, endpoint
from reports import services
from reports.pdf import LANGUAGES
from reports.selectors import board_pack_get, board_pack_pdf, board_packs_visible, pdf_language
from reports.views import pdf_response

TAG = "reports"
PACK_ID = id_param("pack_id", "board pack")
LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    enum=list(LANGUAGES),
    description="The PDF's language (English by default).",
)
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The PDF; its SHA-256 is in the X-Content-SHA256 header.")


class FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for a file (Accept: application/pdf or application/zip); errors still answer in JSON."""

    media_type = "application/octet-stream"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class ZipRenderer(FileRenderer):
    media_type = "application/zip"
    format = "zip"


FILE_RENDERERS = [renderers.JSONRenderer, PdfRenderer, ZipRenderer]


class BoardPackSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    month = serializers.SerializerMethodField(help_text="The month reported on, as 2026-11.")
    snapshot_sha256 = serializers.CharField(read_only=True, help_text="SHA-256 of the snapshot's canonical JSON.")
    pdf_sha256 = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Language → SHA-256 of its PDF."
    )
    snapshot = serializers.JSONField(read_only=True, help_text="The frozen figures, section by section.")
    created_by = serializers.SerializerMethodField(help_text="Who froze it (login name); null for the monthly task.")
    created_at = serializers.DateTimeField(read_only=True)
    pdf = serializers.SerializerMethodField(help_text="The PDF's address per language.")

    def get_month(self, pack) -> str:
        return f"{pack.month:%Y-%m}"

    def get_created_by(self, pack) -> str | None:
        return pack.created_by.get_username() if pack.created_by_id else None

    def get_pdf(self, pack) -> dict[str, str]:
        return {language: f"/api/v1/board-packs/{pack.pk}/pdf/?lang={language}" for language in LANGUAGES}


@documented(TAG, BoardPackSerializer(many=True), (400,))
def board_pack_list_get(view, request):
    """Month-end board packs, newest month first (the CoE, executives and auditors; an empty list for others)"""
    return view.paginated(board_packs_visible(user=request.user), BoardPackSerializer)


@documented(TAG, BoardPackSerializer, (400, 403, 409), code=201)
def board_pack_list_post(view, request):
    """Freeze last month's board pack now (the CoE; refused when that month is frozen already; audited)"""
    pack = services.board_pack_create(actor=request.user)
    return Response(BoardPackSerializer(pack).data, status=201)


@documented(TAG, PDF, (400, 404), parameters=[PACK_ID, LANG])
def board_pack_pdf_get(view, request, pack_id):
    """A board pack's PDF in a language, rendered from its stored snapshot"""
    pack = board_pack_get(user=request.user, pk=parse_id(pack_id, what=_("Board pack")))
    language = pdf_language(request.query_params.get("lang"))
    return pdf_response(board_pack_pdf(pack, language), f"board-pack-{pack.month:%Y-%m}-{language}.pdf")


BoardPackListView = endpoint(get=board_pack_list_get, post=board_pack_list_post, cursor_ordering=("-month", "-pk"))
BoardPackPdfView = endpoint(get=board_pack_pdf_get, renderer_classes=FILE_RENDERERS)

ROUTES = (
    ("board-packs/", BoardPackListView, "board-pack-list"),
    ("board-packs/<str:pack_id>/pdf/", BoardPackPdfView, "board-pack-pdf"),
)

urlpatterns = api_paths(ROUTES)
