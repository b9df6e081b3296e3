"""The provider's pages: its own sign-in form and django-oauth-toolkit's OAuth 2.0 / OpenID Connect endpoints."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tests.oidc_provider.people import people, redirect_uris

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("people/", people),
    path("clients/", redirect_uris),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
