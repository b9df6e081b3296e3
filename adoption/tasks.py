"""Celery tasks of the adoption domain; each wraps one service and takes only JSON arguments."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from adoption.services.criteria import criteria_mark_stale
from adoption.services.weekly import weekly_snapshot_take


@shared_task(
    name="adoption.mark_stale_criteria",
    acks_late=True,
    ignore_result=True,
    # Lock timeouts and dropped connections pass; the sweep is idempotent, so a retry only finishes the job.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def mark_stale_criteria() -> int:
    """Turn criteria whose evidence or waiver expired into ``stale`` (hourly, see config/schedule.py)."""
    return criteria_mark_stale(now=timezone.now())


@shared_task(
    name="adoption.take_weekly_snapshot",
    acks_late=True,
    ignore_result=True,
    # Idempotent (a recorded week is never written again), so a retry after a dropped connection is harmless.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def take_weekly_snapshot() -> int:
    """Record the week that has just ended for the Monday view (early on Monday, see config/schedule.py)."""
    return weekly_snapshot_take(now=timezone.now())
