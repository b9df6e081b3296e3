"""The person's own second factor: set up an authenticator app (QR code and key, confirmed with a first code) or
remove it."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.exceptions import InvalidInput, Refused
from core.web import page, page_of
from governance.services import twofactor as services
from governance.twofactor import device_of


def _page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    context = {"device": device_of(request.user), "pending": pending, "error": error}
    if pending is not None:
        context["qr"] = segno.make(pending.config_url, error="m").svg_inline(scale=4, title=_("Authenticator QR code"))
        key = base64.b32encode(pending.bin_key).decode()
        context["key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))  # typed by hand when no camera
    return render(request, "governance/twofactor.html", context, status=status)


twofactor = page_of(_page)


@page("POST")
def twofactor_change(request: HttpRequest) -> HttpResponse:
    step, code = request.POST.get("step"), str(request.POST.get("code", ""))
    try:
        if step == "start":
            services.totp_start(actor=request.user)
            return redirect("governance:twofactor")
        if step == "confirm":
            services.totp_confirm(actor=request.user, code=code)
            messages.success(request, _("Your authenticator is set up: every password sign-in now asks for its code."))
        else:
            services.totp_remove(actor=request.user, code=code)
            messages.success(request, _("Your authenticator was removed."))
    except (InvalidInput, Refused) as error:
        reasons = [m for ms in getattr(error, "fields", {}).values() for m in ms] or [error.message]
        return _page(request, error=" ".join(reasons), status=400 if isinstance(error, InvalidInput) else 409)
    return redirect("governance:twofactor")
