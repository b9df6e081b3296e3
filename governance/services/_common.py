"""Helpers shared by the governance services: locking an initiative, closing a review."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance.audit import audit_record
from governance.models import GateReview


def lock_initiative(pk: int) -> Initiative:
    """The initiative's row, locked until the end of the caller's transaction (always lock it first)."""
    try:
        return Initiative.objects.select_for_update(of=("self",)).select_related("business_unit").get(pk=pk)
    except Initiative.DoesNotExist:
        raise NotFound(_("Initiative not found.")) from None


def close_review(*, review: GateReview, initiative: Initiative, actor, status: str, note: str) -> None:
    """Close an open review without a decision (withdrawn by its requester, or the initiative left the phase)."""
    review.status = status
    review.decided_at = timezone.now()
    review.decided_by = actor
    review.note = note
    review.save(update_fields=["status", "decided_at", "decided_by", "note"])
    audit_record(actor=actor, verb=f"gate_review.{status}", target=review, initiative=initiative, after={"note": note})
