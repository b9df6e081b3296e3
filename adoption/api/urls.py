"""URLs of the adoption API (v1): business units, initiatives and what hangs off them, the funnel and the CoE's
configuration (phases, criterion templates, selection weights)."""

from adoption.api import evaluations, saved_views, tags, views
from core.api.endpoints import action_paths, api_paths

initiative = "initiatives/<str:key>/"
criterion = initiative + "criteria/<str:criterion_id>/"
option = initiative + "model-options/<str:option_id>/"

ROUTES = (
    ("initiatives/", views.InitiativeListView, "initiative-list"),
    (initiative, views.InitiativeDetailView, "initiative-detail"),
    (initiative + "criteria/", views.CriterionListView, "criterion-list"),
    (criterion, views.CriterionDetailView, "criterion-detail"),
    (criterion + "evidence/", views.EvidenceView, "criterion-evidence"),
    (initiative + "roi/", views.RoiView, "initiative-roi"),
    (initiative + "realised-value/", views.RealisedValueView, "initiative-realised-value"),
    (initiative + "spend/", views.SpendView, "initiative-spend"),
    (initiative + "model-options/", views.ModelOptionsView, "initiative-model-options"),
    (initiative + "evaluations/", evaluations.EvaluationListView, "initiative-evaluations"),
    (option + "choose/", views.ModelOptionChooseView, "initiative-model-option-choose"),
    ("business-units/", views.BusinessUnitListView, "business-unit-list"),
    ("business-units/<str:code>/", views.BusinessUnitDetailView, "business-unit-detail"),
    ("funnel/", views.FunnelView, "funnel"),
    ("funnel/weeks/", views.WeeklyView, "funnel-weeks"),
    ("phases/", views.PhaseListView, "phase-list"),
    ("phases/<str:phase>/", views.PhaseDetailView, "phase-detail"),
    ("criterion-templates/", views.CriterionTemplateListView, "criterion-template-list"),
    ("criterion-templates/<str:template_id>/", views.CriterionTemplateDetailView, "criterion-template-detail"),
    ("selection-weights/", views.SelectionWeightsView, "selection-weights"),
)

urlpatterns = [
    *api_paths(ROUTES),
    *api_paths(saved_views.ROUTES),
    *action_paths(views.ACTIONS),
    *api_paths(tags.ROUTES),
]
