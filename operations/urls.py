"""Pages of the operations registers, under their initiative."""

from django.urls import path

from operations import views

app_name = "operations"

initiative = "initiatives/<str:key>/"
urlpatterns = [
    path(initiative + "filings/", views.filings_page, name="filings"),
    path(initiative + "filings/record/", views.filing_record, name="filing_record"),
    path(initiative + "filings/documents/", views.filing_document, name="filing_document"),
    path(initiative + "changes/", views.changes_page, name="changes"),
    path(initiative + "changes/request/", views.change_request, name="change_request"),
    path(initiative + "changes/decide/", views.change_decide, name="change_decide"),
    path(initiative + "incidents/", views.incidents_page, name="incidents"),
    path(initiative + "incidents/record/", views.incident_record, name="incident_record"),
    path(initiative + "incidents/report/", views.incident_report, name="incident_report"),
    path(initiative + "incidents/status/", views.incident_status, name="incident_status"),
    path(initiative + "retirement/", views.retirement_page, name="retirement"),
    path(initiative + "retirement/tick/", views.retirement_tick, name="retirement_tick"),
]
