"""URLs of intake's API (v1): proposals and their triage, the tracks."""

from core.api.endpoints import action_paths, api_paths
from intake.api import views

urlpatterns = [*api_paths(views.ROUTES), *action_paths(views.ACTIONS)]
