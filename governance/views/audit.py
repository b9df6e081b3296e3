"""The audit log (auditors and the CoE), filtered by initiative, verb and dates, as a page or a CSV, with the
result of verifying the hash chains when asked."""

from __future__ import annotations

import datetime
import itertools
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.selectors.initiatives import initiative_get
from core.exceptions import NotFound
from core.web import csv_response, page
from governance.forms import AuditFilterForm
from governance.labels import describe_events
from governance.selectors.audit import audit_chain_state, audit_events_visible

PAGE_SIZE = 50
CSV_BATCH = 1000


def _filters(request: HttpRequest, form: AuditFilterForm) -> dict | None:
    """The selector's filters from the form; None when the initiative named is unknown or invisible."""
    if not (form.is_bound and form.is_valid()):
        return {}
    data = form.cleaned_data
    initiative = None
    if data["initiative"]:
        try:
            initiative = initiative_get(user=request.user, key=data["initiative"].strip().upper())
        except NotFound as error:
            form.add_error("initiative", error.message)
            return None
    tz = timezone.get_current_timezone()
    return {
        "initiative": initiative,
        "verb": data["verb"] or None,
        "since": datetime.datetime.combine(data["since"], datetime.time.min, tzinfo=tz) if data["since"] else None,
        "until": (
            datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
            if data["until"]
            else None
        ),
    }


def _events(request: HttpRequest):
    """The filter form (without the page's own controls), its query string and the events it selects."""
    query = request.GET.copy()
    for control in ("page", "verify"):
        query.pop(control, None)
    form = AuditFilterForm(query or None)
    filters = _filters(request, form)
    events = audit_events_visible(user=request.user, **(filters or {}))
    return form, query.urlencode(), events if filters is not None else events.none()


def _page(request: HttpRequest, form, query: str, events, status: int = 200) -> HttpResponse:
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    describe_events(page.object_list)
    context = {
        "form": form,
        "page": page,
        "items": page.object_list,
        "chain": audit_chain_state(user=request.user, verify=request.GET.get("verify") == "1"),
        "query": query,
    }
    return render(request, "governance/audit.html", context, status=status)


@page()
def audit(request: HttpRequest) -> HttpResponse:
    return _page(request, *_events(request))


@page()
def audit_csv(request: HttpRequest) -> HttpResponse:
    """The events the same filters select, every one of them (streamed), with the sentences the page shows."""
    form, query, events = _events(request)
    if form.errors:
        return _page(request, form, query, events, status=400)
    header = [
        _("When"),
        _("Who"),
        _("What happened"),
        _("About"),
        _("Initiative"),
        _("Before"),
        _("After"),
        _("Event code"),
        _("Hash"),
    ]

    def rows():
        for batch in itertools.batched(events.iterator(chunk_size=CSV_BATCH), CSV_BATCH):
            for event in describe_events(batch):
                yield [
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.actor_name,
                    event.sentence,
                    event.object_label,
                    event.initiative.key if event.initiative else "",
                    json.dumps(event.before, ensure_ascii=False, sort_keys=True) if event.before else "",
                    json.dumps(event.after, ensure_ascii=False, sort_keys=True) if event.after else "",
                    event.verb,
                    event.hash,
                ]

    return csv_response(f"audit-log-{timezone.localdate().isoformat()}.csv", header, rows())
