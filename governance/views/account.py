"""The person's own settings: their locale (language, time zone, date style — the pages, notifications and email
follow it), the language switch in the header, and the password reset by email."""

from __future__ import annotations

import contextlib
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.exceptions import DomainError
from core.web import form_submit, page
from governance import locale, sso
from governance.inputs import LocaleInput
from governance.middleware import AUTH_AT, AUTH_METHOD
from governance.services import preferences
from governance.signin import client_address, sign_in_context
from governance.stepup import provider_step_up_url
from governance.twofactor import SignInForm, code_refusal, device_of


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the pages' language, and remember it as the signed-in user's language for notifications and email."""
    if request.user.is_authenticated:
        # An unknown code changes nothing here; Django's view below ignores it too.
        with contextlib.suppress(DomainError):
            preferences.user_language_set(actor=request.user, language=request.POST.get("language", ""))
    return set_language(request)


def locale_applied(request: HttpRequest, response: HttpResponse, preference) -> HttpResponse:
    """The person's new locale in force from the next page: zone and date style in the session, the language in
    the language cookie (as the header's switch sets it)."""
    locale.remember(request.session, locale.preference_locale(preference))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        preference.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@page("GET", "POST")
def account(request: HttpRequest) -> HttpResponse:
    """Your language, time zone and date style: the pages from the next one on, your notifications and your emails."""
    status = 200
    if request.method == "POST":
        form = LocaleInput(request.POST, prefix="locale")
        saved, result = form_submit(
            form,
            lambda data: preferences.user_locale_set(
                actor=request.user,
                language=data["language"] or None,
                time_zone=data["time_zone"],
                date_style=data["date_style"] or None,
            ),
        )
        if saved:
            with translation.override(result.language):
                messages.success(request, _("Your preferences were saved."))
            return locale_applied(request, redirect("governance:account"), result)
        status = result
    else:
        chosen = locale.person_locale(request.user)
        initial = {
            "language": chosen.language or translation.get_language(),
            "time_zone": chosen.time_zone,
            "date_style": chosen.date_style,
        }
        form = LocaleInput(prefix="locale", initial=initial)
    return render(request, "governance/account.html", {"form": form, "now": timezone.now()}, status=status)


class SignInPage(auth_views.LoginView):
    """Django's sign-in page, offering single sign-on when it is configured and the password form unless local
    sign-in is switched off; a person with an authenticator app gives its code too."""

    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sign_in_context(self.request))
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with links built from SITE_URL (never the request's Host header) and at most
    PASSWORD_RESET_LIMIT requests an hour per client address and per email address."""

    def post(self, request, *args, **kwargs):
        email = str(request.POST.get("email", ""))[:254].strip().lower()
        keys = [f"password-reset:addr:{client_address(request)}", f"password-reset:email:{email}"]
        if any(cache.get(key, 0) >= settings.PASSWORD_RESET_LIMIT for key in keys):
            form = self.get_form()
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        for key in keys:
            if not cache.add(key, 1, 3600):
                with contextlib.suppress(ValueError):
                    cache.incr(key)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())


def _while_reset_enabled(view):
    """A password reset page that does not exist while PASSWORD_RESET_ENABLED is off (single sign-on)."""

    def wrapper(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED or not settings.LOCAL_LOGIN_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def password_reset_urls() -> list:
    """The password reset pages, ahead of django.contrib.auth.urls' own: links from SITE_URL, throttled, and
    switchable off."""
    return [
        path("accounts/password_reset/", _while_reset_enabled(PasswordResetView.as_view()), name="password_reset"),
        path(
            "accounts/password_reset/done/",
            _while_reset_enabled(auth_views.PasswordResetDoneView.as_view()),
            name="password_reset_done",
        ),
        path(
            "accounts/reset/<uidb64>/<token>/",
            _while_reset_enabled(auth_views.PasswordResetConfirmView.as_view()),
            name="password_reset_confirm",
        ),
        path(
            "accounts/reset/done/",
            _while_reset_enabled(auth_views.PasswordResetCompleteView.as_view()),
            name="password_reset_complete",
        ),
    ]


@page("GET", "POST")
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm the password before an action that needs a recent sign-in; then back to where the person was."""
    next_url = str(request.POST.get("next") or request.GET.get("next") or "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    provider = request.session.get(AUTH_METHOD) == "oidc" and sso.enabled()
    error = ""
    if request.method == "POST" and not provider:
        user = authenticate(
            request, username=request.user.get_username(), password=str(request.POST.get("password", ""))
        )
        refusal = code_refusal(request.user, request.POST.get("code")) if user is not None else None
        if user is not None and user.pk == request.user.pk and refusal is None:
            request.session[AUTH_AT] = int(time.time())
            request.session[AUTH_METHOD] = "password+totp" if device_of(request.user) else "password"
            return redirect(next_url)
        error = refusal or _("That is not your password.")
    return render(
        request,
        "registration/reauthenticate.html",
        {
            "next": next_url,
            "error": error,
            "wants_code": device_of(request.user) is not None,
            "minutes": settings.FRESH_SIGN_IN_MINUTES,
            "provider_url": provider_step_up_url(next_url) if provider else "",
            "sso_name": settings.OIDC_PROVIDER_NAME,
        },
        status=400 if error else 200,
    )
