"""One lockout for every way in: the sign-in page, the admin login and the API token endpoint.

django-axes records every failed sign-in (who, from where, when) and refuses the next attempt once a username has
failed ``LOGIN_FAILURE_LIMIT`` times from one address within ``LOGIN_FAILURE_WINDOW_SECONDS``: keyed on username
*and* address, so a stranger cannot lock someone else's account for everyone, and one office behind a proxy does not
lock itself out. A separate, higher ``LOGIN_ADDRESS_FAILURE_LIMIT`` refuses an address that guesses across many
usernames. The client address comes from ``client_address``: ``X-Forwarded-For`` counts only as far as
``TRUSTED_PROXY_COUNT`` proxies vouch for it.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request) -> str:
    """The address of the client: the peer, or the address the outermost trusted proxy saw."""
    request = getattr(request, "_request", request)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(trusted, len(forwarded))]


def lockout_minutes() -> int:
    return max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)


def lockout_message() -> str:
    return _("Too many failed sign-ins. Wait %(minutes)d minutes and try again.") % {"minutes": lockout_minutes()}


class SignInHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-address limit across usernames."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # The address is locked whatever the username: count it as a username at its limit.
            return max(failures, settings.LOGIN_FAILURE_LIMIT)
        return failures

    @staticmethod
    def address_failures(request) -> int:
        address = getattr(request, "axes_ip_address", None) or client_address(request)
        total = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
            .aggregate(total=Sum("failures_since_start"))
            .get("total")
        )
        return total or 0


class LocalPasswordGate:
    """An authentication backend that lets no password through while LOCAL_LOGIN_ENABLED is off: the sign-in
    page, the admin login and the API token endpoint all authenticate through ``authenticate()``."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not settings.LOCAL_LOGIN_ENABLED:
            raise PermissionDenied("local sign-in is switched off")
        return


def sign_in_context(request) -> dict:
    """What the sign-in page offers: single sign-on when configured, the password form unless switched off."""
    from governance import sso

    return {
        "sso": sso.enabled(),
        "sso_name": settings.OIDC_PROVIDER_NAME,
        "local_login": settings.LOCAL_LOGIN_ENABLED,
        "sso_failed": "sso" in request.GET,
    }


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out attempt sees: the API's JSON error shape under /api/, the sign-in page elsewhere."""
    message = lockout_message()
    retry_after = str(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    if request.path.startswith("/api/"):
        body = {"status": 429, "code": "locked_out", "detail": message, "fields": {}, "reasons": []}
        response: HttpResponse = JsonResponse(body, status=429)
    else:
        form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
        context = {**sign_in_context(request), "form": form, "refusal": message}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = retry_after
    return response
