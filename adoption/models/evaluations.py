"""Evaluation runs pushed by CI pipelines: what was evaluated (tool, suite, dataset, model, commit, pipeline), the
metrics it produced, the raw report, and what it did to the initiative's metric criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import append_only, person_field
from .portfolio import Initiative
from .scoping import InitiativeRecord


def report_upload_to(instance: "EvaluationRun", filename: str) -> str:
    return f"evaluations/{instance.initiative_id}/{instance.report_sha256[:2]}/{instance.report_sha256}/{filename}"


class EvaluationRun(InitiativeRecord):
    """One evaluation run of an initiative's model, as its pipeline reported it. Never changed once recorded."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evaluation_runs")
    number = models.PositiveIntegerField()
    tool = models.CharField(_("tool"), max_length=60)
    suite = models.CharField(_("suite"), max_length=200, blank=True)
    dataset_name = models.CharField(_("dataset"), max_length=200, blank=True)
    dataset_sha256 = models.CharField(_("dataset hash"), max_length=128, blank=True)
    model = models.CharField(_("model"), max_length=200)
    model_version = models.CharField(_("model version"), max_length=200, blank=True)
    commit = models.CharField(_("commit"), max_length=80, blank=True)
    pipeline_url = models.URLField(_("pipeline"), max_length=1000, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    metrics = models.JSONField(_("metrics"), default=dict)
    report = models.FileField(upload_to=report_upload_to, max_length=500, blank=True)
    report_format = models.CharField(max_length=20, blank=True)
    report_name = models.CharField(max_length=255, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    # What the run did: per criterion its value and status after the run; regressions against approved values.
    outcome = models.JSONField(default=dict)
    submitted_by = person_field()
    submitted_through = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-number"]
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        constraints = [models.UniqueConstraint(fields=["initiative", "number"], name="evaluation_run_number")]
        triggers = [append_only("evaluation_run_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative_id} run {self.number}"
