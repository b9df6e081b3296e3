"""What happens next on an initiative, for the person looking at it: the last decision, what is missing before the
next request, and who is waiting on whom (the "what's next" panel at the top of the initiative page).

It reads what the page's action rules already read (``governance.actions.InitiativeFacts``: the last sign-off, what
the gate misses, who may sign each slot) and states no rule of its own: what a gate requires is
``adoption.transitions.gate_unmet_reasons()``, who may sign a slot is ``governance.eligibility``, what the person may
do is ``governance.actions``. A fixed number of queries whatever the
size of the portfolio, the number of reviews or the number of signers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from adoption import display
from adoption.choices import Status
from core.web import person_name
from governance import actions
from governance.models import GateReview


@dataclass
class LastDecision:
    """The latest sign-off on any of the initiative's gate reviews."""

    who: str
    slot: str
    decision: str
    at: object
    comment: str
    flags: list[dict]
    review: GateReview


@dataclass
class SlotWait:
    """An open slot of the live review and the people who may sign it now."""

    slot: str
    signers: list[str]


@dataclass
class WhatsNext:
    # "signers" (the live review waits for sign-offs), "owner_answer" (changes requested), "request" (the gate is
    # met: the owner may request the review), "evidence" (criteria are missing), "" (nothing pending: not active).
    waiting_on: str
    owner: str
    last: LastDecision | None = None
    review: GateReview | None = None
    missing: list[str] = field(default_factory=list)
    slots: list[SlotWait] = field(default_factory=list)
    # What the viewer may do about it now: "answer_review", "sign", "request_review".
    yours: list[str] = field(default_factory=list)

    @property
    def waiting_for_you(self) -> bool:
        return bool(self.yours)


def whats_next(*, user, initiative, facts: actions.InitiativeFacts) -> WhatsNext:
    """The panel's content for ``user`` on ``initiative`` (visible to them), from the page's ``facts``."""
    review = facts.open_review
    signoff = facts.last_signoff
    last = (
        LastDecision(
            who=signoff.signer_name,
            slot=signoff.slot.key,
            decision=signoff.decision,
            at=signoff.signed_at,
            comment=signoff.comment,
            flags=signoff.flags or [],
            review=signoff.review,
        )
        if signoff
        else None
    )
    result = WhatsNext(waiting_on="", owner=person_name(initiative.owner), last=last, review=review)
    if initiative.status != Status.ACTIVE:
        return result
    if review is None or review.waiting_for_owner:
        result.missing = list(facts.gate_unmet)
    if review is not None and review.waiting_for_owner:
        result.waiting_on = "owner_answer"
    elif review is not None:
        result.waiting_on = "signers"
        signers = facts.signers
        result.slots = [
            SlotWait(slot=slot.key, signers=[display.signer_label(p) for p in signers[slot.pk]])
            for slot in facts.review_facts.active_slots
            if slot.pk in signers
        ]
    else:
        result.waiting_on = "evidence" if result.missing else "request"
    for name in ("answer_review", "sign", "request_review"):
        if actions.action_state(name, user=user, initiative=initiative, facts=facts).allowed:
            result.yours.append(name)
    return result
