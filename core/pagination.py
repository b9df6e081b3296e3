"""Paging a list and counting it in one query."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


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
