"""Pages of the adoption app."""

from django.urls import path

from adoption import views

app_name = "adoption"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
