"""Pages of the regimes app."""

from django.urls import path

from regimes import views

app_name = "regimes"
urlpatterns = [
    path("initiatives/<str:key>/regulatory/", views.regulatory_page, name="regulatory"),
    path(
        "initiatives/<str:key>/regulatory/classifications/<int:pk>/confirm",
        views.classification_confirm_page,
        name="classification_confirm",
    ),
    path("regimes/", views.catalogue, name="catalogue"),
    path("regimes/<slug:code>/", views.regime_page, name="regime"),
    path("regimes/<slug:code>/draft", views.regime_draft_create, name="draft_create"),
    path("regimes/<slug:code>/draft/save", views.regime_draft_save, name="draft_save"),
    path("regimes/<slug:code>/publish", views.regime_publish, name="publish"),
    path("regimes/<slug:code>/switch", views.regime_switch, name="switch"),
]
