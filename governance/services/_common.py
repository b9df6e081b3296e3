"""Helpers shared by the governance services: locking an initiative, validating free text, closing a review."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import InvalidInput, NotFound
from governance.audit import audit_record
from governance.models import GateReview


def lock_initiative(pk: int) -> Initiative:
    """The initiative's row, locked until the end of the caller's transaction (always lock it first)."""
    try:
        return Initiative.objects.select_for_update(of=("self",)).select_related("business_unit").get(pk=pk)
    except Initiative.DoesNotExist:
        raise NotFound(_("Initiative not found.")) from None


def clean_text(value, *, field: str, required: bool, limit: int = 5000, message: str) -> str:
    """``value`` stripped, or InvalidInput (with ``message``) if missing, too long or containing NUL."""
    text = "" if value is None else str(value)
    problem = None
    if "\x00" in text:
        problem = _("Text may not contain NUL characters.")
    elif len(text) > limit:
        problem = _("At most %(limit)d characters.") % {"limit": limit}
    elif required and not text.strip():
        problem = _("This field is required.")
    if problem:
        raise InvalidInput(message, fields={field: [problem]})
    return text.strip()


def close_review(*, review: GateReview, initiative: Initiative, actor, status: str, note: str) -> None:
    """Close an open review without a decision (withdrawn by its requester, or the initiative left the phase)."""
    review.status = status
    review.decided_at = timezone.now()
    review.decided_by = actor
    review.note = note
    review.save(update_fields=["status", "decided_at", "decided_by", "note"])
    audit_record(actor=actor, verb=f"gate_review.{status}", target=review, initiative=initiative, after={"note": note})
