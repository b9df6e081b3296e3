"""Gate reviews and four-eyes sign-offs: request, sign, withdraw, and staleness when evidence or risk changes."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import next_phase
from adoption.models import Initiative, RoiVersion
from adoption.transitions import current_criteria, evidence_set_hash
from core.exceptions import InvalidInput, NotFound
from core.web import person_name
from governance import access, actions, eligibility, gate, inputs
from governance.actions import lock_initiative
from governance.audit import audit_record, audit_save
from governance.choices import Decision, ReviewStatus
from governance.models import LIVE_REVIEW, Delegation, GateReview, ReviewAnswer, ReviewSlot, SignOff
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
    *,
    actor,
    review: GateReview,
    slot_key: str,
    decision: str,
    comment: str = "",
    flags: list | None = None,
    auth: AuthProof | None = None,
) -> GateReview:
    """Record ``actor``'s decision on one slot, with when and how they last signed in (``auth``, which must be
    recent). The last approval advances the initiative in the same transaction.

    "Request changes" (``flags``: the criteria that need change, each ``{"criterion": code, "note": …}``) sends the
    review back to its owner: it stays live, waiting for the answer (``gate_review_answer``), and nobody signs
    meanwhile. "Reject" closes it."""
    cleaned = inputs.SignInput.clean_input(
        decision=decision, comment=comment, flags=None if flags is None else json.dumps(flags)
    )
    comment = cleaned["comment"]
    require_fresh(auth)
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        perms = access.require(user=actor, action="view_initiative", initiative=initiative)
        closed = eligibility.review_refusal(review=review, initiative=initiative)
        if closed is not None:
            raise closed.error()
        # The rule's facts, fetched once: they hold the review's slots, and a new round (below) changes none of
        # them (what counts as signed is read against the review's round when asked).
        facts = eligibility.review_facts(review, stale=False)
        slots = {s.key: s for s in facts.active_slots}
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
        refused, lent = eligibility.sign_capacity(user=actor, review=review, slot=slot, facts=facts, perms=perms)
        if refused is not None:
            raise refused.error()
        require_second_factor(auth, review=review, slot=slot)
        flagged = _flags_of(review, cleaned["flags"])
        behalf = {}
        if lent is None:
            grant = access.role_grant_for(user=actor, role=slot.role, initiative=initiative)
            entitled = {
                "assignment": grant.pk,
                "role": grant.role,
                "scope": grant.scope,
                "scope_label": grant.scope_label,
            }
        else:
            # Signed on behalf of the delegator: their assignment (as it is now) and the delegation that lent it.
            delegation = Delegation.objects.select_related(
                "assignment__business_unit", "assignment__initiative", "delegator"
            ).get(pk=lent.delegation_id)
            grant = delegation.assignment
            entitled = {
                "assignment": grant.pk,
                "role": grant.role,
                "scope": grant.scope,
                "scope_label": grant.scope_label,
                "delegation": delegation.pk,
                "on_behalf_of": delegation.delegator_id,
            }
            behalf = {
                "on_behalf_of": delegation.delegator,
                "on_behalf_of_name": person_name(delegation.delegator),
                "delegation": delegation,
            }
        now = timezone.now()
        signoff = SignOff.objects.create(
            review=review,
            slot=slot,
            round=review.round,
            signer=actor,
            signer_name=person_name(actor),
            grant=entitled,
            **behalf,
            decision=decision,
            comment=comment,
            evidence_hash=review.evidence_hash,
            flags=flagged,
            signed_at=now,
            auth_at=auth.at if auth else None,
            auth_method=auth.method if auth else "",
        )
        completes = False
        if decision == Decision.APPROVE:
            counted = review_round_signoffs(review)  # this sign-off included
            completes = all(s.pk in counted and counted[s.pk].decision == Decision.APPROVE for s in slots.values())
        audit_record(
            actor=actor,
            verb="signoff.recorded",
            target=review,
            initiative=initiative,
            after={
                "slot": slot.key,
                "decision": decision,
                "comment": comment,
                "flags": flagged,
                # The last approval: where the initiative goes (a phase, or "production" after scaling).
                **({"advances_to": next_phase(review.phase) or "production"} if completes else {}),
                "round": review.round,
                "grant": signoff.grant,
                "evidence_hash": review.evidence_hash,
                "auth_method": signoff.auth_method,
                "auth_at": signoff.auth_at.isoformat() if signoff.auth_at else None,
                **({"on_behalf_of": signoff.on_behalf_of_name} if lent is not None else {}),
            },
        )
        if completes:
            _approve(review=review, initiative=initiative, criteria=criteria, actor=actor, at=now)
        elif decision == Decision.REJECT:
            review.status = ReviewStatus.REJECTED
            review.decided_at = now
            review.decided_by = actor
            review.note = comment
            audit_save(
                review,
                ["status", "decided_at", "decided_by", "note"],
                actor=actor,
                verb="gate_review.rejected",
                initiative=initiative,
                after={"slot": slot.key, "comment": comment},
            )
        elif decision == Decision.REQUEST_CHANGES:
            # Still live (not decided): it waits for the owner's answer.
            review.status = ReviewStatus.CHANGES_REQUESTED
            review.note = comment
            audit_save(
                review,
                ["status", "note"],
                actor=actor,
                verb="gate_review.changes_requested",
                initiative=initiative,
                after={"slot": slot.key, "comment": comment, "flags": flagged},
            )
    return review


def _flags_of(review: GateReview, flags: list[dict]) -> list[dict]:
    """The flagged criteria as a sign-off keeps them (code, title as frozen, note); InvalidInput for a criterion
    the review did not freeze."""
    frozen = {c["code"]: c["title"] for c in (review.snapshot or {}).get("criteria", [])}
    unknown = [flag["criterion"] for flag in flags if flag["criterion"] not in frozen]
    if unknown:
        raise InvalidInput(
            _("The sign-off was not recorded."),
            fields={
                "flags": [
                    _("This review has no criterion “%(code)s”; its criteria are: %(codes)s.")
                    % {"code": unknown[0][:60], "codes": ", ".join(frozen)}
                ]
            },
        )
    return [{"code": f["criterion"], "title": frozen[f["criterion"]], "note": f["note"]} for f in flags]


def gate_review_answer(*, actor, review: GateReview, comment: str) -> GateReview:
    """The owner answers the changes the signers requested (having updated the evidence): the review is open for
    signing again, on a fresh snapshot, in a new round.

    Every slot signs again, including those approved before the changes were requested: a sign-off vouches for
    the evidence it saw, and the answer changes what the signers decide on (the same rule as staleness).
    """
    comment = inputs.AnswerInput.clean_input(comment=comment)["comment"]
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        facts = actions.action_require(
            "answer_review",
            user=actor,
            initiative=initiative,
            facts=actions.InitiativeFacts(user=actor, initiative=initiative, review=review),
        )
        criteria = facts.criteria
        digest = evidence_set_hash(criteria)
        roi = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
        before = {"status": review.status, "round": review.round, "evidence_hash": review.evidence_hash}
        review.status = ReviewStatus.OPEN
        review.round += 1
        review.evidence_hash = digest
        review.snapshot = gate.review_snapshot(
            initiative=initiative, criteria=criteria, evidence_hash=digest, roi=roi, today=facts.today
        )
        review.roi_version = roi
        review.save(update_fields=["status", "round", "evidence_hash", "snapshot", "roi_version"])
        now = timezone.now()
        ReviewAnswer.objects.create(
            review=review,
            round=review.round,
            author=actor,
            author_name=actor.get_full_name() or actor.get_username(),
            comment=comment,
            answered_at=now,
        )
        audit_record(
            actor=actor,
            verb="gate_review.answered",
            target=review,
            initiative=initiative,
            before=before,
            after={"status": review.status, "round": review.round, "evidence_hash": digest, "comment": comment},
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
    review = GateReview.objects.select_for_update().filter(LIVE_REVIEW, initiative=initiative).first()
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
    wanted = set(gate.required_slots(phase=review.phase, risk_tier=review.risk_tier, initiative=initiative))
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
