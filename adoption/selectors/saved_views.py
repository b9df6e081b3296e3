"""Reads of saved views: a person's own and the ones the CoE shares; anyone else's are not there."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from adoption.models import SavedView
from core.exceptions import NotFound


def saved_views_visible(*, user) -> QuerySet[SavedView]:
    """The views ``user`` may use: their own and every shared one, shared first, then by name."""
    if not user.is_authenticated or not user.is_active:
        return SavedView.objects.none()
    return (
        SavedView.objects.filter(Q(person=user) | Q(shared=True))
        .select_related("person")
        .order_by("-shared", "name", "pk")
    )


def saved_view_get(*, user, pk: int) -> SavedView:
    """The view ``pk`` if ``user`` may use it; NotFound otherwise (another person's own view reads as missing)."""
    view = saved_views_visible(user=user).filter(pk=pk).first()
    if view is None:
        raise NotFound(_("No such saved view."))
    return view
