"""Celery tasks of the adoption domain; each wraps one service and takes only JSON arguments."""

from django.utils import timezone

from adoption.services.criteria import criteria_mark_stale
from adoption.services.weekly import weekly_snapshot_take
from core.tasks import idempotent_task


@idempotent_task("adoption.mark_stale_criteria")
def mark_stale_criteria() -> int:
    """Turn criteria whose evidence or waiver expired into ``stale`` (hourly, see config/schedule.py)."""
    return criteria_mark_stale(now=timezone.now())


@idempotent_task("adoption.take_weekly_snapshot")
def take_weekly_snapshot() -> int:
    """Record the week that has just ended for the Monday view (early on Monday, see config/schedule.py); a
    recorded week is never written again."""
    return weekly_snapshot_take(now=timezone.now())
