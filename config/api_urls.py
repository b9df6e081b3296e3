"""URLs of the REST API (v1), its OpenAPI schema and docs; any other path under /api/ is a JSON 404."""

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from config import probes
from core.api.base import not_found_view
from governance.api.bulk import InitiativeBulkView

v1 = [
    # Before the initiative's own path, which would take "bulk" for a key.
    path("initiatives/bulk/", InitiativeBulkView.as_view(), name="initiative-bulk"),
    path("", include("governance.api.urls")),
    path("", include("adoption.api.urls")),
    path("", include("intake.api.urls")),
    path("", include("reports.api")),
    path("", include("analytics.api_urls")),
    path("", include("finance.api_urls")),
    path("", include("imports.api_urls")),
    path("", include("operations.api.urls")),
    path("", include("regimes.api.urls")),
]
if settings.BENCH_PROBES:
    v1.insert(0, path("bench/probe/", probes.DrfProbe.as_view(), name="bench-probe"))

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Without this, a mistyped API path would answer with the HTML 404 page.
    re_path(r"^.*$", not_found_view),
]
