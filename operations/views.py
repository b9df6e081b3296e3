"""The registers of an initiative's life after production, one page each under the initiative: filings, production
changes, incidents and the retirement checklist. Reads through the selectors (an invisible initiative is a 404),
writes through the services; what a person may do is ``governance.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from adoption.selectors.initiatives import initiative_get
from core.web import form_submit, page
from governance import actions
from operations import forms, inputs
from operations.changes import requirement_sentences
from operations.choices import ChangeKind
from operations.models import ChangeRequest, Filing, Incident, IncidentDeadline
from operations.selectors.filings import filings_of
from operations.selectors.registers import change_requests_of, incidents_of
from operations.selectors.retirement import retirement_checklist
from operations.services import changes, filings, incidents, retirement

PAGES = {
    "filings": "operations/filings.html",
    "changes": "operations/changes.html",
    "incidents": "operations/incidents.html",
    "retirement": "operations/retirement.html",
}


def _context(request: HttpRequest, key: str, which: str, **forms_given) -> dict:
    initiative = initiative_get(user=request.user, key=key)
    allowed = actions.available_actions(user=request.user, initiative=initiative).allowed_names
    context = {"initiative": initiative, "allowed": allowed, "which": which}
    if which == "filings":
        context["filings"] = list(filings_of(user=request.user, initiative=initiative))
        context["filing_form"] = forms_given.get("filing_form") or forms.FilingForm(prefix="filing")
        context["document_form"] = forms_given.get("document_form") or forms.FilingDocumentForm(prefix="document")
    elif which == "changes":
        found = list(change_requests_of(user=request.user, initiative=initiative))
        for change in found:
            change.asks_for = requirement_sentences(change.requirements)
            change.kind_labels = [str(ChangeKind(kind).label) for kind in change.kinds]
        context["changes"] = found
        context["change_form"] = forms_given.get("change_form") or inputs.ChangeRequestInput(prefix="change")
        context["decision_form"] = forms_given.get("decision_form") or forms.ChangeDecisionForm(prefix="decision")
    elif which == "incidents":
        context["incidents"] = list(incidents_of(user=request.user, initiative=initiative))
        context["open_deadlines"] = [
            deadline
            for incident in context["incidents"]
            for deadline in incident.deadlines.all()
            if not deadline.reported_at
        ]
        context["incident_form"] = forms_given.get("incident_form") or inputs.IncidentInput(prefix="incident")
        context["report_form"] = forms_given.get("report_form") or forms.DeadlineReportForm(prefix="report")
        context["open_incidents"] = [i for i in context["incidents"] if i.status != "closed"]
        context["status_form"] = forms_given.get("status_form") or forms.IncidentStatusForm(prefix="status")
    else:
        items = retirement_checklist(initiative)
        context["items"] = items
        context["left"] = sum(1 for item in items if item.done is None)
        context["tick_form"] = forms_given.get("tick_form") or forms.RetirementForm(prefix="tick", items=items)
    return context


def _show(request: HttpRequest, key: str, which: str, status: int = 200, **forms_given) -> HttpResponse:
    return render(request, PAGES[which], _context(request, key, which, **forms_given), status=status)


def _post(request, key: str, which: str, name: str, form, perform, success: str) -> HttpResponse:
    done, status = form_submit(form, perform)
    if done:
        messages.success(request, success)
        return redirect(reverse(f"operations:{which}", args=[key]))
    return _show(request, key, which, status=status, **{name: form})


@page()
def filings_page(request: HttpRequest, key: str) -> HttpResponse:
    return _show(request, key, "filings")


@page("POST")
def filing_record(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)

    def perform(data):
        filing = Filing(pk=data.pop("filing"))
        if not filings_of(user=request.user, initiative=initiative).filter(pk=filing.pk).exists():
            filing.pk = 0  # another initiative's filing: not found
        return filings.filing_record(actor=request.user, filing=filing, **data)

    form = forms.FilingForm(request.POST, prefix="filing")
    return _post(request, key, "filings", "filing_form", form, perform, _("The filing was updated."))


@page("POST")
def filing_document(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)

    def perform(data):
        pk = data.pop("filing")
        mine = filings_of(user=request.user, initiative=initiative).filter(pk=pk).exists()
        return filings.filing_document_add(actor=request.user, filing=Filing(pk=pk if mine else 0), **data)

    form = forms.FilingDocumentForm(request.POST, request.FILES, prefix="document")
    return _post(request, key, "filings", "document_form", form, perform, _("The document was attached."))


@page()
def changes_page(request: HttpRequest, key: str) -> HttpResponse:
    return _show(request, key, "changes")


@page("POST")
def change_request(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    form = inputs.ChangeRequestInput(request.POST, prefix="change")
    return _post(
        request,
        key,
        "changes",
        "change_form",
        form,
        lambda data: changes.change_request_create(actor=request.user, initiative=initiative, **data),
        _("The change was requested; a compliance officer and the CoE sign it."),
    )


@page("POST")
def change_decide(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    services = {
        "approve": changes.change_request_approve,
        "reject": changes.change_request_reject,
        "withdraw": changes.change_request_withdraw,
    }

    def perform(data):
        pk = data.pop("change")
        change = ChangeRequest(pk=pk if ChangeRequest.objects.filter(pk=pk, initiative=initiative).exists() else 0)
        return services[data.pop("decision")](actor=request.user, change=change, **data)

    form = forms.ChangeDecisionForm(request.POST, prefix="decision")
    return _post(request, key, "changes", "decision_form", form, perform, _("The decision was recorded."))


@page()
def incidents_page(request: HttpRequest, key: str) -> HttpResponse:
    return _show(request, key, "incidents")


@page("POST")
def incident_record(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    form = inputs.IncidentInput(request.POST, prefix="incident")
    return _post(
        request,
        key,
        "incidents",
        "incident_form",
        form,
        lambda data: incidents.incident_record(actor=request.user, initiative=initiative, **data),
        _("The incident was recorded; the owner, compliance and the CoE have been told."),
    )


@page("POST")
def incident_report(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)

    def perform(data):
        pk = data.pop("deadline")
        mine = IncidentDeadline.objects.filter(pk=pk, initiative=initiative).exists()
        return incidents.incident_report(actor=request.user, deadline=IncidentDeadline(pk=pk if mine else 0), **data)

    form = forms.DeadlineReportForm(request.POST, prefix="report")
    return _post(request, key, "incidents", "report_form", form, perform, _("The report was recorded."))


@page("POST")
def incident_status(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)

    def perform(data):
        pk = data.pop("incident")
        mine = Incident.objects.filter(pk=pk, initiative=initiative).exists()
        return incidents.incident_status_set(actor=request.user, incident=Incident(pk=pk if mine else 0), **data)

    form = forms.IncidentStatusForm(request.POST, prefix="status")
    return _post(request, key, "incidents", "status_form", form, perform, _("The incident was updated."))


@page()
def retirement_page(request: HttpRequest, key: str) -> HttpResponse:
    return _show(request, key, "retirement")


@page("POST")
def retirement_tick(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    form = forms.RetirementForm(request.POST, prefix="tick", items=retirement_checklist(initiative))
    return _post(
        request,
        key,
        "retirement",
        "tick_form",
        form,
        lambda data: retirement.retirement_item_tick(actor=request.user, initiative=initiative, **data),
        _("The item was ticked."),
    )
