"""Reads of the filings register, scoped to what the viewer may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from operations.choices import FILING_SETTLED
from operations.models import Filing, FilingDocument


def filings_blocking(initiative: Initiative) -> list[Filing]:
    """The filings that keep the initiative's current gate shut: those naming its phase, not approved or waived
    (one query). The one rule behind the gate's sentence (``adoption.transitions.gate_unmet_reasons``)."""
    return list(
        Filing.objects.filter(initiative=initiative, blocks_phase=initiative.phase)
        .exclude(status__in=FILING_SETTLED)
        .order_by("regime", "obligation")
    )


def filings_of(*, user, initiative: Initiative) -> QuerySet[Filing]:
    """An initiative's filings the viewer may see, by regime and obligation."""
    return (
        Filing.objects.restrict(user)
        .filter(initiative=initiative)
        .prefetch_related(Prefetch("documents", FilingDocument.objects.order_by("created_at", "pk")))
        .order_by("regime", "obligation", "pk")
    )


def filing_get(*, user, pk: int) -> Filing:
    """One filing the viewer may see, else NotFound (missing or invisible alike)."""
    filing = Filing.objects.restrict(user).select_related("initiative").filter(pk=pk).first()
    if filing is None:
        raise NotFound(_("Filing not found."))
    return filing


def filing_documents_of(*, filing: Filing) -> QuerySet[FilingDocument]:
    return FilingDocument.objects.filter(filing=filing).select_related("created_by").order_by("created_at", "pk")
