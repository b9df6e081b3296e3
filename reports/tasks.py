"""Celery tasks of the reports app; each wraps one service and takes only JSON arguments."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reports.services import board_pack_take_monthly


@shared_task(
    name="reports.take_board_pack",
    acks_late=True,
    ignore_result=True,
    # Idempotent (a frozen month is never written again), so a retry after a dropped connection is harmless.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def take_board_pack() -> int:
    """Freeze last month's board pack (on the first of the month, see config/schedule.py)."""
    return board_pack_take_monthly(now=timezone.now())
