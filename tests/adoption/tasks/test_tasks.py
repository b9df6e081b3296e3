"""The adoption Celery task: registered under its explicit name, late-acknowledged, wrapping the staleness sweep."""

import datetime

import time_machine
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase
from adoption.models import GateCriterion
from adoption.tasks import mark_stale_criteria
from config.celery import app
from config.schedule import BEAT_SCHEDULE
from tests.factories.adoption import move_to_phase


def test_the_task_is_registered_by_name_with_late_acks_and_no_result():
    task = app.tasks["adoption.mark_stale_criteria"]
    assert task.name == mark_stale_criteria.name == "adoption.mark_stale_criteria"
    assert task.acks_late is True
    assert task.ignore_result is True
    assert task.max_retries == 5
    assert BEAT_SCHEDULE["mark-stale-criteria"]["task"] == "adoption.mark_stale_criteria"


def test_running_the_task_marks_expired_evidence_stale(initiative):
    initiative = move_to_phase(initiative, Phase.VALIDATION)
    GateCriterion.objects.filter(initiative=initiative, code="automated_evaluation").update(
        status=CriterionStatus.MET, metric_value=1, evidence_date=timezone.localdate()
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91), tick=False):
        assert mark_stale_criteria.run() == 1
        assert mark_stale_criteria.run() == 0
    stored = GateCriterion.objects.get(initiative=initiative, code="automated_evaluation")
    assert stored.status == CriterionStatus.STALE
