"""The import page (the CoE only): upload a file for a dry run, read every row's errors and changes, apply the
checked file, download a template in each language, and undo a batch while nothing has changed since."""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.inputs import TagInput
from adoption.selectors.tags import tags_with_counts
from adoption.services import tags as tag_services
from core.exceptions import DomainError, NotFound, Refused
from core.web import add_domain_error, csv_response, form_submit, page, page_of
from governance import access
from imports import columns, reader, services, templates
from imports.selectors import import_batches_visible

# The checked file waits in the session for "Apply" (at most reader.MAX_BYTES), keyed by its SHA-256.
PENDING = "import_pending"
LIST_SIZE = 50
LANGUAGES = {"en": "en", "zh-hant": "zh-hant", "zh-hans": "zh-hans"}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class ApplyForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


def _require_coe(request: HttpRequest) -> None:
    access.require_coe(request.user, _("Only the CoE imports the portfolio."))


def _page(request: HttpRequest, *, form=None, report=None, status: int = 200) -> HttpResponse:
    batches = list(import_batches_visible(user=request.user)[:LIST_SIZE])
    for batch in batches:
        batch.refusal = services.import_undo_refusal(batch)
    context = {
        "form": form or UploadForm(),
        "report": report,
        "apply_form": ApplyForm(initial={"sha256": report.sha256}) if report and not report.errors else None,
        "batches": batches,
        "template_languages": [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
        "kinds": columns.Kind.choices,
        "max_rows": reader.MAX_ROWS,
        "max_megabytes": reader.MAX_BYTES // (1024 * 1024),
    }
    return render(request, "imports/import.html", context, status=status)


@page()
def import_page(request: HttpRequest) -> HttpResponse:
    _require_coe(request)
    return _page(request)


@page("POST")
def import_check(request: HttpRequest) -> HttpResponse:
    """A dry run of the uploaded file: every row's errors and changes; the file waits for "Apply"."""
    _require_coe(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        reader.check_size(upload.size)
        content = upload.read()
        report = services.import_run(actor=request.user, file_name=upload.name, content=content, dry_run=True)
    except DomainError as error:
        return _page(request, form=form, status=add_domain_error(form, error))
    if not report.errors:
        request.session[PENDING] = {
            "sha256": report.sha256,
            "name": upload.name,
            "content": base64.b64encode(content).decode(),
        }
    return _page(request, report=report, status=200 if not report.errors else 400)


@page("POST")
def import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the file the dry run checked (the same bytes: its SHA-256 must match)."""
    _require_coe(request)
    form = ApplyForm(request.POST)
    pending = request.session.get(PENDING) or {}
    if not form.is_valid() or pending.get("sha256") != form.cleaned_data["sha256"]:
        messages.error(request, _("Check the file again before applying it: it is no longer waiting."))
        return redirect("imports:import")
    content = base64.b64decode(pending["content"])
    if hashlib.sha256(content).hexdigest() != pending["sha256"]:
        raise NotFound(_("No such import."))
    try:
        report = services.import_run(actor=request.user, file_name=pending["name"], content=content, dry_run=False)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("imports:import")
    request.session.pop(PENDING, None)
    if not report.applied:
        return _page(request, report=report, status=409)
    counts = report.counts
    messages.success(
        request,
        _(
            "Imported %(file)s: %(create)d created, %(update)d updated, %(unchanged)d unchanged, %(grant)d roles, "
            "%(record)d realised values."
        )
        % {"file": report.file_name, **counts},
    )
    return redirect("imports:import")


@page("POST")
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coe(request)
    try:
        batch = services.import_undo(actor=request.user, batch_id=pk)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, str(error))
        return redirect("imports:import")
    messages.success(request, _("The import %(name)s was undone.") % {"name": str(batch)})
    return redirect("imports:import")


@page()
def import_template(request: HttpRequest, language: str, kind: str = "") -> HttpResponse:
    """The template in ``language``: the XLSX workbook (every sheet), or one kind's CSV."""
    _require_coe(request)
    if language not in LANGUAGES:
        raise NotFound(_("No such template."))
    if not kind:
        response = HttpResponse(
            templates.template_xlsx(language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="portfolio-import-{language}.xlsx"'
        return response
    if kind not in columns.Kind.values:
        raise NotFound(_("No such template."))
    return csv_response(f"portfolio-import-{kind}-{language}.csv", templates.template_header(kind, language), [])


# --- Tags: the CoE names programmes and cohorts ------------------------------------------------------------------


def _tags_page(request: HttpRequest, *, form=None, status: int = 200) -> HttpResponse:
    _require_coe(request)
    context = {"tags": tags_with_counts(), "form": form or TagInput(prefix="tag")}
    return render(request, "imports/tags.html", context, status=status)


tags_page = page_of(_tags_page)


@page("POST")
def tag_add(request: HttpRequest) -> HttpResponse:
    form = TagInput(request.POST, prefix="tag")
    created, result = form_submit(form, lambda data: tag_services.tag_create(actor=request.user, **data))
    if not created:
        return _tags_page(request, form=form, status=result)
    messages.success(request, _("The tag “%(name)s” was added.") % {"name": result.label()})
    return redirect("imports:tags")


@page("POST")
def tag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tag_services.tag_delete(actor=request.user, tag_id=pk)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The tag was removed."))
    return redirect("imports:tags")
