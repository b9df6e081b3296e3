"""Celery tasks of the governance app; each wraps one service and is safe to run twice."""

from celery import shared_task

from governance.services.compliance import compliance_reviews_schedule_missing
from governance.services.roles import role_assignments_expire


@shared_task(name="governance.expire_role_assignments", acks_late=True, ignore_result=True)
def expire_role_assignments() -> int:
    # The service closes at most one batch per call; keep going until none is due.
    total = 0
    while closed := role_assignments_expire():
        total += closed
    return total


@shared_task(name="governance.schedule_compliance_reviews", acks_late=True, ignore_result=True)
def schedule_compliance_reviews() -> int:
    return compliance_reviews_schedule_missing()
