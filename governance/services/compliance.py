"""Risk-tier changes (proposed, then confirmed by a compliance officer in scope) and periodic compliance reviews."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import RiskTier, Status
from adoption.models import Initiative
from adoption.services.criteria import criteria_derive
from core.exceptions import NotFound, Refused
from governance import actions, inputs, questionnaire
from governance.actions import lock_initiative
from governance.audit import audit_record, audit_save
from governance.choices import ComplianceOutcome, ComplianceReviewStatus, RiskChangeStatus
from governance.models import ComplianceReview, RiskTierChange
from governance.services.compliance_items import answers_merge
from governance.services.lifecycle import hold_imposed
from governance.services.reviews import open_review_recompute
from governance.services.scheduling import (
    compliance_review_reschedule,
    compliance_review_schedule,
    compliance_reviews_schedule,
    last_completed_reviews,
)
from governance.stepup import AuthProof, require_fresh


def risk_tier_propose(*, actor, initiative: Initiative, to_tier: str, reason: str) -> RiskTierChange:
    """Propose a new risk tier; nothing changes until a compliance officer in scope confirms it."""
    message = _("The risk-tier change was not proposed.")
    reason = inputs.RiskProposeInput.clean_input(to_tier=to_tier, reason=reason)["reason"]
    with transaction.atomic():
        initiative = actions.action_lock("propose_risk_tier", user=actor, initiative=initiative)
        if to_tier == initiative.risk_tier:
            raise Refused(message, reasons=[_("The risk tier is already %(tier)s.") % {"tier": to_tier}])
        try:
            with transaction.atomic():
                change = RiskTierChange.objects.create(
                    initiative=initiative,
                    from_tier=initiative.risk_tier,
                    to_tier=to_tier,
                    reason=reason,
                    proposed_by=actor,
                    proposed_at=timezone.now(),
                )
        except IntegrityError:
            raise Refused(message, reasons=[_("Another risk-tier change already awaits confirmation.")]) from None
        audit_record(
            actor=actor,
            verb="risk_tier.proposed",
            target=change,
            initiative=initiative,
            before={"risk_tier": change.from_tier},
            after={"risk_tier": to_tier, "reason": reason},
        )
    return change


def _lock_change(change: RiskTierChange) -> tuple[RiskTierChange, Initiative]:
    initiative_id = RiskTierChange.objects.filter(pk=change.pk).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Risk-tier change not found."))
    initiative = lock_initiative(initiative_id)
    return RiskTierChange.objects.select_for_update().get(pk=change.pk), initiative


def risk_tier_decide(
    *, actor, change: RiskTierChange, confirm: bool, note: str = "", auth: AuthProof | None = None
) -> RiskTierChange:
    """A compliance officer in scope confirms (the tier takes effect) or rejects a proposed change; a confirmation
    needs a recent sign-in (``auth``)."""
    note = inputs.RiskDecideInput.clean_input(decision="confirm" if confirm else "reject", note=note)["note"]
    if confirm:
        require_fresh(auth)
    with transaction.atomic():
        change, initiative = _lock_change(change)
        actions.action_require(
            "decide_risk_tier",
            user=actor,
            initiative=initiative,
            facts=actions.InitiativeFacts(user=actor, initiative=initiative, change=change),
        )
        change.status = RiskChangeStatus.CONFIRMED if confirm else RiskChangeStatus.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_note = note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if not confirm:
            audit_record(
                actor=actor, verb="risk_tier.rejected", target=change, initiative=initiative, after={"note": note}
            )
            return change
        risk_tier_take_effect(initiative=initiative, actor=actor, change=change, note=note)
    return change


def risk_tier_take_effect(*, initiative: Initiative, actor, change: RiskTierChange, note: str = "") -> None:
    """A confirmed change takes effect on the locked ``initiative``: the tier, the derived criteria, a hold when
    prohibited (else the open review's slots again), the compliance review's date. The one place a tier changes:
    a decided change (``risk_tier_decide``) and a confirmed regulatory classification (``regimes``) both come here."""
    initiative.risk_tier = change.to_tier
    initiative.version += 1
    audit_save(
        initiative,
        ["risk_tier", "version", "updated_at"],
        actor=actor,
        verb="risk_tier.confirmed",
        target=change,
        initiative=initiative,
        before={"risk_tier": change.from_tier},
        after={"risk_tier": change.to_tier, "note": note},
    )
    criteria_derive(actor=actor, initiative=initiative)
    if change.to_tier == RiskTier.PROHIBITED and initiative.status in (Status.ACTIVE, Status.IN_PRODUCTION):
        hold_imposed(
            initiative=initiative,
            actor=actor,
            edge="hold_prohibited",
            reason=_("Risk tier confirmed as prohibited."),
        )
    else:
        open_review_recompute(initiative=initiative, actor=actor, reason="risk tier changed")
    compliance_review_reschedule(initiative=initiative, actor=actor)


def compliance_review_complete(
    *, actor, review: ComplianceReview, findings: str, outcome: str, answers: dict | None = None
) -> ComplianceReview:
    """Record a compliance review's summary and outcome, once every required question of its questionnaire is
    answered (``answers`` may give the last ones); its open findings stay open and are carried into the next review.
    A fail puts the initiative on hold."""
    findings = inputs.ComplianceCompleteInput.clean_input(findings=findings, outcome=outcome)["findings"]
    with transaction.atomic():
        initiative_id = ComplianceReview.objects.filter(pk=review.pk).values_list("initiative_id", flat=True).first()
        if initiative_id is None:
            raise NotFound(_("Compliance review not found."))
        initiative = lock_initiative(initiative_id)
        review = ComplianceReview.objects.select_for_update().get(pk=review.pk)
        actions.action_require(
            "complete_compliance_review",
            user=actor,
            initiative=initiative,
            facts=actions.InitiativeFacts(user=actor, initiative=initiative, compliance_review=review),
        )
        refused = _("The compliance review was not completed.")
        if review.status != ComplianceReviewStatus.OPEN:
            raise Refused(refused, reasons=[_("This compliance review is closed.")])
        review.answers = answers_merge(review, answers or {}, refused)
        missing = questionnaire.unanswered(review.questionnaire.questions, review.answers)
        if missing:
            reasons = [_("Answer the required question: %(question)s") % {"question": text} for text in missing]
            raise Refused(refused, reasons=reasons)
        now = timezone.now()
        review.status = ComplianceReviewStatus.COMPLETED
        review.findings = findings
        review.outcome = outcome
        review.completed_by = actor
        review.completed_at = now
        review.save(
            update_fields=["status", "findings", "outcome", "completed_by", "completed_at", "questionnaire", "answers"]
        )
        after = {
            "outcome": outcome,
            "findings": findings,
            "answers": review.answers,
            "questionnaire_version": review.questionnaire.version,
        }
        audit_record(actor=actor, verb="compliance_review.completed", target=review, initiative=initiative, after=after)
        if outcome == ComplianceOutcome.FAIL and initiative.status == Status.IN_PRODUCTION:
            hold_imposed(
                initiative=initiative, actor=actor, edge="hold_compliance_failed", reason=_("Compliance review failed.")
            )
        else:
            compliance_review_schedule(initiative=initiative, base=timezone.localdate(now), actor=actor)
    return review


def compliance_reviews_schedule_missing(*, today: datetime.date | None = None, batch_size: int = 500) -> int:
    """Open the next review for every production initiative that has none (a sweep; safe to run twice), each batch
    in a constant number of queries."""
    today = today or timezone.localdate()
    created = 0
    while True:
        with transaction.atomic():
            batch = list(
                Initiative.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("business_unit")
                .filter(status=Status.IN_PRODUCTION)
                .exclude(compliance_reviews__status=ComplianceReviewStatus.OPEN)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return created
            last = last_completed_reviews([initiative.pk for initiative in batch])
            made = compliance_reviews_schedule(
                initiatives=[
                    (i, timezone.localdate(last.get(i.pk) or i.production_entered_at or timezone.now())) for i in batch
                ]
            )
            created += len(made)
            if not made:
                return created
