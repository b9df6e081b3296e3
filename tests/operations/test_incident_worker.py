"""An incident's deadline reminder through a real Celery worker: queued by the incident at the moment half the time
to the deadline has gone, sent once however often the sweep runs after it."""

from __future__ import annotations

import datetime

import pytest
from celery import current_app
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.utils import timezone

from governance.models import Notification
from operations.services.incidents import incident_record
from operations.tasks import sweep_incident_deadlines
from tests.governance.reminders.conftest import test_queue, wait_until  # noqa: F401 - the test's own queue

from .conftest import answer, to_production

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def worker(test_queue, monkeypatch):  # noqa: F811
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")
    app = current_app._get_current_object()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as embedded:
        yield embedded


def test_the_reminder_queued_at_half_time_fires_once(regime, cast, worker):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    # Detected almost two hours ago: half of the four hours is reached in three seconds.
    detected = timezone.now() - datetime.timedelta(hours=2) + datetime.timedelta(seconds=3)
    incident = incident_record(
        actor=cast["owner"], initiative=initiative, severity="major", summary="Wrong rates shown.", detected_at=detected
    )
    reminders = Notification.objects.filter(kind="incident_deadline", recipient=cast["owner"])
    assert not reminders.exists()
    wait_until(reminders.exists, timeout=30)
    assert reminders.get().context["incident_id"] == incident.pk
    # The minute sweep runs again (twice, through the worker): nothing new.
    done: list[str] = []

    def count(sender=None, **kwargs):
        if sender is not None and sender.name == "operations.sweep_incident_deadlines":
            done.append(kwargs.get("task_id"))

    task_postrun.connect(count, weak=False)
    try:
        sweep_incident_deadlines.apply_async()
        sweep_incident_deadlines.apply_async()
        wait_until(lambda: len(done) >= 2, timeout=30)
    finally:
        task_postrun.disconnect(count)
    assert reminders.count() == 1
