"""The Celery beat schedule: every periodic task of the project, in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "expire-role-assignments": {
        "task": "governance.expire_role_assignments",
        "schedule": crontab(minute="*/15"),
    },
    "mark-stale-criteria": {
        "task": "adoption.mark_stale_criteria",
        "schedule": crontab(minute=5),
    },
    "schedule-compliance-reviews": {
        "task": "governance.schedule_compliance_reviews",
        "schedule": crontab(minute=10, hour="*/6"),
    },
}
