"""Request middleware: a request id (from X-Request-ID when a proxy sets one) that audit events record, the idle
session timeout, the person's language, time zone and date style, private caching of API answers, and CSRF refusals
in the API's error shape."""

import re
import secrets
import time
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views import csrf as csrf_views

from core.web import return_address, sign_in_again
from governance.context import request_id_var

# Session keys: when and how the person last authenticated (a password here, or the OpenID Connect provider).
AUTH_AT = "auth_at"
AUTH_METHOD = "auth_method"
LANGUAGE_AT_SIGN_IN = "language_at_sign_in"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class IdleTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT_SECONDS without a request (a forgotten open laptop)."""

    SESSION_KEY = "_last_seen"
    # Writing the session on every request would cost a query each time; once a minute is precise enough.
    RESOLUTION_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
            elif not isinstance(last_seen, int) or now - last_seen >= self.RESOLUTION_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


def session_started(sender, request, user, **kwargs) -> None:
    """user_logged_in: the idle clock starts at sign-in (so the first page does not write the session), and the
    session records when and how the person authenticated (the fresh-sign-in rule reads it)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[IdleTimeoutMiddleware.SESSION_KEY] = now
    oidc_time = getattr(request, "oidc_auth_time", None)
    request.session[AUTH_AT] = min(int(oidc_time), now) if oidc_time else now
    # The person's locale (kept on their preferences) applies from the first page after sign-in: the language
    # through the language cookie (SignInLanguageMiddleware), the zone and date style through the session.
    from governance import locale

    chosen = locale.person_locale(user)
    if chosen.language:
        request.session[LANGUAGE_AT_SIGN_IN] = chosen.language
    locale.remember(request.session, chosen)
    with_code = getattr(user, "signed_in_with_code", False)
    request.session[AUTH_METHOD] = "oidc" if oidc_time else ("password+totp" if with_code else "password")


class SignInLanguageMiddleware:
    """Right after a sign-in, the answer sets the language cookie to the person's own language, so the next page
    (and every one after) speaks it whatever the browser asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and LANGUAGE_AT_SIGN_IN in session:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                session.pop(LANGUAGE_AT_SIGN_IN),
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


class PersonLocaleMiddleware:
    """Every request of a signed-in person runs in their time zone and date style (kept in the session at sign-in,
    read from their preferences once for a session that predates them); everyone else in the deployment's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from governance import locale

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            if locale.TIME_ZONE_KEY not in session:
                locale.remember(session, locale.person_locale(user))
            locale.activate(session.get(locale.TIME_ZONE_KEY), session.get(locale.DATE_STYLE_KEY))
        try:
            return self.get_response(request)
        finally:
            locale.deactivate()


class ApiResponseMiddleware:
    """Answers under /api/ that depend on a session cookie are private to that person: no shared cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the API's JSON error shape under /api/; a person no longer signed in is sent to sign in
    again (core.web.sign_in_again); the app's own 403 page otherwise."""
    if request.path.startswith("/api/"):
        from governance.tokens import CSRF_REFUSAL

        body = {"status": 403, "code": "csrf_failed", "detail": str(CSRF_REFUSAL), "fields": {}, "reasons": []}
        return JsonResponse(body, status=403)
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        # A form sent from a page whose session has ended (signed out in another tab): sign in again and come back.
        return sign_in_again(request)
    if settings.DEBUG:
        return csrf_views.csrf_failure(request, reason=reason)
    message = _("This page was out of date (you may have signed in again in another tab). Reload it and try again.")
    return render(request, "403.html", {"exception": message}, status=403)


class FreshSignInMiddleware:
    """A page action that needs a recent sign-in sends the person to sign in again, then back to the page they
    acted from (governance.stepup)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from core.exceptions import FreshSignInRequired
        from governance.stepup import step_up_url

        if not isinstance(exception, FreshSignInRequired) or request.path.startswith("/api/"):
            return None
        referer = urlsplit(request.headers.get("Referer", ""))
        back = referer.path + (f"?{referer.query}" if referer.query else "") if referer.path else "/"
        messages.warning(request, exception.message)
        target = step_up_url(request, back)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


class PostRedirectGetMiddleware:
    """Every form a browser sends to a page ends in a redirect: a page rendered in answer to a POST (the form again
    with its messages and the input kept, a refusal, a secret shown once) is kept in the session and the browser is
    sent (303) to the page the form was on, which shows it once. Reloading then shows the page afresh and never
    sends the form again.

    Only for a signed-in browser navigating (it accepts text/html; htmx requests swap fragments and keep the
    address), outside /api/, /admin/ and the sign-in pages, and only when the page the form came from is known."""

    SESSION_KEY = "_shown_page"
    QUERY = "shown"
    LIMIT = 2_000_000  # characters: a page larger than this is answered in place rather than kept

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and self.QUERY in request.GET and hasattr(request, "session"):
            return self._show(request)
        response = self.get_response(request)
        if self._keeps(request, response):
            return self._redirect(request, response)
        return response

    def _keeps(self, request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            request.method == "POST"
            and user is not None
            and user.is_authenticated
            and hasattr(request, "session")
            and not request.headers.get("HX-Request")
            and "text/html" in request.headers.get("Accept", "")
            and not request.path.startswith(("/api/", "/admin/", "/accounts/", "/oidc/"))
            and not response.streaming
            and response.status_code in (200, 400, 403, 404, 409)
            and response.get("Content-Type", "").startswith("text/html")
            and len(response.content) <= self.LIMIT
            and bool(request.headers.get("Referer"))
        )

    def _redirect(self, request, response):
        back = urlsplit(return_address(request, is_page=False))
        token = secrets.token_urlsafe(12)
        request.session[self.SESSION_KEY] = {
            "token": token,
            "path": back.path,
            "status": response.status_code,
            "type": response["Content-Type"],
            "body": response.content.decode(response.charset or "utf-8"),
        }
        query = [(key, value) for key, value in parse_qsl(back.query) if key != self.QUERY]
        return HttpResponseRedirect(back.path + "?" + urlencode([*query, (self.QUERY, token)]), status=303)

    def _show(self, request):
        kept = request.session.get(self.SESSION_KEY)
        if kept and kept.get("token") == request.GET[self.QUERY] and kept.get("path") == request.path:
            del request.session[self.SESSION_KEY]
            response = HttpResponse(kept["body"], status=kept["status"], content_type=kept["type"])
            patch_cache_control(response, private=True, no_store=True)
            return response
        # Shown already (a reload): the page as it is now, at its own address.
        query = [(key, value) for key, value in request.GET.items() if key != self.QUERY]
        return redirect(request.path + (f"?{urlencode(query)}" if query else ""))
