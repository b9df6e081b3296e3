"""What every API view shares: the one error format and its exception handler, cursor pagination, input guards.

Domain errors from the services map to status codes here and nowhere else (InvalidInput 400, Forbidden 403,
NotFound 404, Refused 409), so a view never translates an error itself. Every error body has the same keys
(``status``, ``code``, ``detail``, ``fields``, ``reasons``), whatever raised it: a service, DRF or Django.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, filters, pagination, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import DomainError, Forbidden, FreshSignInRequired, InvalidInput, NotFound, Refused, StaleVersion

# Ids are bigints; anything longer cannot name a row and must not reach the database as an out-of-range number.
ID_RE = re.compile(r"^[1-9][0-9]{0,17}$")
KEY_RE = re.compile(r"^AI-[0-9]{4,9}$")
QUERY_VALUE_LIMIT = 1000


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("The resource changed since the version named in If-Match.")
    default_code = "precondition_failed"


# --- The error format -------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="Machine-readable kind: invalid, not_authenticated, authentication_failed, permission_denied, "
        "forbidden, not_found, refused, stale_version, precondition_failed, method_not_allowed, "
        "unsupported_media_type, not_acceptable, parse_error, throttled."
    )
    detail = serializers.CharField(help_text="A message a person can act on.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → messages, for validation errors (400); empty otherwise.",
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why a transition was refused (409), e.g. the unmet gate criteria; empty otherwise.",
    )


ERROR_DESCRIPTIONS = {
    400: "Invalid input: `fields` names each field with its messages.",
    401: "Not authenticated: send `Authorization: Token …` or a session cookie.",
    403: "Visible, but you may not do this (the `detail` says why).",
    404: "Not found, or not visible to you (never distinguished).",
    409: "Refused in the current state: `reasons` lists every reason (e.g. unmet gate criteria), or a stale `version`.",
    412: "`If-Match` names a version that is no longer current.",
    415: "Unsupported media type.",
    429: "Too many requests; retry after the `Retry-After` header's seconds.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error statuses an operation can return (401 is added: every endpoint needs a login)."""
    wanted = sorted({401, *codes})
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in wanted}


def operation(tag: str, answer: Any, errors: tuple[int, ...] = (), *, code: int = 200, summary: str = "", **more: Any):
    """Documents an operation: its tag, the answer's serializer under ``code``, the ``errors`` statuses it can return
    (``error_responses``), and whatever else ``extend_schema`` takes (parameters, request, ...). The summary is the
    function's docstring, unless given; the docstring does not become the operation's description."""

    def document(function):
        text = summary or " ".join((function.__doc__ or "").split())
        function.__doc__ = None
        responses = {code: answer, **error_responses(*errors)}
        return extend_schema(tags=[tag], summary=text, responses=responses, **more)(function)

    return document


def _body(status_code: int, code: str, detail: str, *, fields=None, reasons=None) -> dict[str, Any]:
    return {
        "status": status_code,
        "code": code,
        "detail": str(detail),
        "fields": fields or {},
        "reasons": [str(r) for r in (reasons or [])],
    }


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation detail as dotted field names → messages ("contributing_modes.0": [...])."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


DOMAIN_STATUS = (
    (StaleVersion, status.HTTP_409_CONFLICT, "stale_version"),
    (FreshSignInRequired, status.HTTP_403_FORBIDDEN, "fresh_sign_in_required"),
    (InvalidInput, status.HTTP_400_BAD_REQUEST, "invalid"),
    (Forbidden, status.HTTP_403_FORBIDDEN, "forbidden"),
    (NotFound, status.HTTP_404_NOT_FOUND, "not_found"),
    (Refused, status.HTTP_409_CONFLICT, "refused"),
)


def exception_handler(exc: Exception, context: dict) -> Any:
    """The single place where errors become responses (REST_FRAMEWORK["EXCEPTION_HANDLER"])."""
    if isinstance(exc, DomainError):
        for cls, status_code, code in DOMAIN_STATUS:
            if isinstance(exc, cls):
                return Response(
                    _body(status_code, code, exc.message, fields=exc.fields, reasons=exc.reasons), status=status_code
                )
    if isinstance(exc, SuspiciousOperation):
        # Oversized bodies and the like: the client's fault, said in our format rather than Django's HTML page.
        exc = exceptions.ParseError(_("The request could not be read."))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [_("Invalid input.")])[0]
        detail = _("Invalid input: %(message)s") % {"message": first} if len(fields) == 1 else _("Invalid input.")
        response.data = _body(response.status_code, "invalid", detail, fields=fields)
        return response
    if isinstance(exc, Http404):
        response.data = _body(404, "not_found", _("Not found."))
        return response
    if isinstance(exc, DjangoPermissionDenied):
        response.data = _body(403, "permission_denied", _("You do not have permission to do this."))
        return response
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        response.data = _body(response.status_code, code, detail)
    return response


# --- Pagination and ordering ------------------------------------------------------------------------------------


class Cursor(pagination.CursorPagination):
    """Cursor pagination: stable under concurrent inserts and never a COUNT over the table."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw[:6]) <= self.max_page_size or len(raw) > 6:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Ask for 1 to %(n)d items a page.") % {"n": self.max_page_size}]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_ordering(self, request, queryset, view):
        # Each view names its own order (``cursor_ordering``) unless an ordering filter decides.
        self.ordering = getattr(view, "cursor_ordering", self.ordering)
        return super().get_ordering(request, queryset, view)

    def decode_cursor(self, request):
        message = _("This cursor is not one the API handed out; start again from the first page.")
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": [message]}) from None
        if cursor is None or cursor.position is None:
            return cursor
        # A tampered position must fail here, as a 400, not in the database as a type error.
        position = cursor.position
        field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
        try:
            if "\x00" in position or len(position) > 300:
                raise ValueError(position)
            field.to_python(position)
        except (DjangoValidationError, ValueError, TypeError):
            raise exceptions.ValidationError({"cursor": [message]}) from None
        return cursor


class StableOrdering(filters.OrderingFilter):
    """The ordering asked for (among the view's ``ordering_fields``), then the primary key, so pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(o.lstrip("-") in ("pk", "id") for o in ordering):
            ordering.append("pk")
        return ordering


# --- Views ------------------------------------------------------------------------------------------------------


class ApiView(GenericAPIView):
    """Base of every API view: refuses NUL bytes and oversized values in the path and the query string before any
    query runs."""

    pagination_class = Cursor
    # OPTIONS would describe a serializer these views do not declare; the schema at /api/schema/ is the description.
    metadata_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any("\x00" in str(value) or len(str(value)) > 200 for value in kwargs.values()):
            # No key, code or id contains NUL or runs this long: it names nothing (and must not reach a query).
            raise NotFound(_("Not found."))
        bad = {}
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in v or len(v) > QUERY_VALUE_LIMIT for v in values):
                bad[name.replace("\x00", "")[:60] or "query"] = [
                    _("Query values may not contain NUL characters or exceed %(n)d characters.")
                    % {"n": QUERY_VALUE_LIMIT}
                ]
        if bad:
            raise exceptions.ValidationError(bad)

    def paginated(self, queryset, serializer_class, **context):
        """One page of ``queryset`` (already filtered) serialised with ``serializer_class``."""
        page = self.paginate_queryset(queryset)
        data = serializer_class(page, many=True, context={"request": self.request, **context}).data
        return self.get_paginated_response(data)


def parse_id(value: Any, *, what: str) -> int:
    """A path id as an int, or NotFound (a malformed id names nothing, exactly like a missing one)."""
    text = str(value)
    if not ID_RE.match(text) or int(text) > 2**63 - 1:
        raise NotFound(_("%(what)s not found.") % {"what": what})
    return int(text)


def check_key(key: Any) -> str:
    """An initiative key as ``AI-0001``, or NotFound."""
    text = str(key)
    if not KEY_RE.match(text):
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": text[:20].replace("\x00", "")})
    return text


def validated(serializer_class, request, *, partial: bool = False) -> dict[str, Any]:
    """The request body checked for shape and type by ``serializer_class`` (rules stay in the services)."""
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# Strict fields: the JSON type the schema names, nothing coerced (DRF would read 0 as "0" and "5" as 5).


class Str(serializers.CharField):
    """Text that must arrive as a JSON string (DRF's CharField already refuses NUL characters)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Int(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class Dec(serializers.DecimalField):
    """A decimal sent as a JSON number (13, 13.5) or a string ("1200.50"). A number is read through its shortest
    text form, so 0.1 means 0.1; more decimal places than the field holds are refused, never rounded."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        if isinstance(data, float):
            data = repr(data)
        return super().to_internal_value(data)


class Bool(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class Text(Str):
    """Free text: bounded, no NUL characters, blank allowed unless required."""

    def __init__(self, *, max_length: int = 20000, **kwargs):
        kwargs.setdefault("allow_blank", not kwargs.get("required", True))
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(max_length=max_length, **kwargs)


class Ref(Str):
    """A reference by a human identifier (username, unit code, initiative key), resolved by the view."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)


# Query-string fields: every value is text, so these parse it strictly ("true"/"false", digits).


class QueryBool(serializers.BooleanField):
    TRUE_VALUES = {"true"}
    FALSE_VALUES = {"false"}
    NULL_VALUES: set = set()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class QueryInt(serializers.IntegerField):
    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"-?[0-9]{1,9}", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class QueryStr(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)


def query(serializer_class, request) -> dict[str, Any]:
    """The query string checked by ``serializer_class``: an empty value is a value (and may be invalid), not
    an absent one as in an HTML form."""
    serializer = serializer_class(data=dict(request.query_params.items()))
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def not_found_view(request, *args, **kwargs):
    """Any unknown path under /api/: a 404 in the API's error format rather than the HTML page."""
    from django.http import JsonResponse

    return JsonResponse(_body(404, "not_found", _("There is no API endpoint at this address.")), status=404)


def document_transport_errors(result, generator, request, public):
    """Schema post-processing: the errors any operation with a body, or any write, can meet before its view runs
    (415 for a body in another format; 403 for a session write without its CSRF token)."""
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.get("responses", {})
            if "requestBody" in operation:
                responses.setdefault("415", {"content": error_ref, "description": ERROR_DESCRIPTIONS[415]})
            if method in ("post", "put", "patch", "delete") and "401" in responses:
                responses.setdefault(
                    "403", {"content": error_ref, "description": "Session writes need the CSRF token; see `detail`."}
                )
    return result


class DecimalInputSchema(OpenApiSerializerFieldExtension):
    """In request bodies a decimal is a JSON number or a numeric string; in responses it stays a string."""

    target_class = Dec
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        text = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction != "request":
            return text
        number = {"type": "number"}
        if self.target.min_value is not None:
            number["minimum"] = float(self.target.min_value)
        return {"oneOf": [number, text]}
