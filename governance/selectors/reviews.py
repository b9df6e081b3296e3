"""Reads of gate reviews: an initiative's reviews, one review with its slots, and a signer's inbox."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from adoption.selectors.criteria import evidence_set_hash
from core.exceptions import NotFound
from governance import access
from governance.choices import SIGNER_ROLES, ReviewStatus
from governance.models import GateReview, ReviewSlot, SignOff
from governance.permissions import act_as


def gate_reviews_visible(*, user) -> QuerySet[GateReview]:
    """Reviews of the initiatives ``user`` may see."""
    return GateReview.objects.filter(initiative__in=access.visible_initiatives(user=user)).select_related(
        "initiative", "requested_by", "decided_by"
    )


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
    return ReviewDetail(
        review=review, slots=states, stale=stale, my_slots=signable_slots(user=user, review=review, signoffs=signoffs)
    )


def signable_slots(*, user, review: GateReview, signoffs: list[SignOff] | None = None) -> list[str]:
    """Keys of the slots ``user`` could sign on ``review`` right now (scope and four eyes), for offering actions."""
    if review.status != ReviewStatus.OPEN or not user.is_authenticated:
        return []
    initiative = review.initiative
    if user.pk in (review.requested_by_id, initiative.owner_id):
        return []
    if signoffs is None:
        signoffs = list(SignOff.objects.filter(review=review))
    signed_elsewhere = {s.slot_id for s in signoffs if s.signer_id == user.pk}
    taken = {s.slot_id for s in signoffs if s.round == review.round}
    perms = access.initiative_permissions(user=user, initiative=initiative)
    waived_by_user = initiative.criteria.filter(phase=review.phase, waived_by=user).exists()
    keys = []
    for slot in review.slots.filter(active=True):
        if slot.pk in taken or (signed_elsewhere and slot.pk not in signed_elsewhere):
            continue
        if act_as(slot.role) not in perms:
            continue
        if slot.role == "compliance_officer" and waived_by_user:
            continue
        keys.append(slot.key)
    return keys


def signoff_inbox(*, user) -> QuerySet[GateReview]:
    """Open reviews with a slot still unsigned in this round that ``user`` holds the role for, oldest first.

    A constant number of queries: the user's roles, then two per signer role they hold somewhere (at most five: the
    units and the initiatives granted), all folded into a single filter that starts from the initiatives in the
    user's scope, never from every open review of the portfolio. Reviews the user requested, owns, or already
    signed in this round are left out (four eyes).
    """
    if not user.is_authenticated:
        return GateReview.objects.none()
    open_slots = ReviewSlot.objects.filter(review=OuterRef("pk"), active=True).exclude(
        Exists(SignOff.objects.filter(slot=OuterRef("pk"), round=OuterRef("review__round")))
    )
    held = set(access.active_assignments().filter(user=user).values_list("role", flat=True))
    condition = Q(pk__in=[])
    for role in (r for r in SIGNER_ROLES if r in held):
        condition |= Q(Exists(open_slots.filter(role=role))) & access.permission_filter(
            user=user, action=act_as(role), initiative_field="initiative"
        )
    return (
        GateReview.objects.filter(status=ReviewStatus.OPEN)
        .filter(condition)
        .exclude(requested_by=user)
        .exclude(initiative__owner=user)
        .exclude(Exists(SignOff.objects.filter(review=OuterRef("pk"), signer=user, round=OuterRef("round"))))
        .select_related("initiative", "initiative__business_unit", "requested_by")
        .order_by("requested_at", "pk")
    )


def days_waiting(review: GateReview) -> int:
    return (timezone.now() - review.requested_at).days
