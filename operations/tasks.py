"""Celery tasks of the operations app: the incident-deadline sweep (minute-scale, also queued at the moments each
reminder step falls due). Safe to run twice: every reminder has a dedupe key."""

from __future__ import annotations

from celery import shared_task

from governance.services.reminders import incident_deadlines_sweep
from governance.services.reminders import parse_moment as moment
from governance.tasks import SWEEP


@shared_task(name="operations.sweep_incident_deadlines", **SWEEP)
def sweep_incident_deadlines(at: str | None = None) -> int:
    """Incident report deadline reminders as of ``at`` (an ISO datetime; now when empty)."""
    return incident_deadlines_sweep(now=moment(at))


@shared_task(name="operations.sweep_filings", **SWEEP)
def sweep_filings(at: str | None = None) -> int:
    """Filings due, and filings awaiting the authority's answer."""
    from governance.services.reminders import filings_due_sweep, filings_waiting_sweep

    now = moment(at)
    return filings_due_sweep(now=now) + filings_waiting_sweep(now=now)
