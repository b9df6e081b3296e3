"""Gate reviews and four-eyes sign-offs: request, sign, withdraw, and staleness when evidence or risk changes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import CriterionStatus, RiskTier, Role, Status
from adoption.models import Initiative, RoiVersion
from adoption.transitions import current_criteria, edge_refusal, evidence_set_hash, gate_unmet_reasons
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance import access
from governance.audit import audit_record, snapshot
from governance.choices import Decision, ReviewStatus, RiskChangeStatus
from governance.models import GateReview, ReviewSlot, RiskTierChange, SignOff, SignoffMatrixEntry
from governance.services._common import clean_text, close_review, lock_initiative
from governance.services.lifecycle import initiative_advance

ROI_SNAPSHOT_FIELDS = [
    "version",
    "phase",
    "currency",
    "rate_to_reporting",
    "benefit_cash_saving",
    "benefit_cost_avoidance",
    "benefit_revenue",
    "productivity_hours",
    "productivity_hourly_rate",
    "one_off_cost",
    "run_cost_model",
    "run_cost_infrastructure",
    "run_cost_people",
    "confidence",
]


def required_slots(*, phase: str, risk_tier: str) -> list[tuple[str, int]]:
    """(role, ordinal) pairs the gate of ``phase`` needs at ``risk_tier``: the matrix, plus a second compliance
    officer for high risk."""
    roles = list(SignoffMatrixEntry.objects.filter(phase=phase).order_by("order").values_list("role", flat=True))
    slots = [(role, 1) for role in roles]
    if risk_tier == RiskTier.HIGH:
        slots.append((Role.COMPLIANCE_OFFICER, 2))
    return slots


def _pending_risk_change(initiative: Initiative) -> bool:
    return RiskTierChange.objects.filter(initiative=initiative, status=RiskChangeStatus.PENDING).exists()


def _snapshot(*, initiative: Initiative, criteria, evidence_hash: str, roi: RoiVersion | None, today) -> dict:
    return {
        "phase": initiative.phase,
        "risk_tier": initiative.risk_tier,
        "evidence_hash": evidence_hash,
        "criteria": [
            {
                "code": c.code,
                "title": c.template.title,
                "template_version": c.template.version,
                "kind": c.template.kind,
                "mandatory": c.template.mandatory,
                "status": c.effective_status(today),
                "metric_value": None if c.metric_value is None else str(c.metric_value),
                "comparator": c.template.comparator,
                "threshold": None if c.template.threshold is None else str(c.template.threshold),
                "unit": c.template.unit,
                "evidence_date": c.evidence_date.isoformat() if c.evidence_date else None,
                "evidence_sha256": c.latest_evidence_sha256,
                "evidence_versions": c.evidence_count,
                "waiver": (
                    {
                        "by": c.waived_by.get_username(),
                        "reason": c.waiver_reason,
                        "expires_on": c.waiver_expires_on.isoformat(),
                    }
                    if c.status == CriterionStatus.WAIVED and c.waived_by_id
                    else None
                ),
            }
            for c in criteria
        ],
        "roi": snapshot(roi, ROI_SNAPSHOT_FIELDS) if roi else None,
    }


def _create_slots(review: GateReview) -> None:
    ReviewSlot.objects.bulk_create(
        ReviewSlot(review=review, role=role, ordinal=ordinal, order=position)
        for position, (role, ordinal) in enumerate(required_slots(phase=review.phase, risk_tier=review.risk_tier))
    )


def gate_review_request(*, actor, initiative: Initiative) -> GateReview:
    """Ask to leave the current phase. Refused with the unmet criteria unless the gate is satisfied."""
    with transaction.atomic():
        initiative = lock_initiative(initiative.pk)
        access.require(
            user=actor,
            action="request_gate_review",
            initiative=initiative,
            message=_("Only the owner or the CoE can request a gate review of %(key)s.") % {"key": initiative.key},
        )
        refusal = edge_refusal(edge_name="request_review", initiative=initiative)
        if refusal:
            raise Refused(_("The gate review was not requested."), reasons=[refusal])
        if GateReview.objects.filter(initiative=initiative, status=ReviewStatus.OPEN).exists():
            raise Refused(
                _("The gate review was not requested."),
                reasons=[_("%(key)s already has an open gate review.") % {"key": initiative.key}],
            )
        now = timezone.now()
        today = timezone.localdate(now)
        criteria = current_criteria(initiative)
        reasons = gate_unmet_reasons(
            initiative=initiative, criteria=criteria, today=today, pending_risk_change=_pending_risk_change(initiative)
        )
        if reasons:
            raise Refused(_("The gate review was not requested: the gate is not satisfied."), reasons=reasons)
        digest = evidence_set_hash(criteria)
        roi = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
        attempt = (
            GateReview.objects.filter(initiative=initiative, phase=initiative.phase).aggregate(n=Max("attempt"))["n"]
            or 0
        ) + 1
        snapshot = _snapshot(initiative=initiative, criteria=criteria, evidence_hash=digest, roi=roi, today=today)
        try:
            with transaction.atomic():
                review = GateReview.objects.create(
                    initiative=initiative,
                    phase=initiative.phase,
                    attempt=attempt,
                    requested_by=actor,
                    requested_at=now,
                    risk_tier=initiative.risk_tier,
                    snapshot=snapshot,
                    evidence_hash=digest,
                    roi_version=roi,
                )
        except IntegrityError:
            # The partial unique index is the last word when two requests race past the check above.
            raise Refused(
                _("The gate review was not requested."),
                reasons=[_("%(key)s already has an open gate review.") % {"key": initiative.key}],
            ) from None
        _create_slots(review)
        audit_record(
            actor=actor,
            verb="gate_review.requested",
            target=review,
            initiative=initiative,
            after={
                "phase": review.phase,
                "attempt": attempt,
                "evidence_hash": digest,
                "slots": [s.key for s in review.slots.all()],
                "snapshot": snapshot,
            },
        )
    return review


def _lock_review(review_id: int) -> tuple[GateReview, Initiative]:
    # Lock order everywhere: initiative first, then its review.
    initiative_id = GateReview.objects.filter(pk=review_id).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Gate review not found."))
    initiative = lock_initiative(initiative_id)
    review = GateReview.objects.select_for_update().get(pk=review_id)
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
    review.snapshot = _snapshot(initiative=initiative, criteria=criteria, evidence_hash=digest, roi=roi, today=today)
    review.roi_version = roi
    review.save(update_fields=["round", "evidence_hash", "snapshot", "roi_version"])
    audit_record(
        actor=actor,
        verb="gate_review.stale",
        target=review,
        initiative=initiative,
        before=before,
        after={"round": review.round, "evidence_hash": digest, "reason": reason, "snapshot": review.snapshot},
    )
    return True


def review_round_signoffs(review: GateReview) -> dict[int, SignOff]:
    """The sign-offs that count: those of the current round, by slot id."""
    return {s.slot_id: s for s in SignOff.objects.filter(review=review, round=review.round)}


def signoff_record(*, actor, review: GateReview, slot_key: str, decision: str, comment: str = "") -> GateReview:
    """Record ``actor``'s decision on one slot. The last approval advances the initiative in the same transaction."""
    if decision not in Decision.values:
        raise InvalidInput(
            _("The sign-off was not recorded."),
            fields={"decision": [_("Choose approve, reject or request_changes.")]},
        )
    comment = clean_text(
        comment,
        field="comment",
        required=decision != Decision.APPROVE,
        message=_("A comment is required to reject or request changes."),
    )
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        access.require(user=actor, action="view_initiative", initiative=initiative)
        if review.status != ReviewStatus.OPEN:
            raise Refused(
                _("The sign-off was not recorded."),
                reasons=[_("This review is closed (%(status)s).") % {"status": review.get_status_display().lower()}],
            )
        if initiative.status != Status.ACTIVE:
            raise Refused(
                _("The sign-off was not recorded."),
                reasons=[
                    _("%(key)s is %(status)s.")
                    % {"key": initiative.key, "status": initiative.get_status_display().lower()}
                ],
            )
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
        _check_four_eyes(actor=actor, review=review, initiative=initiative, slot=slot, criteria=criteria)
        grant = access.role_grant_for(user=actor, role=slot.role, initiative=initiative)
        if grant is None or not access.holds_role(user=actor, role=slot.role, initiative=initiative):
            raise Forbidden(
                _("You cannot sign the %(slot)s slot: you do not hold that role for %(key)s.")
                % {"slot": slot.get_role_display(), "key": initiative.key}
            )
        if SignOff.objects.filter(slot=slot, round=review.round).exists():
            raise Refused(
                _("The sign-off was not recorded."),
                reasons=[_("The %(slot)s slot is already signed in this round.") % {"slot": slot.get_role_display()}],
            )
        now = timezone.now()
        signoff = SignOff.objects.create(
            review=review,
            slot=slot,
            round=review.round,
            signer=actor,
            signer_name=actor.get_full_name() or actor.get_username(),
            grant={"assignment": grant.pk, "role": grant.role, "scope": grant.scope, "scope_label": grant.scope_label},
            decision=decision,
            comment=comment,
            evidence_hash=review.evidence_hash,
            signed_at=now,
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
            review.save(update_fields=["status", "decided_at", "decided_by", "note"])
            audit_record(
                actor=actor,
                verb=f"gate_review.{review.status}",
                target=review,
                initiative=initiative,
                after={"slot": slot.key, "comment": comment},
            )
    return review


def _check_four_eyes(*, actor, review: GateReview, initiative: Initiative, slot: ReviewSlot, criteria) -> None:
    if actor.pk == review.requested_by_id:
        raise Forbidden(_("You requested this review, so you cannot sign it (four eyes)."))
    if actor.pk == initiative.owner_id:
        raise Forbidden(_("You own %(key)s, so you cannot sign its gate review (four eyes).") % {"key": initiative.key})
    other = SignOff.objects.filter(review=review, signer=actor).exclude(slot=slot).select_related("slot").first()
    if other is not None:
        raise Forbidden(
            _("You already signed the %(slot)s slot of this review; one person signs one slot (four eyes).")
            % {"slot": other.slot.get_role_display()}
        )
    if slot.role == Role.COMPLIANCE_OFFICER and any(c.waived_by_id == actor.pk for c in criteria):
        raise Forbidden(_("You waived a criterion of this phase, so you cannot sign its compliance slot (four eyes)."))


def _approve(*, review: GateReview, initiative: Initiative, criteria, actor, at) -> None:
    # The last approval re-checks the gate: a waiver may have expired or a risk change be pending since the request.
    reasons = gate_unmet_reasons(
        initiative=initiative,
        criteria=criteria,
        today=timezone.localdate(at),
        pending_risk_change=_pending_risk_change(initiative),
    )
    if reasons:
        raise Refused(_("The final approval was not recorded: the gate is no longer satisfied."), reasons=reasons)
    review.status = ReviewStatus.APPROVED
    review.decided_at = at
    review.decided_by = actor
    review.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        verb="gate_review.approved",
        target=review,
        initiative=initiative,
        after={"phase": review.phase, "round": review.round},
    )
    initiative_advance(initiative=initiative, review=review, actor=actor, at=at)


def gate_review_withdraw(*, actor, review: GateReview, reason: str = "") -> GateReview:
    """The requester takes an open review back."""
    reason = clean_text(reason, field="reason", required=False, message=_("The review was not withdrawn."))
    with transaction.atomic():
        review, initiative = _lock_review(review.pk)
        access.require(user=actor, action="view_initiative", initiative=initiative)
        if review.requested_by_id != actor.pk:
            raise Forbidden(_("Only the person who requested this review can withdraw it."))
        if review.status != ReviewStatus.OPEN:
            raise Refused(_("The review was not withdrawn."), reasons=[_("This review is already closed.")])
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
    wanted = set(required_slots(phase=review.phase, risk_tier=review.risk_tier))
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
    audit_record(
        actor=actor,
        verb="gate_review.stale",
        target=review,
        initiative=initiative,
        before=before,
        after={
            "round": review.round,
            "risk_tier": review.risk_tier,
            "reason": reason,
            "slots": [s.key for s in review.slots.filter(active=True)],
        },
    )
    return review
