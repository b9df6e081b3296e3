"""Celery tasks of the regimes app; each wraps one service and takes only JSON arguments."""

from celery import shared_task
from django.db import OperationalError

from regimes.services.catalogue import obligations_refresh


@shared_task(
    name="regimes.refresh_obligations",
    acks_late=True,
    ignore_result=True,
    # Idempotent (an initiative already in line is not touched), so a retry after a dropped connection is harmless.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def refresh_obligations() -> int:
    """Obligations whose effective date has come start to bind (daily, see config/schedule.py)."""
    return obligations_refresh()
