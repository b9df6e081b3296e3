"""Helpers the pages of both apps share: domain errors as HTTP answers or form errors, htmx-aware answers, people's
names and CSV exports.

A service raises NotFound (the page answers 404), Forbidden (403), InvalidInput (the form shows the field messages,
400) or Refused (the form shows the sentence and every reason, 409). Nothing is half-saved: services run in one
transaction, so a page only has to show what went wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import DomainError, Forbidden, FreshSignInRequired, InvalidInput, NotFound, Refused

BAD_INPUT = 400
CONFLICT = 409
SIGNED_OUT = 401


def http_errors(view: Callable) -> Callable:
    """Let a view raise NotFound and Forbidden from selectors and services: they become 404 and 403 pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except FreshSignInRequired:
            raise  # a middleware sends the person to sign in again
        except Forbidden as error:
            raise PermissionDenied(error.message) from error

    return wrapper


def add_domain_error(form: forms.Form, error: DomainError, *, field_map: dict[str, str] | None = None) -> int:
    """Put ``error`` on ``form`` (field messages on their fields) and return the status code to answer with.

    Forbidden and NotFound are not form errors: they are re-raised for ``http_errors`` to turn into 403 and 404.
    """
    if isinstance(error, NotFound | Forbidden):
        raise error
    field_map = field_map or {}
    leftover: list[str] = []
    for name, messages in error.fields.items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
        else:
            leftover.extend(messages)
    form.add_error(None, [error.message, *error.reasons, *leftover])
    if isinstance(error, InvalidInput):
        return BAD_INPUT
    if isinstance(error, Refused):
        return CONFLICT
    return BAD_INPUT


def htmx_aware(response: HttpResponse) -> HttpResponse:
    """The same URL answers a whole page or an htmx fragment: caches must keep them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def person_name(user) -> str:
    """A person as pages and exports name them: the full name, else the login name (empty for nobody)."""
    return (user.get_full_name() or user.get_username()) if user else ""


# A spreadsheet reads a cell that begins with one of these as a formula (CSV injection): =HYPERLINK(...), +1+1, @SUM.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text: text beginning like a formula gets a leading apostrophe.

    Numbers stay numbers (a negative amount is not a formula); only text is neutralised.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    """A CSV download streamed row by row, every cell neutralised against formulas; a byte-order mark lets
    spreadsheet programs read the Chinese labels as UTF-8. Every export of the app goes through here."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def form_submit(form: forms.Form, perform: Callable[[dict], object], *, field_map: dict[str, str] | None = None):
    """Check ``form`` and, when it is valid, run ``perform`` (a service call) with its cleaned data.

    Returns ``(True, what perform returned)``, or ``(False, status)`` with the form carrying the messages: 400 for
    bad input, 409 for a refusal. NotFound and Forbidden pass through to ``http_errors``.
    """
    if not form.is_valid():
        return False, BAD_INPUT
    try:
        return True, perform(form.cleaned_data)
    except DomainError as error:
        return False, add_domain_error(form, error, field_map=field_map)


def page_of(builder: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """The GET view of a page its POST handlers render again with their forms: ``builder(request)`` as it stands."""

    @page()
    def view(request: HttpRequest) -> HttpResponse:
        return builder(request)

    return view


def return_address(request: HttpRequest, *, is_page: bool = True) -> str:
    """The page a request was made from, as a path to come back to with GET: the request's own address for a page
    opened with GET (not htmx), else the same-site page it came from (the Referer), else the portfolio."""
    if is_page and request.method == "GET" and not request.headers.get("HX-Request"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def sign_in_again(request: HttpRequest) -> HttpResponse:
    """The answer to a request whose session has ended: a plain request goes to the sign-in page and from there
    back to the page it was made from (never to a form's POST address, which would answer 405); an htmx request
    gets 401 and the sign-in address, and the page's script offers to sign in again, keeping what was typed."""
    back = return_address(request)
    if urlsplit(back).path == resolve_url(settings.LOGIN_URL):
        return redirect(back)  # the sign-in page's own form, sent with an outdated token: show it again
    if request.headers.get("HX-Request"):
        login = redirect_to_login(back).url
        body = {"detail": _("You were signed out. Sign in again: what you typed is kept."), "login": login}
        response = JsonResponse(body, status=SIGNED_OUT)
        response["X-Sign-In"] = login
        return response
    return redirect_to_login(back)


def signed_in(view: Callable) -> Callable:
    """login_required, answering a request whose session has ended with ``sign_in_again``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return sign_in_again(request)
        return view(request, *args, **kwargs)

    return wrapper


def page(*methods: str):
    """A page or form endpoint for people signed in: only ``methods`` (GET when none), sign-in required, and
    NotFound/Forbidden from selectors and services answered 404/403."""
    allowed = list(methods or ("GET",))

    def decorate(view: Callable) -> Callable:
        checked = require_http_methods(allowed)(signed_in(http_errors(view)))
        checked.page_methods = tuple(allowed)  # read by the browser tests that visit every page
        if "GET" in allowed:
            return checked

        @wraps(view)
        def form_endpoint(request, *args, **kwargs):
            # A form's address opened as a page (an old link, a reload after signing in) shows the page it belongs
            # to instead of a bare 405.
            if request.method == "GET" and not request.headers.get("HX-Request"):
                back = return_address(request, is_page=False)
                return redirect(back if urlsplit(back).path != request.path else "/")
            return checked(request, *args, **kwargs)

        form_endpoint.page_methods = tuple(allowed)
        return form_endpoint

    return decorate
