"""Helpers shared by the governance services: locking an initiative, closing a review."""

from __future__ import annotations

from django.utils import timezone

from adoption.models import Initiative
from governance.audit import audit_record
from governance.models import GateReview


def close_review(*, review: GateReview, initiative: Initiative, actor, status: str, note: str) -> None:
    """Close an open review without a decision (withdrawn by its requester, or the initiative left the phase)."""
    review.status = status
    review.decided_at = timezone.now()
    review.decided_by = actor
    review.note = note
    review.save(update_fields=["status", "decided_at", "decided_by", "note"])
    audit_record(actor=actor, verb=f"gate_review.{status}", target=review, initiative=initiative, after={"note": note})
