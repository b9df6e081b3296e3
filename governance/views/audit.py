"""The audit log (auditors and the CoE), filtered by initiative, verb and dates."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from adoption.selectors.initiatives import initiative_get
from core.exceptions import NotFound
from core.web import page
from governance.forms import AuditFilterForm
from governance.selectors.audit import audit_events_visible

PAGE_SIZE = 50


@page()
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict = {}
    initiative = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["initiative"]:
            key = data["initiative"].strip().upper()
            try:
                initiative = initiative_get(user=request.user, key=key)
            except NotFound as error:
                form.add_error("initiative", error.message)
                events = audit_events_visible(user=request.user).none()
                page = Paginator(events, PAGE_SIZE).get_page(1)
                return render(request, "governance/audit.html", {"form": form, "page": page})
        tz = timezone.get_current_timezone()
        filters = {
            "initiative": initiative,
            "verb": data["verb"] or None,
            "since": datetime.datetime.combine(data["since"], datetime.time.min, tzinfo=tz) if data["since"] else None,
            "until": (
                datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
                if data["until"]
                else None
            ),
        }
    events = audit_events_visible(user=request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/audit.html", {"form": form, "page": page})
