"""Celery tasks of the governance app; each wraps one service, takes JSON arguments and is safe to run twice.

The sweeps take an optional ``at`` (an ISO datetime) so an operator can run one as of a given time; by default
they run as of now. Only transient errors are retried (a dropped database connection, a lock timeout; for the
send task also an unreachable mail server), with backoff and a bound: anything else is a bug to see, not to repeat.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from governance.services.compliance import compliance_reviews_schedule_missing
from governance.services.delivery import SendOutcome, notification_send, notifications_resend_due, notifications_send
from governance.services.outbox import notifications_from_events
from governance.services.reminders import (
    compliance_actions_sweep,
    compliance_reviews_sweep,
    executive_digest_send,
    gate_reviews_sweep,
    phase_time_boxes_sweep,
    stale_evidence_sweep,
    sweeps_run_all,
    waivers_expiring_sweep,
)
from governance.services.reminders import parse_moment as moment
from governance.services.roles import role_assignments_expire
from governance.services.webhooks import webhooks_run

TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
SWEEP = {
    "acks_late": True,
    "ignore_result": True,
    # The sweeps are idempotent, so a retry after a dropped connection only finishes the job.
    "autoretry_for": TRANSIENT_DB_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}
SEND_MAX_RETRIES = 5


@shared_task(name="governance.expire_role_assignments", acks_late=True, ignore_result=True)
def expire_role_assignments() -> int:
    # The service closes at most one batch per call; keep going until none is due.
    total = 0
    while closed := role_assignments_expire():
        total += closed
    return total


def _sweep_task(name: str, run, doc: str):
    """A task ``governance.<name>`` that runs ``run`` as of ``at`` (an ISO datetime; now when empty) and returns
    what it counted."""

    def task(at: str | None = None) -> int:
        return run(moment(at))

    task.__name__ = task.__qualname__ = name
    task.__doc__ = doc
    return shared_task(name=f"governance.{name}", **SWEEP)(task)


schedule_compliance_reviews = _sweep_task(
    "schedule_compliance_reviews",
    lambda now: compliance_reviews_schedule_missing(today=timezone.localdate(now)),
    "Open the compliance reviews each initiative's cadence calls for.",
)
process_notification_outbox = _sweep_task(
    "process_notification_outbox",
    lambda now: notifications_from_events(now=now),
    "Notifications for audit events that need one at once (review requested, sign-off recorded, ...).",
)
sweep_phase_time_boxes = _sweep_task(
    "sweep_phase_time_boxes", lambda now: phase_time_boxes_sweep(now=now), "Phase time-box reminders."
)
sweep_gate_reviews = _sweep_task(
    "sweep_gate_reviews", lambda now: gate_reviews_sweep(now=now), "Gate-review reminders."
)
sweep_compliance_reviews = _sweep_task(
    "sweep_compliance_reviews", lambda now: compliance_reviews_sweep(now=now), "Compliance-review reminders."
)
sweep_compliance_actions = _sweep_task(
    "sweep_compliance_actions", lambda now: compliance_actions_sweep(now=now), "Compliance action-item reminders."
)
sweep_waivers = _sweep_task("sweep_waivers", lambda now: waivers_expiring_sweep(now=now), "Waiver-expiry warnings.")
sweep_stale_evidence = _sweep_task(
    "sweep_stale_evidence",
    lambda now: stale_evidence_sweep(now=now)[1],
    "Mark expired evidence and lapsed waivers stale, then notify the owners; returns the notifications made.",
)
send_executive_digest = _sweep_task(
    "send_executive_digest", lambda now: executive_digest_send(now=now), "This week's executive digest."
)
send_webhooks = _sweep_task(
    "send_webhooks",
    lambda now: webhooks_run(now=now),
    "Turn new audit events into webhook deliveries and send what each endpoint has due, oldest first.",
)
resend_notifications = _sweep_task(
    "resend_notifications",
    lambda now: notifications_resend_due(now=now),
    "Email what the send task never delivered (broker outage, lost worker) or what failed and is due again.",
)


@shared_task(name="governance.sweep_all", **SWEEP)
def sweep_all(at: str | None = None) -> dict[str, int]:
    """Every sweep once (beat sends it when it starts, so reminders appear without waiting for the schedule)."""
    return sweeps_run_all(now=moment(at))


def _send_countdown(retries: int) -> int:
    return min(10 * 2**retries, 600)


@shared_task(
    name="governance.send_notification", bind=True, acks_late=True, ignore_result=True, max_retries=SEND_MAX_RETRIES
)
def send_notification(self, notification_id: int) -> str:
    """Email one notification. Redelivery after a lost worker is harmless: the row says whether it was sent."""
    final = self.request.retries >= self.max_retries
    try:
        outcome = notification_send(notification_id=int(notification_id), final_attempt=final)
    except TRANSIENT_DB_ERRORS as exc:
        raise self.retry(exc=exc, countdown=_send_countdown(self.request.retries)) from exc
    if outcome == SendOutcome.DEFERRED:
        raise self.retry(countdown=_send_countdown(self.request.retries))
    return str(outcome)


@shared_task(name="governance.send_notifications", **SWEEP)
def send_notifications(notification_ids: list[int]) -> int:
    """Email the notifications one commit queued together; returns how many were handled here. One a transient
    error defers goes on alone, on ``send_notification``'s retries with backoff (this was its first attempt).
    Redelivery or a retry after a dropped connection is harmless: the rows say which were sent."""
    deferred = notifications_send(notification_ids=[int(pk) for pk in notification_ids])
    for pk in deferred:
        send_notification.apply_async(args=[pk], countdown=_send_countdown(0), retries=1)
    return len(notification_ids) - len(deferred)


@shared_task(name="governance.audit_checkpoint", acks_late=True, ignore_result=True)
def audit_checkpoint() -> str:
    """Write a signed checkpoint of every audit chain head outside the database (AUDIT_CHECKPOINT_DIR)."""
    from governance.audit import audit_checkpoint_write

    return str(audit_checkpoint_write())
