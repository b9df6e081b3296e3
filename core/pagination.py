"""Paging a list: by page number, counting it in the same query; or by keyset, a page after or before a position
whatever the list's length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Subquery, Window


def page_with_total(queryset: QuerySet, number, *, per_page: int) -> Page:
    """A page of ``queryset`` with the number of all its rows counted by the same query (``COUNT(*) OVER ()``): a
    list sorted in the database computes every matching row anyway, and a separate count would compute them again.
    Like ``Paginator.get_page``: a page number that is not one gives the first page, one past the end the last."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset.annotate(rows_in_all=Window(Count("*")))[start : start + per_page])
    paginator = Paginator(queryset, per_page)
    if not rows and number > 1:
        return paginator.get_page(number)  # past the end: counted apart, then the last page
    paginator.count = rows[0].rows_in_all if rows else 0
    return Page(rows, number, paginator)


# --- Keyset pages: a list read in (moment, pk) order, a page at a time, whatever its length ---------------------

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class KeysetPage:
    """A page of rows in ascending (moment, pk) order, with the cursors of its neighbours: ``following`` for an
    ``after=`` link (None at the end), ``preceding`` for a ``before=`` link (None on the first page)."""

    rows: list
    following: str | None
    preceding: str | None
    first: bool


def cursor_text(moment: datetime.datetime, pk: int) -> str:
    """A position in a (moment, pk) order as a link carries it: microseconds since 1970 (UTC), a dash, the pk."""
    return f"{(moment - EPOCH) // MICROSECOND}-{pk}"


def cursor_read(text: str | None) -> tuple[datetime.datetime, int] | None:
    """The position ``cursor_text`` wrote (None for no cursor); ValueError for anything else."""
    if text is None or text == "":
        return None
    micro, _dash, pk = text.partition("-")
    if not (micro.isdigit() and pk.isdigit()) or len(micro) > 18 or len(pk) > 18:
        raise ValueError(text)
    try:
        return EPOCH + int(micro) * MICROSECOND, int(pk)
    except OverflowError:  # past the year 9999
        raise ValueError(text) from None


def keyset_page(
    queryset: QuerySet,
    *,
    moment: str,
    size: int,
    after: tuple[datetime.datetime, int] | None = None,
    before: tuple[datetime.datetime, int] | None = None,
    fields: tuple[str, ...] = (),
) -> KeysetPage:
    """``size`` rows of ``queryset`` in (``moment``, pk) order after or before a position (``cursor_read``), as
    dicts of ``fields`` (which include ``moment`` and ``pk``). The query asks for the page alone (the order and a
    LIMIT): no OFFSET, no count, so a page's cost is what the filter costs. The positions come from the rows, so a
    row added or removed between two pages neither shifts nor repeats the others. Only a page asked for without a
    position is ``first`` (a ``before`` page that reaches the start is short rather than repeat rows of the page it
    came from)."""
    fields = tuple(dict.fromkeys((*fields, moment, "pk")))
    ascending, descending = (moment, "pk"), (f"-{moment}", "-pk")
    if before is not None:
        rows = _rows(_window(queryset, moment, before, "lt"), descending, size + 1, fields)
        # Fewer than a page before it: the start of the list, a short page (the first page would repeat rows).
        preceding = _cursor(rows[size - 1], moment) if len(rows) > size else None
        rows = rows[:size][::-1]
        return KeysetPage(rows, _cursor(rows[-1], moment) if rows else None, preceding, first=False)
    window = _window(queryset, moment, after, "gt") if after is not None else queryset
    rows = _rows(window, ascending, size + 1, fields)
    following = _cursor(rows[size - 1], moment) if len(rows) > size else None
    rows = rows[:size]
    preceding = _cursor(rows[0], moment) if after is not None and rows else None
    return KeysetPage(rows, following, preceding, first=after is None)


def _rows(queryset: QuerySet, order: tuple[str, ...], limit: int, fields: tuple[str, ...]) -> list[dict]:
    # The page's rows are chosen first, by what the filter and the order read; only they are then joined to what
    # the page shows (a filter over a wide scope would otherwise join every matching row before the LIMIT).
    chosen = queryset.order_by(*order).values("pk")[:limit]
    return list(queryset.model._base_manager.filter(pk__in=Subquery(chosen)).order_by(*order).values(*fields))


def _window(queryset: QuerySet, moment: str, position: tuple[datetime.datetime, int], side: str) -> QuerySet:
    at, pk = position
    return queryset.filter(Q(**{f"{moment}__{side}": at}) | Q(**{moment: at, f"pk__{side}": pk}))


def _cursor(row: dict, moment: str) -> str:
    return cursor_text(row[moment], row["pk"])
