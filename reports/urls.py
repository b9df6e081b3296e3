"""Pages of the reports app."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("reports/packs/", views.packs, name="packs"),
    path("reports/packs/<int:pk>/pdf/", views.pack_pdf, name="pack_pdf"),
]
