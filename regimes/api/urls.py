"""URLs of the regimes API (v1)."""

from core.api.endpoints import api_paths
from regimes.api import views

initiative = "initiatives/<str:key>/"

ROUTES = (
    ("regimes/", views.RegimeListView, "regime-list"),
    (initiative + "applicability/", views.InitiativeApplicabilityView, "initiative-applicability"),
    (initiative + "classifications/", views.InitiativeClassificationsView, "initiative-classifications"),
    (
        initiative + "classifications/<str:classification_id>/confirm/",
        views.InitiativeClassificationConfirmView,
        "initiative-classification-confirm",
    ),
)

urlpatterns = [*api_paths(ROUTES)]
