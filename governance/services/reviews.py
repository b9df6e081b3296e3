"""Gate reviews and four-eyes sign-offs: request, sign, withdraw, and staleness when evidence or risk changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative, RoiVersion
from adoption.transitions import current_criteria, evidence_set_hash
from core.exceptions import InvalidInput, NotFound
from core.web import person_name
from governance import access, actions, eligibility, gate, inputs
from governance.actions import lock_initiative
from governance.audit import audit_record, audit_save
from governance.choices import Decision, ReviewStatus
from governance.models import GateReview, ReviewSlot, SignOff
from governance.services._common import close_review
from governance.services.lifecycle import initiative_transition
from governance.services.receipts import receipt_issue
from governance.stepup import AuthProof, require_fresh
from governance.twofactor import require_second_factor


def gate_review_request(*, actor, initiative: Initiative) -> GateReview:
    """Ask to leave the current phase (the "request_review" edge). Refused with the unmet criteria unless the gate
    is satisfied."""
    return initiative_transition(actor=actor, initiative=initiative, edge="request_review").review


def _lock_review(review_id: int) -> tuple[GateReview, Initiative]:
    # Lock order everywhere: initiative first, then its review.
    initiative_id = GateReview.objects.filter(pk=review_id).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Gate review not found."))
    initiative = lock_initiative(initiative_id)
    review = GateReview.objects.select_for_update().get(pk=review_id)
    review.initiative = initiative
    return review, initiative


def _refresh_if_stale(*, review: GateReview, initiative: Initiative, criteria, actor, reason: str) -> bool:
    """Start a new signing round when the evidence changed since the review froze it. Returns True if it did."""
    digest = evidence_set_hash(criteria)
    if digest == review.evidence_hash:
        return False
    today = timezone.localdate()
    roi = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
    before = {"round": review.round, "evidence_hash": review.evidence_hash}
    review.round += 1
    review.evidence_hash = digest
    review.snapshot = gate.review_snapshot(
        initiative=initiative, criteria=criteria, evidence_hash=digest, roi=roi, today=today
    )
    review.roi_version = roi
    review.save(update_fields=["round", "evidence_hash", "snapshot", "roi_version"])
    _audit_new_round(review, initiative, actor, reason, before, evidence_hash=digest, snapshot=review.snapshot)
    return True


def _audit_new_round(review: GateReview, initiative: Initiative, actor, reason: str, before: dict, **after) -> None:
    """A review's new signing round (evidence or risk tier changed under it): the sign-offs of earlier rounds no
    longer count."""
    audit_record(
        actor=actor,
        verb="gate_review.stale",
        target=review,
        initiative=initiative,
        before=before,
        after={"round": review.round, "reason": reason, **after},
    )


def review_round_signoffs(review: GateReview) -> dict[int, SignOff]:
    """The sign-offs that count: those of the current round, by slot id."""
    return {s.slot_id: s for s in SignOff.objects.filter(review=review, round=review.round)}


def signoff_record(
    *, actor, review: GateReview, slot_key: str, decision: str, comment: str = "", auth: AuthProof | None = None
) -> GateReview:
    """Record ``actor``'s decision on one slot, with when and how they last signed in (``auth``, which must be
    recent). The last approval advances the initiative in the same transaction."""
    comment = inputs.SignInput.clean_input(decision=decision, comment=comment)["comment"]
    require_fresh(auth)
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        perms = access.require(user=actor, action="view_initiative", initiative=initiative)
        closed = eligibility.review_refusal(review=review, initiative=initiative)
        if closed is not None:
            raise closed.error()
        slots = {s.key: s for s in review.slots.filter(active=True)}
        slot = slots.get(str(slot_key))
        if slot is None:
            raise InvalidInput(
                _("The sign-off was not recorded."),
                fields={
                    "slot": [
                        _("This review has no slot “%(slot)s”; its slots are: %(slots)s.")
                        % {"slot": str(slot_key)[:60], "slots": ", ".join(slots)}
                    ]
                },
            )
        criteria = current_criteria(initiative)
        _refresh_if_stale(
            review=review, initiative=initiative, criteria=criteria, actor=actor, reason="evidence changed"
        )
        refused = eligibility.sign_refusal(
            user=actor, review=review, slot=slot, facts=eligibility.review_facts(review, stale=False), perms=perms
        )
        if refused is not None:
            raise refused.error()
        require_second_factor(auth, review=review, slot=slot)
        grant = access.role_grant_for(user=actor, role=slot.role, initiative=initiative)
        now = timezone.now()
        signoff = SignOff.objects.create(
            review=review,
            slot=slot,
            round=review.round,
            signer=actor,
            signer_name=person_name(actor),
            grant={"assignment": grant.pk, "role": grant.role, "scope": grant.scope, "scope_label": grant.scope_label},
            decision=decision,
            comment=comment,
            evidence_hash=review.evidence_hash,
            signed_at=now,
            auth_at=auth.at if auth else None,
            auth_method=auth.method if auth else "",
        )
        audit_record(
            actor=actor,
            verb="signoff.recorded",
            target=review,
            initiative=initiative,
            after={
                "slot": slot.key,
                "decision": decision,
                "comment": comment,
                "round": review.round,
                "grant": signoff.grant,
                "evidence_hash": review.evidence_hash,
                "auth_method": signoff.auth_method,
                "auth_at": signoff.auth_at.isoformat() if signoff.auth_at else None,
            },
        )
        if decision == Decision.APPROVE:
            approved = {sid for sid, s in review_round_signoffs(review).items() if s.decision == Decision.APPROVE}
            if all(s.pk in approved for s in slots.values()):
                _approve(review=review, initiative=initiative, criteria=criteria, actor=actor, at=now)
        else:
            review.status = ReviewStatus.REJECTED if decision == Decision.REJECT else ReviewStatus.CHANGES_REQUESTED
            review.decided_at = now
            review.decided_by = actor
            review.note = comment
            audit_save(
                review,
                ["status", "decided_at", "decided_by", "note"],
                actor=actor,
                verb=f"gate_review.{review.status}",
                initiative=initiative,
                after={"slot": slot.key, "comment": comment},
            )
    return review


def _approve(*, review: GateReview, initiative: Initiative, criteria, actor, at) -> None:
    # The "advance" edge re-checks the gate: a waiver may have expired or a risk change be pending since the request;
    # its refusal rolls the whole sign-off back.
    review.status = ReviewStatus.APPROVED
    review.decided_at = at
    review.decided_by = actor
    review.save(update_fields=["status", "decided_at", "decided_by"])
    after = {"phase": review.phase, "round": review.round}
    audit_record(actor=actor, verb="gate_review.approved", target=review, initiative=initiative, after=after)
    initiative_transition(
        actor=actor,
        initiative=initiative,
        edge="advance",
        data={"review": review, "criteria": criteria},
        at=at,
        locked=True,
    )
    receipt_issue(review=review, initiative=initiative, actor=actor)


def gate_review_withdraw(*, actor, review: GateReview, reason: str = "") -> GateReview:
    """The requester takes an open review back."""
    reason = inputs.WithdrawInput.clean_input(reason=reason)["reason"]
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        actions.action_require(
            "withdraw_review",
            user=actor,
            initiative=initiative,
            facts=actions.InitiativeFacts(user=actor, initiative=initiative, review=review),
        )
        close_review(review=review, initiative=initiative, actor=actor, status=ReviewStatus.WITHDRAWN, note=reason)
    return review


def open_review_recompute(*, initiative: Initiative, actor, reason: str) -> GateReview | None:
    """After a confirmed risk-tier change: the open review goes stale and its slots follow the new tier."""
    review = GateReview.objects.select_for_update().filter(initiative=initiative, status=ReviewStatus.OPEN).first()
    if review is None:
        return None
    before = {
        "round": review.round,
        "risk_tier": review.risk_tier,
        "slots": [s.key for s in review.slots.filter(active=True)],
    }
    review.risk_tier = initiative.risk_tier
    review.round += 1
    review.save(update_fields=["risk_tier", "round"])
    wanted = set(gate.required_slots(phase=review.phase, risk_tier=review.risk_tier))
    existing = {(s.role, s.ordinal): s for s in review.slots.all()}
    for key, slot in existing.items():
        active = key in wanted
        if slot.active != active:
            slot.active = active
            slot.save(update_fields=["active"])
    ReviewSlot.objects.bulk_create(
        ReviewSlot(review=review, role=role, ordinal=ordinal, order=len(existing) + i)
        for i, (role, ordinal) in enumerate(sorted(wanted - set(existing)))
    )
    slots = [s.key for s in review.slots.filter(active=True)]
    _audit_new_round(review, initiative, actor, reason, before, risk_tier=review.risk_tier, slots=slots)
    return review
