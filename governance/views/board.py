"""The portfolio board (columns by phase, htmx filters), its owner suggestions and its CSV export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import display
from adoption.choices import Role
from adoption.filters import BoardFilterForm
from adoption.selectors.people import owners_matching
from core.web import csv_response, htmx_aware, page, person_name
from governance import access
from governance.selectors.board import board_cards, board_columns, filter_board, with_health_flags


@page()
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None, user=request.user)
    cards = filter_board(board_cards(user=request.user), **form.filters())
    columns = board_columns(cards)
    context = {
        "form": form,
        "columns": columns,
        "total": sum(column.total for column in columns),
        "query": request.GET.urlencode(),
        "can_create": access.holds_global_role(user=request.user, role=Role.COE_ADMIN),
    }
    template = "governance/board.html#board-results" if request.htmx else "governance/board.html"
    return htmx_aware(render(request, template, context))


@page()
def board_owners(request: HttpRequest) -> HttpResponse:
    """Suggestions for the board's owner filter: the options of its datalist, for what has been typed so far."""
    owners = owners_matching(user=request.user, text=request.GET.get("owner", "")[:150])
    return render(request, "governance/board.html#owner-choices", {"owners": owners})


@page()
def board_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered portfolio as CSV, streamed row by row (the whole list, not only the board's first cards)."""
    form = BoardFilterForm(request.GET or None, user=request.user)
    now = timezone.now()
    cards = (
        with_health_flags(filter_board(board_cards(user=request.user, now=now), now=now, **form.filters()), now=now)
        .select_related("sponsor")
        .order_by("number")
    )
    header = [
        _("Key"),
        _("Title"),
        _("Business unit"),
        _("Phase"),
        _("Status"),
        _("Risk tier"),
        _("Owner"),
        _("Business sponsor"),
        _("Phase entered"),
        _("Planned phase end"),
        _("Days left"),
        _("Overdue"),
        _("Stale criterion"),
        _("No ROI estimate in this phase"),
        _("Review waiting over 7 days"),
        _("Primary failure mode"),
    ]
    yes, no = _("yes"), _("no")

    def rows():
        for initiative in cards.iterator(chunk_size=1000):
            clock = initiative.phase_clock(now)
            yield [
                initiative.key,
                initiative.title,
                initiative.business_unit.name,
                initiative.get_phase_display(),
                initiative.get_status_display(),
                initiative.get_risk_tier_display(),
                person_name(initiative.owner),
                person_name(initiative.sponsor),
                # Dates as every page writes them for this reader (their language's format, or ISO if they chose it).
                display.date(initiative.phase_entered_at),
                display.date(initiative.planned_phase_end),
                clock.days_left if clock else "",
                yes if initiative.flag_overdue else no,
                yes if initiative.flag_stale else no,
                yes if initiative.flag_no_roi else no,
                yes if initiative.flag_review_waiting else no,
                initiative.get_stop_primary_failure_mode_display() if initiative.stop_primary_failure_mode else "",
            ]

    return csv_response(f"portfolio-{timezone.localdate().isoformat()}.csv", header, rows())
