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
from adoption.choices import EvidenceKind, Phase, next_phase
from adoption.inputs import ROI_BENEFITS, ROI_COSTS, ROI_HOURS
from adoption.models import EvidenceVersion, Initiative
from adoption.selectors.criteria import evidence_set_hash
from adoption.transitions import evidence_set_hash as evidence_set_hash_of
from core.exceptions import NotFound
from core.pagination import KeysetPage, keyset_page
from governance import eligibility
from governance.choices import Decision, ReviewStatus
from governance.models import LIVE_REVIEW, GateReview, ReviewAnswer, ReviewSlot, SignOff


def gate_reviews_visible(*, user) -> QuerySet[GateReview]:
    """Reviews of the initiatives ``user`` may see."""
    return GateReview.objects.restrict(user).select_related("initiative", "requested_by", "decided_by")


def gate_reviews_for(*, user, initiative: Initiative) -> QuerySet[GateReview]:
    """The reviews of one initiative, newest first (none unless ``user`` may see it)."""
    return (
        GateReview.objects.restrict_to(user, initiative)
        .select_related("initiative", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


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
    # What the signing rule read (``governance.eligibility``), and the delegations in force to the reader that
    # cover the review's slots: the page's action rules judge on the same.
    facts: eligibility.ReviewFacts | None = None
    lent: list = field(default_factory=list)


def gate_review_detail(
    *, user, review_id=None, review: GateReview | None = None, criteria: list | None = None
) -> ReviewDetail:
    """One review with each slot's state in the current round, the sign-offs that no longer count, and the slots
    ``user`` may sign now. A page that has read the review already (visible to ``user``, its initiative's unit
    loaded) passes it as ``review``, and the current phase's criteria as ``criteria`` when it has them (the
    evidence hash and who waived a criterion are read from them): seven queries, whatever the number of slots."""
    if review is None:
        try:
            review_pk = int(review_id)
        except (TypeError, ValueError):
            raise NotFound(_("Gate review not found.")) from None
        review = (
            gate_reviews_visible(user=user).select_related("initiative__business_unit").filter(pk=review_pk).first()
        )
        if review is None:
            raise NotFound(_("Gate review not found."))
    signoffs = list(SignOff.objects.filter(review=review).select_related("signer").order_by("signed_at", "pk"))
    slots = list(review.slots.all())
    states = []
    for slot in sorted((s for s in slots if s.active), key=lambda s: (s.order, s.ordinal)):
        current = next((s for s in signoffs if s.slot_id == slot.pk and s.round == review.round), None)
        older = [s for s in signoffs if s.slot_id == slot.pk and s.round != review.round]
        states.append(
            SlotState(slot=slot, state=current.decision if current else "waiting", signoff=current, superseded=older)
        )
    # The page's criteria serve only when they are the review's phase's (a live review's always are).
    phase_criteria = criteria if criteria is not None and review.phase == review.initiative.phase else None
    if review.status != ReviewStatus.OPEN:
        stale = False
    elif phase_criteria is not None:
        stale = evidence_set_hash_of([c for c in phase_criteria if c.required]) != review.evidence_hash
    else:
        stale = evidence_set_hash(initiative=review.initiative) != review.evidence_hash
    facts = eligibility.review_facts(review, stale=stale, slots=slots, signoffs=signoffs, criteria=phase_criteria)
    lent = eligibility.review_lent(facts=facts) if review.status == ReviewStatus.OPEN else []
    mine = [item for item in lent if item.delegate_id == user.pk] if user.is_authenticated else []
    return ReviewDetail(
        review=review,
        slots=states,
        stale=stale,
        my_slots=eligibility.signable_slots(user=user, review=review, facts=facts, lent=mine),
        signers=eligibility.slot_signers(review=review, facts=facts, lent=lent),
        facts=facts,
        lent=mine,
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


# What a row of the inbox shows: not the frozen snapshot (for the review page), nor whole initiatives and users.
INBOX_FIELDS = (
    "phase",
    "attempt",
    "round",
    "risk_tier",
    "requested_at",
    "initiative__key",
    "initiative__title",
    "initiative__business_unit__name",
    "requested_by__username",
    "requested_by__first_name",
    "requested_by__last_name",
)


def signoff_inbox_page(*, user, size: int, after=None, before=None) -> KeysetPage:
    """A page of ``user``'s inbox (``signoff_inbox``), oldest first, after or before a position
    (``core.pagination.cursor_read``): its rows as dicts of ``INBOX_FIELDS``, bounded by the page whatever the
    number waiting. There is no total: counting the reviews waiting would check every one in the signer's scope."""
    return keyset_page(
        signoff_inbox(user=user), moment="requested_at", size=size, after=after, before=before, fields=INBOX_FIELDS
    )


def days_waiting(review: GateReview | None = None, *, requested_at=None) -> int:
    """Whole days since the review was requested (``requested_at`` for a row that is not a model instance)."""
    return (timezone.now() - (review.requested_at if review is not None else requested_at)).days


def open_review_of(*, user, initiative: Initiative) -> GateReview | None:
    """The initiative's live gate review (open, or waiting for the owner's answer), if any."""
    return (
        GateReview.objects.restrict(user)
        .filter(LIVE_REVIEW, initiative=initiative)
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


# --- What signers decide on: the frozen evidence, the ROI's change, the earlier rounds ------------------------------

# Files shown inline on the review page (images and PDFs); anything else is downloaded.
PREVIEW_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})


def frozen_evidence_file(*, user, review_id, version_id) -> EvidenceVersion:
    """The evidence file a review froze, for someone who may see the review: NotFound for a review they may not
    see, and for any file the review did not freeze (another initiative's, a later version)."""
    review = gate_review_get(user=user, pk=review_id)
    frozen = {
        item["evidence"]["id"]
        for item in (review.snapshot or {}).get("criteria", [])
        if item.get("evidence") and item["evidence"].get("kind") == EvidenceKind.FILE
    }
    version = (
        EvidenceVersion.objects.filter(pk=version_id, kind=EvidenceKind.FILE, criterion__initiative=review.initiative)
        .exclude(file="")
        .first()
        if version_id in frozen
        else None
    )
    if version is None:
        raise NotFound(_("Evidence file not found."))
    return version


@dataclass
class RoiChange:
    """The ROI estimate a review froze beside the one the previous gate's approved review froze."""

    previous_phase: str
    rows: list[tuple[str, Decimal | None, Decimal | None, Decimal | None]]  # (figure, now, then, change)
    currency: str
    same_currency: bool


ROI_CHANGE_FIGURES = ("annual_benefit", "annual_run_cost", "one_off_cost", "net_annual_value", "first_year_roi")


def roi_change(review: GateReview) -> RoiChange | None:
    """How the frozen ROI estimate changed since the previous gate's approved review (None at the first gate, or
    when either froze no estimate). One query."""
    now = frozen_roi(review)
    if now is None:
        return None
    previous = (
        GateReview.objects.filter(
            initiative_id=review.initiative_id, status=ReviewStatus.APPROVED, requested_at__lt=review.requested_at
        )
        .exclude(phase=review.phase)
        .order_by("-decided_at")
        .only("phase", "snapshot")
        .first()
    )
    then = frozen_roi(previous) if previous else None
    if then is None:
        return None
    same = now.figures.currency == then.figures.currency
    rows = []
    for name in ROI_CHANGE_FIGURES:
        a, b = getattr(now.figures, name), getattr(then.figures, name)
        rows.append((name, a, b, a - b if same and a is not None and b is not None else None))
    return RoiChange(previous_phase=previous.phase, rows=rows, currency=now.figures.currency, same_currency=same)


@dataclass
class HistoryItem:
    """One earlier word on the same gate: a sign-off (with its flagged criteria), an owner's answer, or how an
    earlier attempt ended."""

    kind: str  # "signoff", "answer", "closed"
    attempt: int
    round: int
    at: object
    who: str = ""
    slot: str = ""
    decision: str = ""
    comment: str = ""
    flags: list = field(default_factory=list)
    status: str = ""
    current: bool = False  # a sign-off of the review's current round (its slots show it)


def review_history(review: GateReview) -> list[HistoryItem]:
    """Every round of the same gate up to ``review``, oldest first: the earlier attempts' sign-offs, answers and
    endings, and this review's sign-offs and answers (``current`` marks those of its current round). Three
    queries."""
    reviews = {
        r.pk: r
        for r in GateReview.objects.filter(
            initiative_id=review.initiative_id, phase=review.phase, attempt__lte=review.attempt
        ).only("attempt", "status", "note", "decided_at", "round")
    }
    items = [
        HistoryItem(
            "signoff",
            reviews[s.review_id].attempt,
            s.round,
            s.signed_at,
            who=s.signer_name,
            slot=s.slot.key,
            decision=s.decision,
            comment=s.comment,
            flags=s.flags or [],
            current=s.review_id == review.pk and s.round == review.round,
        )
        for s in SignOff.objects.filter(review_id__in=reviews).select_related("slot")
    ]
    items += [
        HistoryItem(
            "answer", reviews[a.review_id].attempt, a.round, a.answered_at, who=a.author_name, comment=a.comment
        )
        for a in ReviewAnswer.objects.filter(review_id__in=reviews)
    ]
    items += [
        HistoryItem("closed", r.attempt, r.round, r.decided_at, comment=r.note, status=r.status)
        for r in reviews.values()
        if r.pk != review.pk and r.decided_at is not None
    ]
    order = {"signoff": 0, "answer": 1, "closed": 2}
    return sorted(items, key=lambda item: (item.attempt, item.at or review.requested_at, order[item.kind]))


def flagged_criteria(review: GateReview, history: list[HistoryItem] | None = None) -> dict[str, list[dict]]:
    """Criterion code → the "needs change" flags of this review's latest request for changes (who, note)."""
    items = history if history is not None else review_history(review)
    own = [
        item
        for item in items
        if item.kind == "signoff" and item.attempt == review.attempt and item.decision == Decision.REQUEST_CHANGES
    ]
    if not own:
        return {}
    last_round = max(item.round for item in own)
    flags: dict[str, list[dict]] = {}
    for item in own:
        if item.round == last_round:
            for flag in item.flags:
                flags.setdefault(flag["code"], []).append({"who": item.who, "note": flag["note"]})
    return flags


def decision_outcome(review: GateReview) -> str:
    """What a sign-off led to beyond its slot, in one sentence (the page's message and the API's ``message``): the
    initiative advanced, and to which phase; the review waits for the owner; it is closed. "" otherwise."""
    key = {"key": review.initiative.key}
    if review.status == ReviewStatus.APPROVED:
        target = next_phase(review.phase)
        if target is None:
            return _("Every slot approved: %(key)s passed its scaling gate and is now in production.") % key
        return _("Every slot approved: %(key)s advanced to %(phase)s.") % {
            **key,
            "phase": Phase(target).label.lower(),
        }
    if review.waiting_for_owner:
        return _("The review of %(key)s now waits for its owner to answer the requested changes.") % key
    if review.status == ReviewStatus.REJECTED:
        return _("The review of %(key)s is closed: rejected.") % key
    return ""
