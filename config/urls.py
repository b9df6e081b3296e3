"""Root URL configuration: admin, sign-in, language switch, the REST API and the pages of both apps."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import probes
from governance.api.receipts import published_keys
from governance.twofactor import AdminSignInForm
from governance.views.account import SignInPage, password_reset_urls, reauthenticate

# The admin's sign-in asks for the authenticator code like every other entrance.
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path(".well-known/genai-tracker-keys.json", published_keys, name="receipt_keys"),
    path("accounts/login/", SignInPage.as_view(), name="login"),
    path("accounts/reauthenticate/", reauthenticate, name="reauthenticate"),
    *password_reset_urls(),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("", include("governance.urls")),
    path("", include("adoption.urls")),
    path("", include("intake.urls")),
    path("", include("reports.urls")),
    path("", include("analytics.urls")),
    path("", include("imports.urls")),
    path("", include("finance.urls")),
    path("", include("operations.urls")),
    path("", include("regimes.urls")),
]
if settings.BENCH_PROBES:
    urlpatterns.insert(0, path("bench/probe/django/", probes.django_probe, name="bench-probe-django"))
