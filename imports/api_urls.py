"""URLs of the import API (v1)."""

from core.api.endpoints import api_paths
from imports import api

urlpatterns = api_paths(api.ROUTES)
