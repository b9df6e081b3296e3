"""The Celery beat schedule: every periodic task of the project, in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # A signed checkpoint of every audit chain head, kept outside the database (governance.audit).
    "audit-checkpoint": {
        "task": "governance.audit_checkpoint",
        "schedule": crontab(minute=45),
    },
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
    # Reminders and notifications (PRODUCT.md §5). Every sweep is idempotent, so overlaps and retries are harmless.
    # Events that need a notification at once (review requested, sign-off recorded, ...): read the outbox often.
    "process-notification-outbox": {
        "task": "governance.process_notification_outbox",
        "schedule": 30.0,
    },
    # Emails the send task never delivered (broker down when they were queued, worker lost) or that failed.
    "resend-notifications": {
        "task": "governance.resend_notifications",
        "schedule": crontab(minute="*/2"),
    },
    # Outbound webhooks: new events out within seconds; a failing endpoint waits for its own backoff.
    "send-webhooks": {
        "task": "governance.send_webhooks",
        "schedule": 15.0,
    },
    "sweep-phase-time-boxes": {
        "task": "governance.sweep_phase_time_boxes",
        "schedule": crontab(minute="*/15"),
    },
    "sweep-gate-reviews": {
        "task": "governance.sweep_gate_reviews",
        "schedule": crontab(minute="*/15"),
    },
    "sweep-compliance-reviews": {
        "task": "governance.sweep_compliance_reviews",
        "schedule": crontab(minute=20),
    },
    "sweep-waivers": {
        "task": "governance.sweep_waivers",
        "schedule": crontab(minute=25),
    },
    # After adoption's hourly stale sweep at :05, so its criterion.stale events are notified at once.
    "sweep-stale-evidence": {
        "task": "governance.sweep_stale_evidence",
        "schedule": crontab(minute=7),
    },
    "send-executive-digest": {
        "task": "governance.send_executive_digest",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
}

# Sent once whenever beat starts, so a fresh deployment (or `make run`) reminds at once instead of waiting for the
# first scheduled time. Idempotent: a restart of beat sends nothing twice.
RUN_AT_BEAT_START = ["governance.sweep_all"]
