"""Evaluation runs from CI pipelines: a run's metrics become evidence of the metric criteria they are bound to,
judged by each criterion's comparator and threshold; once the initiative is in production, a run worse than the
approved value is a regression (audited, and the owner and sponsor are told).

The binding of a metric to a criterion is the criterion's own ``evaluation_metric`` or else its template's.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import evaluations, inputs
from adoption.choices import Comparator, CriterionKind, CriterionStatus, EvidenceKind, Status
from adoption.models import EvaluationRun, GateCriterion, Initiative
from adoption.services.criteria import criterion_update, met_problems
from adoption.services.evidence import evidence_add
from core.exceptions import InvalidInput
from governance import actions
from governance.audit import audit_record


def _report(report: File | None, report_format: str) -> tuple[bytes, evaluations.Parsed]:
    if report is None:
        return b"", evaluations.Parsed()
    if report_format not in evaluations.ADAPTERS:
        fields = {
            "report_format": [
                _("Name the report's format: %(formats)s.") % {"formats": ", ".join(evaluations.ADAPTERS)}
            ]
        }
        raise InvalidInput(_("The evaluation report could not be read."), fields=fields)
    data = report.read(settings.EVIDENCE_MAX_UPLOAD_BYTES + 1)
    if len(data) > settings.EVIDENCE_MAX_UPLOAD_BYTES:
        raise InvalidInput(_("The evaluation report is too large."), fields={"report": [_("The file is too large.")]})
    return data, evaluations.read_report(report_format, data)


def _metrics(given: dict | None) -> dict[str, Decimal]:
    """The metrics a pipeline named itself: names of up to 100 characters, finite numbers."""
    if given is None:
        return {}
    if not isinstance(given, dict) or len(given) > evaluations.MAX_METRICS:
        raise InvalidInput(
            _("The evaluation run was not recorded."),
            fields={"metrics": [_("Send up to 200 metrics as name → number.")]},
        )
    cleaned, bad = {}, []
    for name, value in given.items():
        number = evaluations.number(value)
        if (
            not isinstance(name, str)
            or not name.strip()
            or len(name) > evaluations.NAME_LIMIT
            or "\x00" in name
            or number is None
        ):
            bad.append(str(name)[:60])
        else:
            cleaned[name.strip()] = number
    if bad:
        fields = {"metrics": [_("Not a metric name with a number: %(names)s.") % {"names": ", ".join(bad)}]}
        raise InvalidInput(_("The evaluation run was not recorded."), fields=fields)
    return cleaned


def _worse(comparator: str, value: Decimal, approved: Decimal) -> bool:
    return value < approved if comparator == Comparator.GTE else value > approved


def evaluation_record(
    *,
    actor,
    initiative: Initiative,
    model: str = "",
    tool: str = "",
    suite: str = "",
    dataset_name: str = "",
    dataset_sha256: str = "",
    model_version: str = "",
    commit: str = "",
    pipeline_url: str = "",
    started_at: datetime.datetime | None = None,
    finished_at: datetime.datetime | None = None,
    metrics: dict | None = None,
    report: File | None = None,
    report_format: str = "",
    through: str = "",
) -> EvaluationRun:
    """Record an evaluation run (owner, contributor, or a CI token of the initiative). While the initiative is
    active each bound metric criterion of its phase gets a new evidence version with the value and becomes met or
    not met by its threshold; in production a value worse than the approved one is a regression."""
    data, parsed = _report(report, report_format)
    values = {**parsed.metrics, **_metrics(metrics)}
    described = {
        "tool": tool or parsed.tool,
        "suite": suite or parsed.suite,
        "model": model or parsed.model,
        "model_version": model_version or parsed.model_version,
        "dataset_name": dataset_name or parsed.dataset,
    }
    # What the caller said, else what the report says.
    cleaned = inputs.EvaluationInput.clean_arguments({**locals(), **described})
    if not values:
        raise InvalidInput(
            _("The evaluation run was not recorded."), fields={"metrics": [_("The run has no metrics.")]}
        )
    with transaction.atomic():
        initiative = actions.action_lock("record_evaluation", user=actor, initiative=initiative)
        number = (EvaluationRun.objects.filter(initiative=initiative).aggregate(n=Max("number"))["n"] or 0) + 1
        outcome = _apply(actor, initiative, number, values, cleaned)
        run = EvaluationRun(
            initiative=initiative,
            number=number,
            metrics={name: str(value) for name, value in values.items()},
            outcome=outcome,
            submitted_by=actor,
            submitted_through=through[:120],
            report_format=report_format if report is not None else "",
            report_name=(getattr(report, "name", "") or "report")[:255] if report is not None else "",
            report_sha256=hashlib.sha256(data).hexdigest() if report is not None else "",
            **cleaned,
        )
        if report is not None:
            run.report.save(run.report_name.rsplit("/", 1)[-1], ContentFile(data), save=False)
        run.save()
        audit_record(
            actor=actor,
            verb="evaluation.recorded",
            target=run,
            initiative=initiative,
            after={"number": number, "tool": run.tool, "model": run.model, "metrics": run.metrics, "outcome": outcome},
        )
        if outcome["regressions"]:
            # Language-neutral: each person reads it inside a sentence of their own language.
            reason = "; ".join(
                f"{r['metric']} {r['value']} {r['sign']} {r['approved']}" for r in outcome["regressions"]
            )
            after = {
                "number": number,
                "regressions": outcome["regressions"],
                "reason": reason,
                "phase": initiative.phase,
            }
            audit_record(actor=actor, verb="evaluation.regression", target=run, initiative=initiative, after=after)
    return run


def _apply(actor, initiative: Initiative, number: int, values: dict[str, Decimal], described: dict) -> dict:
    """What the run does to the bound criteria of the current phase; returns the run's outcome."""
    criteria = GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related("template")
    outcome: dict[str, list] = {"criteria": [], "regressions": [], "unbound": []}
    bound = set()
    for criterion in criteria.order_by("order", "pk"):
        metric = criterion.bound_metric
        if not metric or metric not in values or not criterion.template.is_measured:
            continue
        bound.add(metric)
        value = values[metric]
        if initiative.status == Status.IN_PRODUCTION:
            approved = criterion.metric_value
            if criterion.template.kind == CriterionKind.REALITY_GAP:
                # The offline score against the real success approved with it: a wider gap is worse.
                if criterion.real_success is None:
                    continue
                value = value - criterion.real_success
            if approved is not None and _worse(criterion.template.comparator, value, approved):
                sign = "<" if criterion.template.comparator == Comparator.GTE else ">"
                outcome["regressions"].append(
                    {
                        "code": criterion.code,
                        "metric": metric,
                        "value": str(value),
                        "sign": sign,
                        "approved": str(approved),
                    }
                )
            continue
        status = _record(actor, criterion, value, number, described)
        outcome["criteria"].append({"code": criterion.code, "metric": metric, "value": str(value), "status": status})
    outcome["unbound"] = sorted(set(values) - bound)
    return outcome


def _record(actor, criterion: GateCriterion, value: Decimal, number: int, described: dict) -> str:
    """A new evidence version with the run's value and provenance; then met or not met by the threshold (a waived
    criterion keeps its waiver unless the value now meets it)."""
    text = _(
        "Evaluation run %(number)s: %(tool)s %(suite)s, model %(model)s %(version)s, commit %(commit)s, "
        "dataset %(dataset)s %(hash)s."
    ) % {
        "number": number,
        "tool": described["tool"],
        "suite": described["suite"],
        "model": described["model"],
        "version": described["model_version"],
        "commit": described["commit"] or "—",
        "dataset": described["dataset_name"] or "—",
        "hash": described["dataset_sha256"],
    }
    link = described["pipeline_url"]
    kind = EvidenceKind.LINK if link else EvidenceKind.TEXT
    if criterion.template.kind == CriterionKind.REALITY_GAP:
        # The run gives the offline score; the gap needs the real users' task success too.
        evidence_add(actor=actor, criterion=criterion, kind=kind, text=text, url=link)
        criterion_update(actor=actor, criterion=criterion, offline_score=value)
        criterion.refresh_from_db()
        if criterion.metric_value is None:
            return criterion.status
        value = criterion.metric_value
    else:
        evidence_add(actor=actor, criterion=criterion, kind=kind, text=text, url=link, metric_value=value)
        criterion.refresh_from_db()
    problems = met_problems(
        template=criterion.template,
        metric_value=value,
        evidence_date=criterion.evidence_date,
        evidence_count=criterion.evidence_count,
        today=timezone.localdate(),
    )
    status = CriterionStatus.NOT_MET if problems else CriterionStatus.MET
    if criterion.status == CriterionStatus.WAIVED and problems:
        return criterion.status
    if criterion.status != status:
        criterion_update(actor=actor, criterion=criterion, status=status)
    return status
