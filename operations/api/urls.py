"""URLs of the operations API (v1): filings, change requests, incidents and the retirement checklist."""

from core.api.endpoints import action_paths, api_paths
from operations.api import views

urlpatterns = [*api_paths(views.ROUTES), *action_paths(views.ACTIONS)]
