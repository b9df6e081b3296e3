"""Database helpers every app uses."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from core.exceptions import NotFound


def lock_one(queryset: QuerySet, missing: str) -> Model:
    """The first row of ``queryset``, locked until the end of the caller's transaction, or NotFound(``missing``)
    (a row that is not there and one the caller may not see are told apart by nobody)."""
    row = queryset.select_for_update().first()
    if row is None:
        raise NotFound(missing)
    return row
