"""Pages of the reports app: the board packs with their downloads, a review's decision packet, an evidence pack."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, Refused
from core.web import page
from reports import services
from reports.evidence_pack import evidence_pack_export
from reports.packets import decision_packet_for
from reports.pdf import LANGUAGES, sha256
from reports.selectors import (
    board_pack_get,
    board_pack_pdf,
    board_packs_visible,
    may_create_board_packs,
    may_read_board_packs,
    month_label,
    pdf_language,
)

LANGUAGE_NAMES = {"en": "English", "zh-hant": "繁體中文", "zh-hans": "简体中文"}


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF as a download, with its SHA-256 in a header (what a reader compares with the recorded hash)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-SHA256"] = sha256(data)
    return response


@page("GET", "POST")
def packs(request: HttpRequest) -> HttpResponse:
    """The month-end board packs the person may read, newest first, each with a PDF per language; the CoE freezes
    last month's on demand."""
    if request.method == "POST":
        try:
            pack = services.board_pack_create(actor=request.user)
        except (InvalidInput, Refused) as error:
            messages.error(request, " ".join([error.message, *error.reasons]))
        else:
            messages.success(request, _("The board pack of %(month)s was frozen.") % {"month": month_label(pack.month)})
        return redirect("reports:packs")
    rows = [
        {"pack": pack, "label": month_label(pack.month), "files": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]}
        for pack in board_packs_visible(user=request.user)[:120]
    ]
    context = {
        "rows": rows,
        "may_read": may_read_board_packs(request.user),
        "may_create": may_create_board_packs(request.user),
    }
    return render(request, "reports/packs.html", context)


@page()
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One pack's PDF in a language, rendered from its stored snapshot."""
    pack = board_pack_get(user=request.user, pk=pk)
    try:
        language = pdf_language(request.GET.get("lang"))
    except InvalidInput as error:
        return HttpResponseBadRequest(" ".join([error.message, *[m for ms in error.fields.values() for m in ms]]))
    response = pdf_response(board_pack_pdf(pack, language), f"board-pack-{pack.month:%Y-%m}-{language}.pdf")
    response["X-Recorded-SHA256"] = pack.pdf_sha256.get(language, "")
    return response


def page_language(request: HttpRequest) -> str:
    """The language a paper is printed in for the page's reader: ?lang= when given, else the page's language."""
    asked = request.GET.get("lang")
    if asked:
        return pdf_language(asked)
    current = (translation.get_language() or "en").lower()
    return next((code for code in LANGUAGES if current.startswith(code)), "en")


@page()
def review_packet(request: HttpRequest, review_id: int) -> HttpResponse:
    """A gate review's decision packet, for whoever may see the review (404 otherwise)."""
    try:
        language = page_language(request)
    except InvalidInput as error:
        return HttpResponseBadRequest(" ".join([error.message, *[m for ms in error.fields.values() for m in ms]]))
    review, data = decision_packet_for(user=request.user, review_id=review_id, language=language)
    filename = f"decision-packet-{review.initiative.key}-{review.phase}-{review.attempt}-{language}.pdf"
    return pdf_response(data, filename)


@page()
def evidence_pack(request: HttpRequest, key: str) -> HttpResponse:
    """An initiative's regulator evidence pack as a ZIP (the CoE, auditors and compliance officers; audited)."""
    try:
        language = page_language(request)
        name, data = evidence_pack_export(actor=request.user, keys=[key], language=language)
    except InvalidInput as error:
        return HttpResponseBadRequest(" ".join([error.message, *[m for ms in error.fields.values() for m in ms]]))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-SHA256"] = sha256(data)
    return response
