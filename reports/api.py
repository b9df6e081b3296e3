"""The reports API (v1): board packs (list, freeze, PDF per language), a gate review's decision packet, and an
initiative's regulator evidence pack."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import renderers, serializers
from rest_framework.response import Response

from adoption.api.views import KEY, id_param
from core.api.base import Ref, check_key, parse_id, validated
from core.api.base import operation as documented
from core.api.endpoints import api_paths, endpoint
from reports import services
from reports.evidence_pack import MAX_INITIATIVES, evidence_pack_export
from reports.packets import decision_packet_for
from reports.pdf import LANGUAGES, sha256
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


@documented(TAG, BoardPackSerializer, (400, 403, 409), code=201, request=None)
def board_pack_list_post(view, request):
    """Freeze last month's board pack now (the CoE; refused when that month is frozen already; audited)"""
    pack = services.board_pack_create(actor=request.user)
    return Response(BoardPackSerializer(pack).data, status=201)


@documented(TAG, PDF, (400, 404), parameters=[PACK_ID, LANG])
def board_pack_pdf_get(view, request, pack_id):
    """A board pack's PDF in a language, rendered from its stored snapshot"""
    pack = board_pack_get(user=request.user, pk=parse_id(pack_id, what=_("Board pack")))
    language = pdf_language(request.query_params.get("lang"))
    response = pdf_response(board_pack_pdf(pack, language), f"board-pack-{pack.month:%Y-%m}-{language}.pdf")
    response["X-Recorded-SHA256"] = pack.pdf_sha256.get(language, "")
    return response


REVIEW_ID = id_param("review_id", "gate review")


@documented(TAG, PDF, (400, 404), parameters=[REVIEW_ID, LANG])
def gate_review_packet_get(view, request, review_id):
    """A gate review's decision packet as a PDF (whoever may see the review)"""
    language = pdf_language(request.query_params.get("lang"))
    review, data = decision_packet_for(
        user=request.user, review_id=parse_id(review_id, what=_("Gate review")), language=language
    )
    return pdf_response(data, f"decision-packet-{review.initiative.key}-{review.phase}-{review.attempt}-{language}.pdf")


ZIP = OpenApiResponse(
    OpenApiTypes.BINARY,
    description="The ZIP: manifest.json, evidence files, decision packets, "
    "audit/events.jsonl and verify.py (run it offline: python3 verify.py [--key AUDIT_HMAC_KEY]).",
)


class EvidencePackRequestSerializer(serializers.Serializer):
    initiatives = serializers.ListField(
        child=Ref(), min_length=1, max_length=MAX_INITIATIVES, help_text='Initiative keys, e.g. ["AI-0001"].'
    )
    lang = serializers.ChoiceField(choices=list(LANGUAGES), required=False, help_text="The decision packets' language.")


def zip_response(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-SHA256"] = sha256(data)
    return response


@documented(TAG, ZIP, (400, 403, 404), parameters=[KEY, LANG])
def initiative_evidence_pack_get(view, request, key):
    """An initiative's regulator evidence pack (the CoE, auditors and compliance officers who see it; audited)"""
    language = pdf_language(request.query_params.get("lang"))
    name, data = evidence_pack_export(actor=request.user, keys=[check_key(key)], language=language)
    return zip_response(name, data)


@documented(TAG, ZIP, (400, 403, 404), request=EvidencePackRequestSerializer)
def evidence_pack_list_post(view, request):
    """The regulator evidence pack of a selection of initiatives, in one ZIP (each one exportable by you; audited)"""
    body = validated(EvidencePackRequestSerializer, request)
    name, data = evidence_pack_export(actor=request.user, keys=body["initiatives"], language=body.get("lang", "en"))
    return zip_response(name, data)


BoardPackListView = endpoint(get=board_pack_list_get, post=board_pack_list_post, cursor_ordering=("-month", "-pk"))
BoardPackPdfView = endpoint(get=board_pack_pdf_get, renderer_classes=FILE_RENDERERS)
GateReviewPacketView = endpoint(get=gate_review_packet_get, renderer_classes=FILE_RENDERERS)
InitiativeEvidencePackView = endpoint(get=initiative_evidence_pack_get, renderer_classes=FILE_RENDERERS)
EvidencePackListView = endpoint(post=evidence_pack_list_post, renderer_classes=FILE_RENDERERS)

ROUTES = (
    ("board-packs/", BoardPackListView, "board-pack-list"),
    ("board-packs/<str:pack_id>/pdf/", BoardPackPdfView, "board-pack-pdf"),
    ("gate-reviews/<str:review_id>/packet/", GateReviewPacketView, "gate-review-packet"),
    ("initiatives/<str:key>/evidence-pack/", InitiativeEvidencePackView, "initiative-evidence-pack"),
    ("evidence-packs/", EvidencePackListView, "evidence-pack-list"),
)

urlpatterns = api_paths(ROUTES)
