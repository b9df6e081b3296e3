"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import beat_init

from config.schedule import RUN_AT_BEAT_START

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("genai_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _run_at_beat_start(sender, **kwargs) -> None:
    # The schedule's start-up tasks (config/schedule.py): beat is the one process that starts once per deployment.
    for name in RUN_AT_BEAT_START:
        sender.app.send_task(name)
