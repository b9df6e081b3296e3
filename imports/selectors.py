"""Reads of import batches: the CoE's alone (anyone else sees none, and a batch reads as missing)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.exceptions import NotFound
from governance import access
from imports.models import ImportBatch


def import_batches_visible(*, user) -> QuerySet[ImportBatch]:
    """The batches ``user`` may see: every one for the CoE, none for anyone else; newest first."""
    if not user.is_authenticated or not access.holds_global_role(user=user, role=Role.COE_ADMIN):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("created_by", "undone_by").order_by("-created_at", "-pk")


def import_batch_get(*, user, pk: int) -> ImportBatch:
    batch = import_batches_visible(user=user).filter(pk=pk).first()
    if batch is None:
        raise NotFound(_("No such import."))
    return batch
