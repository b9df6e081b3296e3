"""Initiative lifecycle actions: advance (by an approved gate), hold, resume, stop and retire.

Each action looks its edge up in adoption/transitions.py, checks its own permission, writes its audit event in the
same transaction, and closes an open gate review that can no longer be decided.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import FailureMode, PhaseOutcome, RiskTier, Status, next_phase
from adoption.models import Initiative
from adoption.services.phases import phase_enter, stint_close
from adoption.transitions import EDGES, edge_refusal
from core.exceptions import InvalidInput, Refused
from governance import access
from governance.audit import audit_record, snapshot
from governance.choices import ReviewStatus
from governance.models import GateReview
from governance.services._common import clean_text, close_review, lock_initiative
from governance.services.scheduling import compliance_review_schedule, compliance_reviews_cancel_open

STATE_FIELDS = ["phase", "status", "phase_entered_at", "planned_phase_end", "phase_held_seconds", "hold_reason"]


def _authorise(*, actor, edge_name: str, initiative: Initiative, message: str) -> None:
    edge = EDGES[edge_name]
    access.require(user=actor, action=edge.permission, initiative=initiative, message=message)
    refusal = edge_refusal(edge_name=edge_name, initiative=initiative)
    if refusal:
        raise Refused(message, reasons=[refusal])


def _close_open_review(*, initiative: Initiative, actor, note: str) -> None:
    review = GateReview.objects.select_for_update().filter(initiative=initiative, status=ReviewStatus.OPEN).first()
    if review is not None:
        close_review(review=review, initiative=initiative, actor=actor, status=ReviewStatus.WITHDRAWN, note=note)


def initiative_advance(*, initiative: Initiative, review: GateReview, actor, at: datetime.datetime) -> Initiative:
    """Take the "advance" edge after ``review`` was approved (called inside the sign-off's transaction)."""
    refusal = edge_refusal(edge_name="advance", initiative=initiative)
    if refusal:
        raise Refused(_("The initiative cannot advance."), reasons=[refusal])
    before = snapshot(initiative, STATE_FIELDS)
    stint_close(initiative=initiative, outcome=PhaseOutcome.ADVANCED, at=at)
    target = next_phase(initiative.phase)
    if target is None:
        initiative.status = Status.IN_PRODUCTION
        initiative.production_entered_at = at
        verb = "initiative.entered_production"
    else:
        phase_enter(initiative=initiative, phase=target, at=at)
        verb = "initiative.advanced"
    initiative.version += 1
    initiative.save()
    audit_record(
        actor=actor,
        verb=verb,
        target=initiative,
        initiative=initiative,
        before=before,
        after={**snapshot(initiative, STATE_FIELDS), "review": review.pk},
    )
    if target is None:
        compliance_review_schedule(initiative=initiative, base=timezone.localdate(at), actor=actor)
    return initiative


def hold_apply(*, initiative: Initiative, actor, reason: str, verb: str = "initiative.held") -> None:
    """Put a locked initiative on hold (also used when a compliance review fails or a tier becomes prohibited)."""
    before = snapshot(initiative, STATE_FIELDS)
    initiative.status_before_hold = initiative.status
    initiative.status = Status.ON_HOLD
    initiative.hold_reason = reason
    initiative.hold_started_at = timezone.now()
    initiative.version += 1
    initiative.save()
    _close_open_review(initiative=initiative, actor=actor, note=_("The initiative was put on hold."))
    audit_record(
        actor=actor,
        verb=verb,
        target=initiative,
        initiative=initiative,
        before=before,
        after={**snapshot(initiative, STATE_FIELDS), "reason": reason},
    )


def initiative_hold(*, actor, initiative: Initiative, reason: str) -> Initiative:
    """Pause an active or production initiative (sponsor or CoE); the phase clock stops until it resumes."""
    message = _("%(key)s was not put on hold.") % {"key": initiative.key}
    reason = clean_text(reason, field="reason", required=True, message=message)
    with transaction.atomic():
        initiative = lock_initiative(initiative.pk)
        _authorise(actor=actor, edge_name="hold", initiative=initiative, message=message)
        hold_apply(initiative=initiative, actor=actor, reason=reason)
    return initiative


def initiative_resume(*, actor, initiative: Initiative, note: str = "") -> Initiative:
    """Return a held initiative to where it was; time on hold is added to the planned phase end."""
    message = _("%(key)s was not resumed.") % {"key": initiative.key}
    note = clean_text(note, field="note", required=False, message=message)
    with transaction.atomic():
        initiative = lock_initiative(initiative.pk)
        _authorise(actor=actor, edge_name="resume", initiative=initiative, message=message)
        if initiative.risk_tier == RiskTier.PROHIBITED:
            raise Refused(message, reasons=[_("Its risk tier is prohibited; a prohibited initiative stays on hold.")])
        before = snapshot(initiative, STATE_FIELDS)
        now = timezone.now()
        held = now - (initiative.hold_started_at or now)
        if initiative.status_before_hold == Status.ACTIVE:
            initiative.phase_held_seconds += int(held.total_seconds())
            initiative.planned_phase_end += held
        initiative.status = initiative.status_before_hold or Status.ACTIVE
        initiative.status_before_hold = ""
        initiative.hold_started_at = None
        initiative.hold_reason = ""
        initiative.version += 1
        initiative.save()
        audit_record(
            actor=actor,
            verb="initiative.resumed",
            target=initiative,
            initiative=initiative,
            before=before,
            after={**snapshot(initiative, STATE_FIELDS), "held_seconds": int(held.total_seconds()), "note": note},
        )
        if initiative.status == Status.IN_PRODUCTION:
            compliance_review_schedule(initiative=initiative, base=timezone.localdate(now), actor=actor)
    return initiative


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
    message = _("%(key)s was not stopped.") % {"key": initiative.key}
    reason = clean_text(reason, field="reason", required=True, message=message)
    contributing = list(dict.fromkeys(contributing_modes or []))
    errors: dict[str, list[str]] = {}
    if not_a_failure:
        if primary_failure_mode or contributing:
            errors["primary_failure_mode"] = [_("A stop that is not a failure has no failure modes.")]
    elif primary_failure_mode not in FailureMode.values:
        errors["primary_failure_mode"] = [
            _("Choose the primary failure mode from the six, or mark the stop as not a failure.")
        ]
    bad = [m for m in contributing if m not in FailureMode.values]
    if bad:
        errors["contributing_modes"] = [_("Unknown failure modes: %(modes)s.") % {"modes": ", ".join(bad)[:200]}]
    if primary_failure_mode in contributing:
        contributing.remove(primary_failure_mode)
    if errors:
        raise InvalidInput(message, fields=errors)
    with transaction.atomic():
        initiative = lock_initiative(initiative.pk)
        _authorise(actor=actor, edge_name="stop", initiative=initiative, message=message)
        before = snapshot(initiative, STATE_FIELDS)
        now = timezone.now()
        if initiative.status == Status.ON_HOLD and initiative.hold_started_at:
            initiative.phase_held_seconds += int((now - initiative.hold_started_at).total_seconds())
        if initiative.status in (Status.ACTIVE, Status.ON_HOLD) and initiative.production_entered_at is None:
            stint_close(initiative=initiative, outcome=PhaseOutcome.STOPPED, at=now)
        initiative.status = Status.STOPPED
        initiative.stopped_at = now
        initiative.stop_primary_failure_mode = primary_failure_mode
        initiative.stop_contributing_modes = contributing
        initiative.stop_not_a_failure = not_a_failure
        initiative.stop_reason = reason
        initiative.hold_started_at = None
        initiative.version += 1
        initiative.save()
        _close_open_review(initiative=initiative, actor=actor, note=_("The initiative was stopped."))
        audit_record(
            actor=actor,
            verb="initiative.stopped",
            target=initiative,
            initiative=initiative,
            before=before,
            after={
                "status": initiative.status,
                "primary_failure_mode": primary_failure_mode,
                "contributing_modes": contributing,
                "not_a_failure": not_a_failure,
                "reason": reason,
            },
        )
    return initiative


def initiative_retire(*, actor, initiative: Initiative, reason: str) -> Initiative:
    """Take a production initiative out of service (sponsor or CoE)."""
    message = _("%(key)s was not retired.") % {"key": initiative.key}
    reason = clean_text(reason, field="reason", required=True, message=message)
    with transaction.atomic():
        initiative = lock_initiative(initiative.pk)
        _authorise(actor=actor, edge_name="retire", initiative=initiative, message=message)
        before = snapshot(initiative, STATE_FIELDS)
        initiative.status = Status.RETIRED
        initiative.retired_at = timezone.now()
        initiative.version += 1
        initiative.save()
        compliance_reviews_cancel_open(initiative=initiative, actor=actor, note=_("Initiative retired."))
        audit_record(
            actor=actor,
            verb="initiative.retired",
            target=initiative,
            initiative=initiative,
            before=before,
            after={"status": initiative.status, "reason": reason},
        )
    return initiative
