"""URLs of the finance API (v1)."""

from core.api.endpoints import api_paths
from finance import api

urlpatterns = [*api_paths(api.ROUTES)]
