"""The import API (the CoE only): upload a CSV or XLSX file for a dry run or to apply it, list the batches, undo
one while nothing has changed since."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api.base import Int, Str, operation, parse_id, validated
from core.api.endpoints import endpoint
from core.exceptions import InvalidInput
from governance import access
from imports import reader, services
from imports.selectors import import_batch_get, import_batches_visible

TAG = "imports"
BATCH_ID = OpenApiParameter("batch_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The import batch's id.")


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=255,
        help_text=f"A .csv (UTF-8) or .xlsx file of at most {reader.MAX_BYTES} bytes and {reader.MAX_ROWS} rows.",
    )
    dry_run = serializers.BooleanField(
        default=True, help_text="true (the default): report what would happen and keep nothing; false: apply."
    )


class RowSerializer(serializers.Serializer):
    kind = Str(help_text="initiatives, roles or values: the sheet the row is on.")
    row = Int(help_text="The row's number in its sheet (the header is row 1).")
    external_id = Str()
    action = Str(help_text="create, update, unchanged, grant, record, or error.")
    key = Str(help_text="The initiative's key (or the unit's code for a unit's role).")
    changes = serializers.DictField(
        child=serializers.ListField(child=Str()), help_text="Field → [before, after] for what the row changes."
    )
    errors = serializers.ListField(child=Str())


class BatchSerializer(serializers.Serializer):
    id = Int(read_only=True)
    file_name = Str(read_only=True)
    sha256 = Str(read_only=True)
    size = Int(read_only=True)
    created_by = Str(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    counts = serializers.DictField(child=Int(), read_only=True)
    rows = RowSerializer(many=True, read_only=True)
    undone_at = serializers.DateTimeField(read_only=True, allow_null=True)
    undone_by = Str(source="undone_by.username", read_only=True, allow_null=True)
    undo_refusal = serializers.SerializerMethodField(help_text="Why it cannot be undone now; empty when it can.")

    def get_undo_refusal(self, batch) -> list[str]:
        return services.import_undo_refusal(batch)


class ReportSerializer(serializers.Serializer):
    file_name = Str()
    sha256 = Str()
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    counts = serializers.DictField(child=Int())
    rows = RowSerializer(many=True)
    batch = serializers.IntegerField(source="batch.pk", allow_null=True, help_text="The batch, once applied.")


def report_data(report: services.ImportReport) -> dict:
    return {
        "file_name": report.file_name,
        "sha256": report.sha256,
        "dry_run": report.dry_run,
        "applied": report.applied,
        "counts": report.counts,
        "rows": [row.as_dict() for row in report.rows],
        "batch": report.batch.pk if report.batch else None,
    }


@operation(TAG, BatchSerializer(many=True), (403,))
def import_list_get(view, request):
    """Import batches, newest first (the CoE only)"""
    access.require_coe(request.user, _("Only the CoE imports the portfolio."))
    return view.paginated(import_batches_visible(user=request.user), BatchSerializer)


@operation(
    TAG,
    ReportSerializer,
    (400, 403),
    request={"multipart/form-data": ImportUploadSerializer},
)
def import_list_post(view, request):
    """Import initiatives, role assignments and realised value from a CSV or XLSX file: a dry run by default;
    with dry_run=false the whole file is applied, or nothing when a row has errors (400, each row's errors in
    `fields`). The CoE only; audited"""
    data = validated(ImportUploadSerializer, request)
    upload = data["file"]
    reader.check_size(upload.size)  # before the upload is read into memory
    report = services.import_run(
        actor=request.user, file_name=upload.name, content=upload.read(), dry_run=data["dry_run"]
    )
    if not report.dry_run and not report.applied:
        raise InvalidInput(
            _("The import was not applied: %(n)d rows have errors.") % {"n": report.errors},
            fields={f"{row.kind}.{row.row}": row.errors for row in report.rows if row.errors},
        )
    return Response(report_data(report), status=201 if report.applied else 200)


@operation(TAG, BatchSerializer, (404,), parameters=[BATCH_ID])
def import_detail_get(view, request, batch_id):
    """One import batch: its file, hash, counts and what each row did"""
    batch = import_batch_get(user=request.user, pk=parse_id(batch_id, what=_("Import")))
    return Response(BatchSerializer(batch).data)


@operation(TAG, BatchSerializer, (403, 404, 409), parameters=[BATCH_ID])
def import_undo_post(view, request, batch_id):
    """Undo an import while nothing has changed since (the CoE only; audited)"""
    batch = import_batch_get(user=request.user, pk=parse_id(batch_id, what=_("Import")))
    batch = services.import_undo(actor=request.user, batch_id=batch.pk)
    return Response(BatchSerializer(batch).data)


ImportListView = endpoint(
    get=import_list_get, post=import_list_post, cursor_ordering=("-pk",), parser_classes=[MultiPartParser]
)
ImportDetailView = endpoint(get=import_detail_get)
ImportUndoView = endpoint(post=import_undo_post)

ROUTES = (
    ("imports/", ImportListView, "import-list"),
    ("imports/<str:batch_id>/", ImportDetailView, "import-detail"),
    ("imports/<str:batch_id>/undo/", ImportUndoView, "import-undo"),
)
