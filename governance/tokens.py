"""The API's token authentication and the permission that holds a read-only token to reading."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular import authentication as spectacular_auth
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from governance.models import ApiToken, TokenScope

KEYWORDS = (b"token", b"bearer")
READ_ONLY = gettext_lazy("This token may only read.")
EVALUATIONS_ONLY = gettext_lazy("This token may only push evaluation runs.")
CSRF_REFUSAL = gettext_lazy("CSRF check failed: send the X-CSRFToken header with a session, or use a token.")


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <secret>`` (or ``Bearer <secret>``): an ApiToken in force, of an active person."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: send “Token <secret>”."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        from governance.services.tokens import token_user

        token, refusal = token_user(secret)
        if refusal is not None:
            raise exceptions.AuthenticationFailed(refusal)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return "Token"


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; a missing or wrong CSRF token is refused with its own error code."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(CSRF_REFUSAL, code="csrf_failed") from None


class TokenScopeAllows(BasePermission):
    """A read-only token may read and nothing else; an evaluations token may only push evaluation runs (to the
    views that take them, which check its initiatives); a session or a full token is left to the view's own
    checks."""

    message = READ_ONLY

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if token.scope == TokenScope.EVALUATIONS:
            self.message = EVALUATIONS_ONLY
            return bool(getattr(view, "takes_evaluation_tokens", False)) and request.method == "POST"
        if token.read_only:
            self.message = READ_ONLY
            return request.method in SAFE_METHODS
        return True


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the API schema describes ApiTokenAuthentication."""

    target_class = "governance.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <secret>` from POST /api/v1/auth/token/ or /api/v1/auth/tokens/.",
        }


class SessionScheme(spectacular_auth.SessionScheme):
    """The schema describes our session authentication as drf-spectacular describes DRF's."""

    target_class = "governance.tokens.SessionAuthentication"
