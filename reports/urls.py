"""Pages of the reports app."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("reports/packs/", views.packs, name="packs"),
    path("reports/packs/<int:pk>/pdf/", views.pack_pdf, name="pack_pdf"),
    path("reviews/<int:review_id>/packet.pdf", views.review_packet, name="review_packet"),
    path("initiatives/<str:key>/evidence-pack.zip", views.evidence_pack, name="evidence_pack"),
]
