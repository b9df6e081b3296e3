"""The CoE's view of sign-ins: lockouts in force (with an unlock button) and the recent failed attempts."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput
from core.web import page
from governance.selectors.signin import signin_failures, signin_lockouts
from governance.services.signin import signin_unlock

PAGE_SIZE = 50


@page()
def signins(request: HttpRequest) -> HttpResponse:
    lockouts = signin_lockouts(user=request.user)
    failures = Paginator(signin_failures(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/signins.html", {"lockouts": lockouts, "page": failures})


@page("POST")
def unlock(request: HttpRequest) -> HttpResponse:
    username, address = str(request.POST.get("username", "")), str(request.POST.get("address", ""))
    try:
        signin_unlock(actor=request.user, username=username, address=address)
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Unlocked %(who)s: the next sign-in is checked afresh.") % {"who": username or address}
        )
    return redirect("governance:signins")
