"""Pages of the adoption app."""

from django.urls import path

from adoption import views

app_name = "adoption"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("funnel/", views.funnel, name="funnel"),
    path("funnel/<str:table>.csv", views.funnel_csv, name="funnel_csv"),
    path("executive/week/", views.monday, name="monday"),
    path("executive/week/<str:table>.csv", views.monday_csv, name="monday_csv"),
    path("initiatives/new", views.initiative_new, name="initiative_new"),
    path("initiatives/<str:key>/criteria/<int:pk>/", views.criterion_row, name="criterion_row"),
    path("initiatives/<str:key>/criteria/<int:pk>/edit", views.criterion_edit, name="criterion_edit"),
    path("initiatives/<str:key>/criteria/<int:pk>/evidence", views.criterion_evidence, name="criterion_evidence"),
    path("initiatives/<str:key>/criteria/<int:pk>/waive", views.criterion_waive_view, name="criterion_waive"),
    path("evidence/<int:pk>/file", views.evidence_file, name="evidence_file"),
]
