"""URLs of the analytics API (v1)."""

from analytics.api import ROUTES
from core.api.endpoints import api_paths

urlpatterns = api_paths(ROUTES)
