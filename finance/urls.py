"""Pages of the finance app."""

from django.urls import path

from finance import views

app_name = "finance"
urlpatterns = [
    path("finance/claims/", views.claims, name="claims"),
    path("finance/claims/<int:pk>/", views.claim, name="claim"),
    path("finance/claims/<int:pk>/confirm", views.claim_confirm, name="claim_confirm"),
]
