"""OpenID Connect sign-in (mozilla-django-oidc): the provider's endpoints discovered from ``OIDC_ISSUER``, the code
flow with PKCE and a nonce, the ID token checked for signature, issuer, audience and expiry, and the person and
their roles from the claims (``governance.services.sso``). A step-up sign-in asks the provider for a fresh
authentication (``prompt=login``, ``max_age=0``)."""

from __future__ import annotations

import functools
import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from mozilla_django_oidc import auth as oidc_auth
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.utils import import_from_settings

from governance.middleware import AUTH_AT, AUTH_METHOD
from governance.services import sso as sso_services

log = logging.getLogger(__name__)

# The endpoints mozilla-django-oidc reads from settings, as the discovery document names them.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
STEP_UP = "oidc_step_up"


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


@functools.lru_cache(maxsize=8)
def discovery(issuer: str) -> dict:
    """The provider's discovery document (cached per process)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise SuspiciousOperation("The discovery document names another issuer.")
    return document


def setting(attr: str, *default):
    """A mozilla-django-oidc setting: an endpoint from the discovery document unless configured explicitly."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        if not enabled():
            raise Http404
        return discovery(settings.OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


class OidcBackend(oidc_auth.OIDCAuthenticationBackend):
    """The tracker's relying party: people matched by (issuer, sub), never by an unverified email. Its settings are
    read when a code is exchanged, not when the backend is made: a password sign-in never waits for the provider."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr, *args):
        return setting(attr, *args)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not enabled() or "code_verifier" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token, key):
        """The ID token's claims, its signature, issuer, audience and expiry checked."""
        issuer = discovery(settings.OIDC_ISSUER)["issuer"]
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=60,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer names another subject.")
        claims.update(userinfo)
        try:
            signed_in = sso_services.person_from_claims(issuer=payload["iss"], claims=claims)
        except sso_services.SignInRefused:
            messages.error(self.request, _("Your organisation's sign-in service says your account is not active."))
            return None
        # When the provider authenticated the person: the fresh-sign-in rule reads it (governance.stepup).
        self.request.oidc_auth_time = int(payload.get("auth_time") or time.time())
        return signed_in.user


class SignInView(oidc_views.OIDCAuthenticationRequestView):
    """Starts the code flow; after ``?step_up=1`` the provider must authenticate the person again."""

    @staticmethod
    def get_settings(attr, *args):
        return setting(attr, *args)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.GET.get("step_up"):
            params.update({"prompt": "login", "max_age": "0"})
        return params


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    @staticmethod
    def get_settings(attr, *args):
        return setting(attr, *args)

    def login_success(self):
        response = super().login_success()
        # A step-up by the person already signed in does not log in again: record the new authentication here.
        auth_time = getattr(self.request, "oidc_auth_time", None)
        if auth_time:
            self.request.session[AUTH_AT] = min(int(auth_time), int(time.time()))
            self.request.session[AUTH_METHOD] = "oidc"
        return response
