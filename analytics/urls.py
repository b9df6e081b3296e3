"""Pages of portfolio analytics."""

from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [
    path("portfolio/kill-list/", views.kill_list_page, name="kill_list"),
    path("portfolio/kill-list/rules/<str:kind>", views.kill_rule_edit, name="kill_rule_edit"),
    path("portfolio/vendors/", views.vendors_page, name="vendors"),
    path("portfolio/vendors/scenarios/save", views.scenario_save, name="scenario_save"),
    path("portfolio/vendors/scenarios/<int:pk>/delete", views.scenario_delete, name="scenario_delete"),
    path("portfolio/radar/", views.radar_page, name="radar"),
]
