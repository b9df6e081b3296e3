"""Pages of the adoption app: the executive funnel, inline editing of gate criteria (htmx), evidence files, and
registering an initiative. Views call selectors and services only; governance is reached through its access check.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from adoption.charts import funnel_charts, value_items, weekly_charts
from adoption.choices import CriterionStatus, EvidenceKind, ImportedStage, Role
from adoption.forms import (
    CriterionUpdateForm,
    EvidenceForm,
    FunnelFilterForm,
    InitiativeCreateForm,
    MondayFilterForm,
    WaiveForm,
)
from adoption.selectors.criteria import (
    criteria_for,
    criterion_get,
    evidence_version_visible,
    gate_progress,
    latest_evidence,
)
from adoption.selectors.funnel import cohorts_visible, funnel_summary
from adoption.selectors.funnel_tags import funnel_by_tag, imported_later
from adoption.selectors.initiatives import initiative_get
from adoption.selectors.people import people_for_registration
from adoption.selectors.units import units_for_registration, units_visible
from adoption.selectors.weekly import monday_view
from adoption.services.criteria import criterion_update, criterion_waive
from adoption.services.evidence import evidence_add
from adoption.services.initiatives import initiative_create
from adoption.tables import FUNNEL_TABLES, MONDAY_TABLES
from core.web import csv_response, form_submit, page
from governance import access, actions

SETTABLE = (CriterionStatus.OPEN, CriterionStatus.MET, CriterionStatus.NOT_MET)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- Executive funnel -------------------------------------------------------------------------------------------


def _operations_counts(*, user, business_unit):
    """Filings due and open incidents (the operations app), for the funnel's heading."""
    from operations.selectors.portfolio import operations_counts

    return operations_counts(user=user, business_unit=business_unit)


@page()
def funnel(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = FunnelFilterForm(request.GET or None, units=units_visible(user=user), cohorts=cohorts_visible(user=user))
    business_unit, cohort = None, None
    if form.is_bound and form.is_valid():
        business_unit = form.cleaned_data["business_unit"]
        cohort = form.cleaned_data["cohort"] or None
    summary = funnel_summary(user=user, business_unit=business_unit, cohort=cohort)
    currency = settings.REPORTING_CURRENCY
    context = {
        "form": form,
        "funnel": summary,
        "charts": funnel_charts(summary, currency=currency),
        "value": value_items(summary.value),
        "currency": currency,
        "business_unit": business_unit,
        "cohort": cohort,
        "csv_url": "adoption:funnel_csv",
        "query": request.GET.urlencode(),
        # The breakdown by programme and cohort tag, and the data quality note on imported initiatives.
        "by_tag": funnel_by_tag(user=user, business_unit=business_unit, cohort=cohort),
        "imported_later": imported_later(user=user, business_unit=business_unit, cohort=cohort),
        "imported_stages": dict(ImportedStage.choices),
        "operations": _operations_counts(user=user, business_unit=business_unit),
    }
    template = "adoption/funnel.html#funnel-results" if request.htmx else "adoption/funnel.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _filtered(form) -> dict:
    """The valid filters of a funnel or Monday form (an invalid one is ignored, as on the page)."""
    if form.is_bound and form.is_valid():
        return {name: value for name, value in form.cleaned_data.items() if value}
    return {}


@page()
def funnel_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One of the funnel page's tables as CSV, for the same filters as the page."""
    if table not in FUNNEL_TABLES:
        raise Http404(_("No such table."))
    user = request.user
    form = FunnelFilterForm(request.GET or None, units=units_visible(user=user), cohorts=cohorts_visible(user=user))
    filters = _filtered(form)
    summary = funnel_summary(user=user, business_unit=filters.get("business_unit"), cohort=filters.get("cohort"))
    header, rows = FUNNEL_TABLES[table][1](summary, settings.REPORTING_CURRENCY)
    return csv_response(f"funnel-{table}-{timezone.localdate().isoformat()}.csv", header, rows)


# --- The Monday view --------------------------------------------------------------------------------------------


def _board_links(view, business_unit) -> dict[str, str]:
    """Where the Monday view's tiles and bars lead: the board, filtered by the board's own parameters (the unit)
    and opened at the column that holds what the figure counts."""
    board = reverse("governance:board")
    here = f"{board}?business_unit={business_unit.pk}" if business_unit else board
    links = {
        "board": here,
        "entered": f"{here}#col-exploration",
        "stopped": f"{here}#col-stopped",
        "production": f"{here}#col-in_production",
    }
    for item in view.units:
        links[f"unit-{item.unit.pk}"] = f"{board}?business_unit={item.unit.pk}"
    return links


@page()
def monday(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = MondayFilterForm(request.GET or None, units=units_visible(user=user))
    business_unit = _filtered(form).get("business_unit")
    view = monday_view(user=user, business_unit=business_unit)
    links = _board_links(view, business_unit)
    latest, previous = view.latest, view.previous
    changes = []
    if latest is not None:
        now, before = latest.figures, previous.figures if previous else None
        changes = [
            (_("Entered"), now.entered, before and before.entered, links["entered"], False),
            (_("Advanced"), now.advanced, before and before.advanced, links["board"], False),
            (_("Stopped"), now.stopped, before and before.stopped, links["stopped"], False),
            (_("Realised value"), now.realised_value, before and before.realised_value, links["production"], True),
        ]
    context = {
        "form": form,
        "view": view,
        "business_unit": business_unit,
        "changes": changes,
        "charts": weekly_charts(view, links=links),
        "links": links,
        "csv_url": "adoption:monday_csv",
        "query": request.GET.urlencode(),
    }
    return render(request, "adoption/monday.html", context)


@page()
def monday_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One of the Monday view's tables as CSV, for the same unit as the page."""
    if table not in MONDAY_TABLES:
        raise Http404(_("No such table."))
    form = MondayFilterForm(request.GET or None, units=units_visible(user=request.user))
    view = monday_view(user=request.user, business_unit=_filtered(form).get("business_unit"))
    header, rows = MONDAY_TABLES[table][1](view)
    return csv_response(f"week-{table}-{timezone.localdate().isoformat()}.csv", header, rows)


# --- Gate criteria, edited in place -----------------------------------------------------------------------------


def _criterion(request: HttpRequest, key: str, pk: int):
    """The initiative and one of its criteria, with what ``request.user`` may do to it."""
    initiative = initiative_get(user=request.user, key=key)
    criterion = criterion_get(user=request.user, initiative=initiative, pk=pk)
    versions = latest_evidence(user=request.user, initiative=initiative, criteria=[criterion])[criterion.pk]
    criterion.versions = versions
    criterion.latest = versions[0] if versions else None
    facts = actions.InitiativeFacts(user=request.user, initiative=initiative)
    criterion.can_edit = actions.criterion_evidence_state(facts, criterion).allowed
    # A criterion the initiative's data judges is not marked by hand: the refusal says what the data shows.
    criterion.mark_state = actions.criterion_mark_state(facts, criterion) if criterion.can_edit else None
    criterion.can_mark = bool(criterion.mark_state and criterion.mark_state.allowed)
    criterion.can_waive = actions.criterion_waive_state(facts, criterion).allowed
    if criterion.can_waive:
        criterion.waive_form = WaiveForm(prefix=f"w{criterion.pk}")
    return initiative, criterion


def _criterion_response(request: HttpRequest, partial: str, context: dict, *, status: int = 200) -> HttpResponse:
    """The criterion's fragment for htmx, or the criterion page for a browser without script."""
    template = f"adoption/criterion.html#{partial}" if request.htmx else "adoption/criterion.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _saved_context(request: HttpRequest, initiative, criterion) -> dict:
    """The saved criterion's row, and what to refresh beside the checklist: the phase's gate progress, and the
    request for a gate review when the person may see it (it becomes possible with the last criterion met)."""
    context = {
        "initiative": initiative,
        "criterion": criterion,
        "saved": True,
        "summary": gate_progress(criteria_for(user=request.user, initiative=initiative)),
        "oob_summary": True,
    }
    state = actions.action_state("request_review", user=request.user, initiative=initiative)
    if state.allowed or state.waiting:
        context.update(oob_request=True, request_state=state)
    return context


def _criterion_saved(request: HttpRequest, key: str, pk: int, message: str) -> HttpResponse:
    """After a criterion was saved: its refreshed row for htmx, or back to the initiative page with ``message``."""
    initiative, criterion = _criterion(request, key, pk)
    if not request.htmx:
        messages.success(request, message)
        return redirect(reverse("governance:initiative", args=[initiative.key]) + f"#criterion-{criterion.pk}")
    return _criterion_response(request, "row", _saved_context(request, initiative, criterion))


def _editor_context(initiative, criterion, *, update_form=None, evidence_form=None, waive_form=None, note=""):
    return {
        "initiative": initiative,
        "criterion": criterion,
        "update_form": update_form
        or CriterionUpdateForm(
            prefix=f"c{criterion.pk}",
            criterion=criterion,
            markable=criterion.can_mark,
            initial={
                "status": criterion.status if criterion.status in SETTABLE else CriterionStatus.OPEN,
                "metric_value": criterion.metric_value,
                "period_start": criterion.period_start,
                "period_end": criterion.period_end,
                "evidence_date": criterion.evidence_date,
            },
        ),
        "evidence_form": evidence_form
        or EvidenceForm(prefix=f"e{criterion.pk}", criterion=criterion, markable=criterion.can_mark),
        "waive_form": waive_form or WaiveForm(prefix=f"w{criterion.pk}"),
        "note": note,
        "editing": True,
    }


@page()
def criterion_row(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    initiative, criterion = _criterion(request, key, pk)
    if not request.htmx:
        return redirect(reverse("governance:initiative", args=[initiative.key]) + f"#criterion-{criterion.pk}")
    return _criterion_response(request, "row", {"initiative": initiative, "criterion": criterion})


@page("GET", "POST")
def criterion_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Mark the criterion open, met or not met and record its measured value and evidence date."""
    initiative, criterion = _criterion(request, key, pk)
    if not criterion.can_edit:
        raise PermissionDenied(_("You may not change this criterion."))
    if request.method == "GET":
        return _criterion_response(request, "editor", _editor_context(initiative, criterion))
    form = CriterionUpdateForm(
        request.POST, prefix=f"c{criterion.pk}", criterion=criterion, markable=criterion.can_mark
    )
    saved, status = form_submit(
        form,
        lambda data: criterion_update(
            actor=request.user,
            criterion=criterion,
            status=data.get("status"),
            metric_value=data.get("metric_value"),
            evidence_date=data.get("evidence_date"),
            offline_score=data.get("offline_score"),
            real_success=data.get("real_success"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        ),
    )
    if saved:
        return _criterion_saved(request, key, pk, _("The criterion was saved."))
    return _criterion_response(
        request, "editor", _editor_context(initiative, criterion, update_form=form), status=status
    )


@page("POST")
def criterion_evidence(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Append a version of the criterion's evidence: text, a link or a file."""
    initiative, criterion = _criterion(request, key, pk)
    if not criterion.can_edit:
        raise PermissionDenied(_("You may not record evidence on this criterion."))
    form = EvidenceForm(
        request.POST, request.FILES, prefix=f"e{criterion.pk}", criterion=criterion, markable=criterion.can_mark
    )
    saved, outcome = form_submit(
        form,
        lambda data: evidence_add(
            actor=request.user,
            criterion=criterion,
            kind=data["kind"],
            text=data["text"],
            url=data["url"] if data["kind"] == EvidenceKind.LINK else "",
            file=data["file"] if data["kind"] == EvidenceKind.FILE else None,
            metric_value=data.get("metric_value"),
            evidence_date=data.get("evidence_date"),
            mark_met=bool(data.get("mark_met")),
        ),
    )
    if saved and form.cleaned_data.get("mark_met"):
        message = _("Evidence version %(version)s was recorded and the criterion is met.") % {
            "version": outcome.version
        }
        return _criterion_saved(request, key, pk, message)
    if saved:
        note = _("Evidence version %(version)s was recorded.") % {"version": outcome.version}
        initiative, criterion = _criterion(request, key, pk)
        if not request.htmx:
            messages.success(request, note)
            return redirect("adoption:criterion_edit", key=initiative.key, pk=criterion.pk)
        return _criterion_response(request, "editor", _editor_context(initiative, criterion, note=note))
    status = outcome
    return _criterion_response(
        request, "editor", _editor_context(initiative, criterion, evidence_form=form), status=status
    )


@page("POST")
def criterion_waive_view(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Waive the criterion until a date, with a reason (the template names the role that may)."""
    initiative, criterion = _criterion(request, key, pk)
    if not criterion.can_waive:
        raise PermissionDenied(_("You may not waive this criterion."))
    form = WaiveForm(request.POST, prefix=f"w{criterion.pk}")
    saved, status = form_submit(form, lambda data: criterion_waive(actor=request.user, criterion=criterion, **data))
    if saved:
        return _criterion_saved(request, key, pk, _("The criterion was waived."))
    criterion.waive_form = form
    context = {"initiative": initiative, "criterion": criterion, "waiving": True}
    return _criterion_response(request, "row", context, status=status)


@page()
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download an evidence file, for anyone who may see its initiative (others: 404)."""
    version = evidence_version_visible(user=request.user, pk=pk)
    if version is None or version.kind != EvidenceKind.FILE or not version.file:
        raise Http404(_("Evidence file not found."))
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.file_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Registering an initiative (CoE) ----------------------------------------------------------------------------


@page("GET", "POST")
def initiative_new(request: HttpRequest) -> HttpResponse:
    if not access.holds_global_role(user=request.user, role=Role.COE_ADMIN):
        raise PermissionDenied(_("Only the CoE can register initiatives."))
    form = InitiativeCreateForm(
        request.POST or None, units=units_for_registration(user=request.user), people=people_for_registration()
    )
    status = 200
    if request.method == "POST":
        saved, outcome = form_submit(form, lambda data: initiative_create(actor=request.user, **data))
        if saved:
            message = _("%(key)s was registered in exploration; its phase clock has started.") % {"key": outcome.key}
            messages.success(request, message)
            return redirect("governance:initiative", key=outcome.key)
        status = outcome
    return render(request, "adoption/initiative_new.html", {"form": form, "today": timezone.localdate()}, status=status)
