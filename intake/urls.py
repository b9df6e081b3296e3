"""Pages of intake."""

from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/propose", views.propose, name="propose"),
    path("intake/triage/", views.triage, name="triage"),
    path("intake/<int:pk>/", views.proposal, name="proposal"),
    path("intake/<int:pk>/screening", views.proposal_screen, name="screen"),
    path("intake/<int:pk>/accept", views.proposal_accept, name="accept"),
    path("intake/<int:pk>/merge", views.proposal_merge, name="merge"),
    path("intake/<int:pk>/decline", views.proposal_decline, name="decline"),
]
