"""Reads of gate reviews: an initiative's reviews, one review with its slots, and a signer's inbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import (
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import roi
from adoption.inputs import ROI_BENEFITS, ROI_COSTS, ROI_HOURS
from adoption.models import Initiative
from adoption.selectors.criteria import evidence_set_hash
from core.exceptions import NotFound
from governance import eligibility
from governance.choices import ReviewStatus
from governance.models import GateReview, ReviewSlot, SignOff


def gate_reviews_visible(*, user) -> QuerySet[GateReview]:
    """Reviews of the initiatives ``user`` may see."""
    return GateReview.objects.restrict(user).select_related("initiative", "requested_by", "decided_by")


def gate_reviews_for(*, user, initiative: Initiative) -> QuerySet[GateReview]:
    return gate_reviews_visible(user=user).filter(initiative=initiative).order_by("-requested_at", "-pk")


@dataclass
class SlotState:
    slot: ReviewSlot
    state: str  # "waiting", "approve", "reject", "request_changes"
    signoff: SignOff | None
    superseded: list[SignOff] = field(default_factory=list)


@dataclass
class ReviewDetail:
    review: GateReview
    slots: list[SlotState]
    stale: bool
    my_slots: list[str]
    # Slot id → the people who may sign it now (open slots of an open review only).
    signers: dict[int, list] = field(default_factory=dict)


def gate_review_detail(*, user, review_id) -> ReviewDetail:
    """One review with each slot's state in the current round, the sign-offs that no longer count, and the slots
    ``user`` may sign now."""
    try:
        review_pk = int(review_id)
    except (TypeError, ValueError):
        raise NotFound(_("Gate review not found.")) from None
    review = gate_reviews_visible(user=user).select_related("initiative__business_unit").filter(pk=review_pk).first()
    if review is None:
        raise NotFound(_("Gate review not found."))
    signoffs = list(SignOff.objects.filter(review=review).select_related("signer").order_by("signed_at", "pk"))
    states = []
    for slot in review.slots.filter(active=True):
        current = next((s for s in signoffs if s.slot_id == slot.pk and s.round == review.round), None)
        older = [s for s in signoffs if s.slot_id == slot.pk and s.round != review.round]
        states.append(
            SlotState(slot=slot, state=current.decision if current else "waiting", signoff=current, superseded=older)
        )
    stale = (
        review.status == ReviewStatus.OPEN and evidence_set_hash(initiative=review.initiative) != review.evidence_hash
    )
    facts = eligibility.review_facts(review, stale=stale)
    return ReviewDetail(
        review=review,
        slots=states,
        stale=stale,
        my_slots=eligibility.signable_slots(user=user, review=review, facts=facts),
        signers=eligibility.slot_signers(review=review, facts=facts),
    )


def signable_slots(*, user, review: GateReview) -> list[str]:
    """Keys of the slots ``user`` could sign on ``review`` right now (the rule lives in ``governance.eligibility``)."""
    return eligibility.signable_slots(user=user, review=review)


def signoff_inbox(*, user) -> QuerySet[GateReview]:
    """Open reviews with a slot ``user`` may sign, oldest first (``governance.eligibility.inbox``).

    A constant number of queries: the user's roles, then two per signer role they hold somewhere (at most five: the
    units and the initiatives granted), all folded into a single filter that starts from the initiatives in the
    user's scope, never from every open review of the portfolio.
    """
    return eligibility.inbox(user=user)


def days_waiting(review: GateReview) -> int:
    return (timezone.now() - review.requested_at).days


def open_review_of(*, user, initiative: Initiative) -> GateReview | None:
    """The initiative's open gate review, if any."""
    return (
        GateReview.objects.restrict(user)
        .filter(initiative=initiative, status=ReviewStatus.OPEN)
        .select_related("requested_by")
        .first()
    )


def frozen_roi(review: GateReview) -> SimpleNamespace | None:
    """The figures of the ROI version the review froze, from its snapshot (where amounts are kept as strings)."""
    frozen = (review.snapshot or {}).get("roi")
    if not frozen:
        return None
    numbers = {"rate_to_reporting", *ROI_BENEFITS, *ROI_HOURS, *ROI_COSTS}
    values = {
        name: Decimal(str(value)) if name in numbers and value is not None else value for name, value in frozen.items()
    }
    return SimpleNamespace(version=frozen.get("version"), figures=roi.roi_figures(SimpleNamespace(**values)))


def gate_review_get(*, user, pk: int) -> GateReview:
    """One gate review of a visible initiative; NotFound otherwise."""
    review = gate_reviews_visible(user=user).select_related("initiative__business_unit").filter(pk=pk).first()
    if review is None:
        raise NotFound(_("Gate review not found."))
    return review
