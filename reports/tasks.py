"""Celery tasks of the reports app; each wraps one service and takes only JSON arguments."""

from django.utils import timezone

from core.tasks import idempotent_task
from reports.services import board_pack_take_monthly


@idempotent_task("reports.take_board_pack")
def take_board_pack() -> int:
    """Freeze last month's board pack (on the first of the month, see config/schedule.py); a frozen month is never
    written again."""
    return board_pack_take_monthly(now=timezone.now())
