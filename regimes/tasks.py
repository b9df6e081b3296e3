"""Celery tasks of the regimes app; each wraps one service and takes only JSON arguments."""

from core.tasks import idempotent_task
from regimes.services.catalogue import obligations_refresh


@idempotent_task("regimes.refresh_obligations")
def refresh_obligations() -> int:
    """Obligations whose effective date has come start to bind (daily, see config/schedule.py); an initiative
    already in line is not touched."""
    return obligations_refresh()
