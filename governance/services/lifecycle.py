"""Initiative transitions: ``initiative_transition`` applies any edge of the transition table
(``adoption.transitions``) — lock → authorise → gate → apply its effects → audit — and the lifecycle actions (hold,
resume, stop, retire) are that call with their checked input.

Each effect named in the table is one function here (``EFFECTS``); an edge's own audit event is written after its
effects and before its ``after_audit`` effects, which record events of their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import HoldCause, PhaseOutcome, Status, next_phase
from adoption.models import Initiative, RoiVersion
from adoption.services.criteria import criteria_derive
from adoption.services.phases import phase_enter, stint_close
from adoption.transitions import EDGES, Edge, Effect, Target, edge_refusal, evidence_set_hash, gate_unmet_reasons
from core.exceptions import InvalidInput, Refused
from governance import actions, gate, inputs
from governance.actions import lock_initiative
from governance.audit import audit_record, snapshot
from governance.choices import ReviewStatus
from governance.models import LIVE_REVIEW, GateReview
from governance.services._common import close_review
from governance.services.scheduling import compliance_review_schedule, compliance_reviews_cancel_open
from governance.stepup import AuthProof, require_fresh

STATE_FIELDS = ["phase", "status", "phase_entered_at", "planned_phase_end", "phase_held_seconds", "hold_reason"]


@dataclass
class Transition:
    """One edge being taken: what the effects read and what they leave for the audit event."""

    edge: Edge
    initiative: Initiative
    actor: Any
    at: datetime.datetime
    data: dict[str, Any]
    facts: actions.InitiativeFacts | None = None
    verb: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    # Extra keys of the edge's audit event ("after"), and the event's target when it is not the initiative.
    extra: dict[str, Any] = field(default_factory=dict)
    audit_target: Any = None
    audit_after: dict[str, Any] | None = None
    review: GateReview | None = None


def initiative_transition(
    *, actor, initiative: Initiative, edge: str, data: dict | None = None, at=None, locked: bool = False
) -> Transition:
    """Take ``edge`` for ``initiative`` on behalf of ``actor``, in one transaction with its audit event.

    An edge a person asks for is authorised by ``governance.actions`` (the same rule pages and the API show); an
    edge without a permission ("advance", the holds a compliance decision imposes) is taken by the service that
    decided it, which passes ``locked=True`` when it already holds the initiative's lock.
    """
    edge_def = EDGES[edge]
    with transaction.atomic():
        if not locked:
            initiative = lock_initiative(initiative.pk)
        now = at or timezone.now()
        phase_before = initiative.phase
        step = Transition(edge=edge_def, initiative=initiative, actor=actor, at=now, data=data or {})
        step.facts = _authorise(step)
        step.verb = edge_def.verb
        step.before = snapshot(initiative, STATE_FIELDS)
        for effect in edge_def.effects:
            EFFECTS[effect](step)
        if edge_def.target in Status.values:
            initiative.status = edge_def.target
        if edge_def.target != Target.SAME:
            initiative.version += 1
            initiative.save()
        audit_record(
            actor=actor,
            verb=step.verb,
            target=step.audit_target or initiative,
            initiative=initiative,
            before=step.before,
            after=step.audit_after
            if step.audit_after is not None
            else {**snapshot(initiative, STATE_FIELDS), **step.extra},
        )
        if initiative.phase != phase_before:
            # The new phase's criteria the data can judge start where the data stands.
            criteria_derive(actor=actor, initiative=initiative)
        for effect in edge_def.after_audit:
            EFFECTS[effect](step)
    return step


def _authorise(step: Transition) -> actions.InitiativeFacts | None:
    edge, initiative = step.edge, step.initiative
    if edge.asked:
        return actions.action_require(edge.name, user=step.actor, initiative=initiative)
    refusal = edge_refusal(edge_name=edge.name, initiative=initiative)
    if refusal:
        raise Refused(str(edge.refused) % {"key": initiative.key}, reasons=[refusal])
    if edge.gated:
        reasons = gate_unmet_reasons(
            initiative=initiative,
            criteria=step.data["criteria"],
            today=timezone.localdate(step.at),
            pending_risk_change=gate.pending_risk_change(initiative),
        )
        if reasons:
            raise Refused(edge.gate_refused, reasons=reasons)
    return None


# --- Effects --------------------------------------------------------------------------------------------------------


def _open_review(step: Transition) -> None:
    """Open a gate review: the criteria and the ROI estimate frozen, the slots the gate needs."""
    initiative, facts = step.initiative, step.facts
    criteria = facts.criteria
    digest = evidence_set_hash(criteria)
    roi = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
    attempt = (
        GateReview.objects.filter(initiative=initiative, phase=initiative.phase).aggregate(n=Max("attempt"))["n"] or 0
    ) + 1
    frozen = gate.review_snapshot(
        initiative=initiative, criteria=criteria, evidence_hash=digest, roi=roi, today=timezone.localdate(step.at)
    )
    try:
        with transaction.atomic():
            review = GateReview.objects.create(
                initiative=initiative,
                phase=initiative.phase,
                attempt=attempt,
                requested_by=step.actor,
                requested_at=step.at,
                risk_tier=initiative.risk_tier,
                snapshot=frozen,
                evidence_hash=digest,
                roi_version=roi,
            )
    except IntegrityError:
        # The partial unique index is the last word when two requests race past the check.
        raise Refused(
            step.edge.refused, reasons=[_("%(key)s already has an open gate review.") % {"key": initiative.key}]
        ) from None
    gate.slots_create(review)
    step.review = review
    step.audit_target = review
    step.before = {}
    step.audit_after = {
        "phase": review.phase,
        "attempt": attempt,
        "evidence_hash": digest,
        "slots": [s.key for s in review.slots.all()],
        "snapshot": frozen,
    }


def _close_stint(step: Transition) -> None:
    initiative = step.initiative
    if step.edge.name == "advance":
        stint_close(initiative=initiative, outcome=PhaseOutcome.ADVANCED, at=step.at)
        return
    if initiative.status == Status.ON_HOLD and initiative.hold_started_at:
        # Time on hold so far counts as held when the stay ends on hold.
        initiative.phase_held_seconds += int((step.at - initiative.hold_started_at).total_seconds())
    if initiative.status in (Status.ACTIVE, Status.ON_HOLD) and initiative.production_entered_at is None:
        stint_close(initiative=initiative, outcome=PhaseOutcome.STOPPED, at=step.at)


def _enter_next_phase(step: Transition) -> None:
    initiative = step.initiative
    target = next_phase(initiative.phase)
    if target is None:
        initiative.status = Status.IN_PRODUCTION
        initiative.production_entered_at = step.at
        step.verb = "initiative.entered_production"
    else:
        phase_enter(initiative=initiative, phase=target, at=step.at)
    step.extra["review"] = step.data["review"].pk


def _start_hold(step: Transition) -> None:
    initiative = step.initiative
    initiative.status_before_hold = initiative.status
    initiative.hold_reason = step.data["reason"]
    initiative.hold_cause = step.edge.hold_cause
    initiative.hold_started_at = step.at
    step.extra.update(reason=step.data["reason"], cause=step.edge.hold_cause)


def _end_hold(step: Transition) -> None:
    initiative = step.initiative
    held = step.at - (initiative.hold_started_at or step.at)
    if initiative.status_before_hold == Status.ACTIVE:
        initiative.phase_held_seconds += int(held.total_seconds())
        initiative.planned_phase_end += held
    initiative.status = initiative.status_before_hold or Status.ACTIVE
    initiative.status_before_hold = ""
    initiative.hold_started_at = None
    initiative.hold_reason = ""
    initiative.hold_cause = ""
    step.extra.update(held_seconds=int(held.total_seconds()), note=step.data.get("note", ""))


def _close_open_review(step: Transition) -> None:
    review = GateReview.objects.select_for_update().filter(LIVE_REVIEW, initiative=step.initiative).first()
    if review is not None:
        note = {
            "stop": _("The initiative was stopped."),
            "void": _("The initiative was voided."),
            "merge": _("The initiative was merged into another."),
        }.get(step.edge.name, _("The initiative was put on hold."))
        close_review(
            review=review, initiative=step.initiative, actor=step.actor, status=ReviewStatus.WITHDRAWN, note=note
        )


def _record_stop(step: Transition) -> None:
    initiative, data = step.initiative, step.data
    initiative.stopped_at = step.at
    initiative.stop_primary_failure_mode = data["primary_failure_mode"]
    initiative.stop_contributing_modes = data["contributing_modes"]
    initiative.stop_not_a_failure = data["not_a_failure"]
    initiative.stop_reason = data["reason"]
    initiative.hold_started_at = None
    step.audit_after = {
        "status": Status.STOPPED,
        "primary_failure_mode": data["primary_failure_mode"],
        "contributing_modes": data["contributing_modes"],
        "not_a_failure": data["not_a_failure"],
        "reason": data["reason"],
    }


def _record_retirement(step: Transition) -> None:
    step.initiative.retired_at = step.at
    step.audit_after = {"status": Status.RETIRED, "reason": step.data["reason"]}


def _cancel_compliance_reviews(step: Transition) -> None:
    note = _("Initiative retired.") if step.edge.name == "retire" else _("Initiative voided.")
    compliance_reviews_cancel_open(initiative=step.initiative, actor=step.actor, note=note)


def _record_void(step: Transition) -> None:
    """Voided (or merged): the time, the reason and the initiative that carries on; nothing else changes (its
    evidence, ROI and history stay with it)."""
    initiative, data = step.initiative, step.data
    initiative.voided_at = step.at
    initiative.void_reason = data["reason"]
    initiative.merged_into = data.get("survivor")
    initiative.hold_started_at = None
    step.audit_after = {"status": Status.VOIDED, "reason": data["reason"]}
    if initiative.merged_into is not None:
        step.audit_after["merged_into"] = initiative.merged_into.key


def _schedule_compliance_review(step: Transition) -> None:
    if step.initiative.status == Status.IN_PRODUCTION:
        compliance_review_schedule(initiative=step.initiative, base=timezone.localdate(step.at), actor=step.actor)


EFFECTS: dict[str, Callable[[Transition], None]] = {
    Effect.OPEN_REVIEW: _open_review,
    Effect.CLOSE_STINT: _close_stint,
    Effect.ENTER_NEXT_PHASE: _enter_next_phase,
    Effect.START_HOLD: _start_hold,
    Effect.END_HOLD: _end_hold,
    Effect.CLOSE_OPEN_REVIEW: _close_open_review,
    Effect.RECORD_STOP: _record_stop,
    Effect.RECORD_RETIREMENT: _record_retirement,
    Effect.CANCEL_COMPLIANCE_REVIEWS: _cancel_compliance_reviews,
    Effect.SCHEDULE_COMPLIANCE_REVIEW: _schedule_compliance_review,
    Effect.RECORD_VOID: _record_void,
}


# --- The lifecycle actions: their input, then the edge ---------------------------------------------------------------


def initiative_hold(*, actor, initiative: Initiative, reason: str) -> Initiative:
    """Pause an active or production initiative (sponsor or CoE); the phase clock stops until it resumes."""
    data = inputs.HoldInput.clean_input(context={"key": initiative.key}, reason=reason)
    return initiative_transition(actor=actor, initiative=initiative, edge="hold", data=data).initiative


def initiative_resume(*, actor, initiative: Initiative, note: str = "", auth: AuthProof | None = None) -> Initiative:
    """Return a held initiative to where it was; time on hold is added to the planned phase end. Lifting a hold a
    failed compliance review imposed needs a recent sign-in (``auth``)."""
    data = inputs.ResumeInput.clean_input(context={"key": initiative.key}, note=note)
    if initiative.hold_cause == HoldCause.COMPLIANCE_FAILED:
        require_fresh(auth)
    return initiative_transition(actor=actor, initiative=initiative, edge="resume", data=data).initiative


def initiative_stop(
    *,
    actor,
    initiative: Initiative,
    reason: str,
    primary_failure_mode: str = "",
    contributing_modes: list[str] | None = None,
    not_a_failure: bool = False,
) -> Initiative:
    """Stop an initiative for good (sponsor or CoE), recording which failure mode killed it, or that none did."""
    data = inputs.StopInput.clean_input(
        context={"key": initiative.key},
        reason=reason,
        primary_failure_mode=primary_failure_mode,
        contributing_modes=contributing_modes or [],
        not_a_failure=not_a_failure,
    )
    return initiative_transition(actor=actor, initiative=initiative, edge="stop", data=data).initiative


def initiative_retire(*, actor, initiative: Initiative, reason: str) -> Initiative:
    """Take a production initiative out of service (sponsor or CoE)."""
    data = inputs.RetireInput.clean_input(context={"key": initiative.key}, reason=reason)
    return initiative_transition(actor=actor, initiative=initiative, edge="retire", data=data).initiative


def initiative_void(*, actor, initiative: Initiative, reason: str) -> Initiative:
    """Void an initiative registered by mistake (CoE): it keeps its records and leaves the funnel, the board, the
    counts and the reminders; its page says it was voided and why."""
    data = inputs.VoidInput.clean_input(context={"key": initiative.key}, reason=reason)
    return initiative_transition(actor=actor, initiative=initiative, edge="void", data=data).initiative


def initiative_merge(*, actor, initiative: Initiative, into: str, reason: str) -> Initiative:
    """Merge a duplicate into the initiative that carries on (CoE; the key ``into``, which the CoE sees and which is
    neither this one nor voided itself). The duplicate is voided with a link to the survivor; its evidence and ROI
    stay with it."""
    context = {"key": initiative.key}
    actions.action_require("merge", user=actor, initiative=initiative)  # again on the locked row, below
    data = inputs.MergeInput.clean_input(context=context, into=into, reason=reason)
    refused = inputs.MergeInput.refused % context
    with transaction.atomic():
        survivor = Initiative.objects.restrict(actor).filter(key=data["into"].strip().upper()).first()
        if survivor is None:
            raise InvalidInput(refused, fields={"into": [_("No initiative you see has this key.")]})
        if survivor.pk == initiative.pk:
            raise InvalidInput(refused, fields={"into": [_("An initiative cannot be merged into itself.")]})
        # Both locked, in one order for every writer, so two crossed merges (A into B, B into A) cannot both pass.
        first, second = sorted([initiative.pk, survivor.pk])
        locked = {pk: lock_initiative(pk) for pk in (first, second)}
        survivor = locked[survivor.pk]
        if survivor.status == Status.VOIDED:
            reason_text = _("%(key)s is voided itself; merge into the initiative that carries on.") % {
                "key": survivor.key
            }
            raise Refused(refused, reasons=[reason_text])
        step = initiative_transition(
            actor=actor,
            initiative=locked[initiative.pk],
            edge="merge",
            data={"reason": data["reason"], "survivor": survivor},
            locked=True,
        )
    return step.initiative


def hold_imposed(*, initiative: Initiative, actor, edge: str, reason: str) -> Initiative:
    """Put a locked initiative on hold because a decision of ``actor`` requires it (a failed compliance review, a
    tier confirmed as prohibited): the deciding service has authorised its actor."""
    return initiative_transition(
        actor=actor, initiative=initiative, edge=edge, data={"reason": reason}, locked=True
    ).initiative
