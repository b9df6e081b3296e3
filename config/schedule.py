"""The Celery beat schedule: every periodic task of the project, in one place."""

from celery.schedules import crontab

# task: when it runs. Each entry of the schedule is named after its task ("governance.sweep_waivers" is
# "sweep-waivers").
PERIODIC_TASKS = {
    # A signed checkpoint of every audit chain head, kept outside the database (governance.audit).
    "governance.audit_checkpoint": crontab(minute=45),
    "governance.expire_role_assignments": crontab(minute="*/15"),
    "adoption.mark_stale_criteria": crontab(minute=5),
    "governance.schedule_compliance_reviews": crontab(minute=10, hour="*/6"),
    # Reminders and notifications (PRODUCT.md §5). Every sweep is idempotent, so overlaps and retries are harmless.
    # Events that need a notification at once (review requested, sign-off recorded, ...): read the outbox often.
    "governance.process_notification_outbox": 30.0,
    # Emails the send task never delivered (broker down when they were queued, worker lost) or that failed.
    "governance.resend_notifications": crontab(minute="*/2"),
    # Outbound webhooks: new events out within seconds; a failing endpoint waits for its own backoff.
    "governance.send_webhooks": 15.0,
    "governance.sweep_phase_time_boxes": crontab(minute="*/15"),
    "governance.sweep_gate_reviews": crontab(minute="*/15"),
    "governance.sweep_compliance_reviews": crontab(minute=20),
    "governance.sweep_waivers": crontab(minute=25),
    "governance.sweep_compliance_actions": crontab(minute=35),
    # After adoption's hourly stale sweep at :05, so its criterion.stale events are notified at once.
    "governance.sweep_stale_evidence": crontab(minute=7),
    "governance.send_executive_digest": crontab(minute=0, hour=7, day_of_week="mon"),
    # The Monday view's record of the week that has just ended (idempotent: a recorded week is never rewritten).
    "adoption.take_weekly_snapshot": crontab(minute=30, hour=5, day_of_week="mon"),
    # The month-end board pack of the month that has just ended (idempotent: a frozen month is never rewritten).
    "reports.take_board_pack": crontab(minute=40, hour=5, day_of_month=1),
    # Incident report deadlines are hours away: minute-scale reminders (each step also queued at its moment).
    "operations.sweep_incident_deadlines": 60.0,
    "operations.sweep_filings": crontab(minute=50),
    # Regulatory obligations whose effective date has come start to bind (criteria added, owners told).
    "regimes.refresh_obligations": crontab(minute=40, hour=0),
}

BEAT_SCHEDULE = {
    task.partition(".")[2].replace("_", "-"): {"task": task, "schedule": schedule}
    for task, schedule in PERIODIC_TASKS.items()
}

# Sent once whenever beat starts, so a fresh deployment (or `make run`) reminds at once instead of waiting for the
# first scheduled time. Idempotent: a restart of beat sends nothing twice.
RUN_AT_BEAT_START = ["governance.sweep_all"]
