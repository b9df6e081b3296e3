"""The person's own API tokens: create one (its secret shown once), see when each expires, revoke any."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.web import form_submit, page, page_of
from governance.inputs import TokenInput
from governance.selectors.tokens import api_tokens_mine
from governance.services import tokens as token_services

# The new secret travels to the next page in the session (never in a URL) and is dropped once shown.
NEW_SECRET = "new_api_token"  # noqa: S105 (a session key)
LIST_SIZE = 100


def _tokens_page(request: HttpRequest, *, form: TokenInput | None = None, status: int = 200) -> HttpResponse:
    context = {
        "tokens": api_tokens_mine(user=request.user)[:LIST_SIZE],
        "form": form or TokenInput(prefix="token"),
        "secret": request.session.pop(NEW_SECRET, None),
    }
    return render(request, "governance/tokens.html", context, status=status)


tokens = page_of(_tokens_page)


@page("POST")
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenInput(request.POST, prefix="token")
    created, result = form_submit(
        form,
        lambda data: token_services.token_create(
            user=request.user, name=data["name"], days=data["days"], read_only=data["read_only"]
        ),
    )
    if not created:
        return _tokens_page(request, form=form, status=result)
    request.session[NEW_SECRET] = result[1]
    return redirect("governance:tokens")


@page("POST")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = token_services.token_revoke(actor=request.user, token_id=pk)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("governance:tokens")
