"""URLs of the adoption API (v1): business units, initiatives and what hangs off them, the funnel and the CoE's
configuration (phases, criterion templates, selection weights)."""

from django.urls import path

from adoption.api import views
from core.api.actions import action_paths

initiative = "initiatives/<str:key>/"
criterion = initiative + "criteria/<str:criterion_id>/"

urlpatterns = [
    path("business-units/", views.BusinessUnitListView.as_view(), name="business-unit-list"),
    path("business-units/<str:code>/", views.BusinessUnitDetailView.as_view(), name="business-unit-detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative-list"),
    path(initiative, views.InitiativeDetailView.as_view(), name="initiative-detail"),
    path(initiative + "criteria/", views.CriterionListView.as_view(), name="criterion-list"),
    path(criterion, views.CriterionDetailView.as_view(), name="criterion-detail"),
    path(criterion + "evidence/", views.EvidenceView.as_view(), name="criterion-evidence"),
    path(initiative + "roi/", views.RoiView.as_view(), name="initiative-roi"),
    path(initiative + "realised-value/", views.RealisedValueView.as_view(), name="initiative-realised-value"),
    path(initiative + "spend/", views.SpendView.as_view(), name="initiative-spend"),
    path(initiative + "model-options/", views.ModelOptionsView.as_view(), name="initiative-model-options"),
    path(
        initiative + "model-options/<str:option_id>/choose/",
        views.ModelOptionChooseView.as_view(),
        name="initiative-model-option-choose",
    ),
    path("funnel/", views.FunnelView.as_view(), name="funnel"),
    path("phases/", views.PhaseListView.as_view(), name="phase-list"),
    path("phases/<str:phase>/", views.PhaseDetailView.as_view(), name="phase-detail"),
    path("criterion-templates/", views.CriterionTemplateListView.as_view(), name="criterion-template-list"),
    path(
        "criterion-templates/<str:template_id>/",
        views.CriterionTemplateDetailView.as_view(),
        name="criterion-template-detail",
    ),
    path("selection-weights/", views.SelectionWeightsView.as_view(), name="selection-weights"),
    *action_paths(views.ACTIONS),
]
