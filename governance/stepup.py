"""Fresh sign-in before signing: approving or rejecting a gate, confirming a risk tier and lifting a hold a failed
compliance review imposed need an authentication no older than FRESH_SIGN_IN_MINUTES. ``auth_proof()`` reads it from
a request (the session's sign-in time and method, or the API token's creation); ``require_fresh()`` is the rule the
services apply; the sign-off keeps the proof."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.exceptions import FreshSignInRequired
from governance.middleware import AUTH_AT, AUTH_METHOD
from governance.models import ApiToken


@dataclass(frozen=True)
class AuthProof:
    """When and how the person acting last proved who they are."""

    at: datetime.datetime | None
    method: str


def auth_proof(request) -> AuthProof:
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        # A token is made with a password (or on a page after signing in): its creation is the authentication.
        return AuthProof(token.created_at, "api_token")
    session = getattr(request, "session", None)
    at = session.get(AUTH_AT) if session is not None else None
    method = session.get(AUTH_METHOD, "session") if session is not None else "session"
    moment = datetime.datetime.fromtimestamp(at, tz=datetime.UTC) if isinstance(at, int) else None
    return AuthProof(moment, method)


def is_fresh(auth: AuthProof) -> bool:
    window = datetime.timedelta(minutes=settings.FRESH_SIGN_IN_MINUTES)
    return auth.at is not None and timezone.now() - auth.at <= window


def require_fresh(auth: AuthProof | None) -> None:
    """Refuse unless ``auth`` is recent. None is a caller without a person at a keyboard (the demo loader, the
    benchmark's data generator): pages and the API always pass the request's proof."""
    if auth is None or is_fresh(auth):
        return
    raise FreshSignInRequired(
        _("Sign in again first: this needs a sign-in within the last %(minutes)d minutes.")
        % {"minutes": settings.FRESH_SIGN_IN_MINUTES}
    )


def step_up_url(request, next_url: str) -> str:
    """Where a page sends a person whose sign-in is too old: a page of ours that asks for the password, or offers
    the provider again (a form's redirect may not leave for the provider: the CSP's form-action is 'self')."""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return reverse("reauthenticate") + "?" + urlencode({"next": next_url})


def provider_step_up_url(next_url: str) -> str:
    return reverse("oidc_authentication_init") + "?" + urlencode({"next": next_url, "step_up": "1"})
