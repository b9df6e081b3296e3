"""The portfolio board (columns by phase, htmx filters), the same portfolio as a sortable table, the owner
suggestions of their filters and the CSV export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption import display
from adoption.choices import Role
from adoption.filters import VIEW_KEYS, BoardFilterForm
from adoption.inputs import SavedViewInput
from adoption.selectors.funnel import status_counts
from adoption.selectors.people import owners_matching
from adoption.selectors.saved_views import saved_views_visible
from adoption.selectors.units import units_matching
from adoption.services import saved_views
from core.exceptions import InvalidInput, Refused
from core.web import csv_response, htmx_aware, page, person_name
from governance import access
from governance.selectors.board import (
    TABLE_MAX_PAGES,
    board_cards,
    board_columns,
    filter_board,
    portfolio_table,
    table_sort,
    with_health_flags,
)


def operations_counts(*, user):
    from operations.selectors.portfolio import operations_counts as counts

    return counts(user=user)


@page()
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    cards = filter_board(board_cards(user=request.user), **filters)
    # Without a filter but the unit, the column totals are the running totals of the units in scope.
    narrowed = any(value for name, value in filters.items() if name != "business_unit")
    counts = None if narrowed else status_counts(user=request.user, business_unit=filters.get("business_unit"))
    columns = board_columns(cards, counts=counts)
    context = {
        "form": form,
        "columns": columns,
        "total": sum(column.total for column in columns),
        "query": request.GET.urlencode(),
        "filters_query": _filters_query(request),
        **_views_context(request),
        "operations": operations_counts(user=request.user),
    }
    template = "governance/board.html#board-results" if request.htmx else "governance/board.html"
    return htmx_aware(render(request, template, context))


# The table's columns: the sort name, the heading, and whether the column is numeric (right-aligned).
TABLE_COLUMNS = (
    ("key", gettext_lazy("Key"), False),
    ("title", gettext_lazy("Title"), False),
    ("phase", gettext_lazy("Phase"), False),
    ("unit", gettext_lazy("Business unit"), False),
    ("owner", gettext_lazy("Owner"), False),
    ("deadline", gettext_lazy("Time box"), False),
    ("risk", gettext_lazy("Risk tier"), False),
    ("net_value", gettext_lazy("Net annual value"), True),
)


@page()
def portfolio(request: HttpRequest) -> HttpResponse:
    """The portfolio as a table beside the board: the board's filters, a column to sort by, a page at a time."""
    form = BoardFilterForm(request.GET or None, user=request.user)
    rows = filter_board(board_cards(user=request.user), **form.filters())
    sort = request.GET.get("sort", "")[:20]
    column, descending = table_sort(sort)
    table = portfolio_table(rows, sort=sort, page=request.GET.get("page"))
    headings = [
        {
            "name": name,
            "label": label,
            "numeric": numeric,
            "sorted": "descending" if name == column and descending else "ascending" if name == column else "",
            "sort": f"-{name}" if name == column and not descending else name,
        }
        for name, label, numeric in TABLE_COLUMNS
    ]
    context = {
        "form": form,
        "page": table,
        "headings": headings,
        "max_pages": TABLE_MAX_PAGES,
        "sort": (f"-{column}" if descending else column) if sort else "",
        "query": request.GET.urlencode(),
        "filters_query": _filters_query(request),
        **_views_context(request),
    }
    template = "governance/portfolio_table.html#table-results" if request.htmx else "governance/portfolio_table.html"
    return htmx_aware(render(request, template, context))


def _views_context(request: HttpRequest) -> dict:
    """What both portfolio pages show beside their results: the saved views and the form that saves one."""
    is_coe = access.holds_global_role(user=request.user, role=Role.COE_ADMIN)
    return {
        "can_create": is_coe,
        "can_share": is_coe,
        "saved_views": [
            (view, urlencode(view.filters)) for view in saved_views_visible(user=request.user)[:SAVED_VIEWS_SHOWN]
        ],
        "view_form": SavedViewInput(prefix="view"),
        "view_query": urlencode({k: v for k, v in request.GET.items() if k in VIEW_KEYS and v}),
    }


SAVED_VIEWS_SHOWN = 50
PAGES = {"board": "governance:board", "table": "governance:portfolio_table"}


@page("POST")
def saved_view_create(request: HttpRequest) -> HttpResponse:
    """Save the filters in force (the hidden ``query``) under a name; back to the page they came from."""
    target = PAGES.get(request.POST.get("page", ""), "governance:board")
    query = QueryDict(request.POST.get("query", "")[:2000])
    form = SavedViewInput(request.POST, prefix="view")
    if form.is_valid():
        try:
            saved = saved_views.saved_view_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                shared=form.cleaned_data["shared"],
                filters={key: query.get(key, "") for key in query if key in VIEW_KEYS} | _unknown(query),
            )
        except (InvalidInput, Refused) as error:
            details = [m for messages_ in error.fields.values() for m in messages_]
            messages.error(request, " ".join([error.message, *error.reasons, *details]))
        else:
            messages.success(request, _("The view “%(name)s” was saved.") % {"name": saved.name})
    else:
        errors = [m for field_errors in form.errors.values() for m in field_errors]
        messages.error(request, " ".join([str(SavedViewInput.refused), *errors]))
    return redirect(reverse(target) + (f"?{query.urlencode()}" if query else ""))


def _unknown(query: QueryDict) -> dict:
    """Parameters a saved view cannot hold, kept so that the service names them rather than dropping them."""
    return {key: query.get(key, "") for key in query if key not in VIEW_KEYS and key != "page"}


@page("POST")
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved_views.saved_view_delete(actor=request.user, saved_view_id=pk)
    messages.success(request, _("The saved view was deleted."))
    target = PAGES.get(request.POST.get("page", ""), "governance:board")
    return redirect(target)


def _filters_query(request: HttpRequest) -> str:
    """The request's filters alone (no sort, no page): what the board and the table hand each other."""
    query = request.GET.copy()
    for name in ("sort", "page"):
        query.pop(name, None)
    return query.urlencode()


@page()
def board_owners(request: HttpRequest) -> HttpResponse:
    """Suggestions for the board's owner filter: the options of its datalist, for what has been typed so far."""
    owners = owners_matching(user=request.user, text=request.GET.get("owner", "")[:150])
    return render(request, "governance/board.html#owner-choices", {"owners": owners})


@page()
def board_units(request: HttpRequest) -> HttpResponse:
    """Suggestions for the portfolio's unit filter: the options of its datalist (the unit's name, its code beside
    it), for what has been typed so far."""
    units = units_matching(user=request.user, text=request.GET.get("business_unit", "")[:200])
    return render(request, "governance/board.html#unit-choices", {"units": units})


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
