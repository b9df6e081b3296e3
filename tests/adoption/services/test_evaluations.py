"""Evaluation runs: each tool's real output format read into metrics, bound metrics deciding metric criteria with
their provenance, regressions in production, and bad reports refused without a trace."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from adoption import evaluations
from adoption.choices import CriterionStatus, Status
from adoption.models import EvaluationRun, EvidenceVersion, GateCriterion
from adoption.services.evaluations import evaluation_record
from core.exceptions import InvalidInput, NotFound, Refused
from governance.models import AuditEvent, Notification
from governance.services.lifecycle import initiative_hold
from governance.services.outbox import notifications_from_events
from tests.factories import UserFactory
from tests.factories.adoption import move_to_phase

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "evaluations"


def report(name: str) -> ContentFile:
    return ContentFile((FIXTURES / name).read_bytes(), name=name)


@pytest.fixture
def validating(initiative):
    """The initiative in validation, its automated evaluation bound to the promptfoo pass rate."""
    moved = move_to_phase(initiative, "validation")
    GateCriterion.objects.filter(initiative=moved, code="automated_evaluation").update(evaluation_metric="pass_rate")
    return moved


def criterion(initiative, code="automated_evaluation") -> GateCriterion:
    return GateCriterion.objects.get(initiative=initiative, phase=initiative.phase, code=code)


def test_each_tools_own_output_is_read():
    promptfoo = evaluations.read_report("promptfoo", (FIXTURES / "promptfoo-results.json").read_bytes())
    assert promptfoo.metrics == {
        "pass_rate": Decimal("0.8000"),
        "score": Decimal("0.8420"),
        "faithfulness": Decimal("0.7920"),
    }
    assert (promptfoo.tool, promptfoo.model, promptfoo.suite) == (
        "promptfoo",
        "openai:gpt-4o-mini",
        "Claims FAQ assistant, golden set v3",
    )
    lm_eval = evaluations.read_report("lm-eval", (FIXTURES / "lm-eval-results.json").read_bytes())
    assert lm_eval.metrics == {
        "claims_qa/exact_match": Decimal("0.8125"),
        "claims_qa/acc": Decimal("0.8631"),
        "policy_nli/acc": Decimal("0.7342"),
        "policy_nli/f1": Decimal("0.7011"),
    }
    assert lm_eval.model == "bank-ai/claims-llm-7b"
    junit = evaluations.read_report("junit", (FIXTURES / "junit.xml").read_bytes())
    assert junit.metrics["pass_rate"] == Decimal("0.9000")
    assert junit.metrics["failures"] == 2


def test_a_promptfoo_run_meets_the_bound_criterion_with_its_provenance(validating, owner):
    run = evaluation_record(
        actor=owner,
        initiative=validating,
        report=report("promptfoo-results.json"),
        report_format="promptfoo",
        commit="9f2c1ab",
        pipeline_url="https://ci.bank.example/pipelines/4411",
        dataset_name="claims-golden-v3",
    )
    assert run.number == 1
    assert run.outcome["criteria"] == [
        {"code": "automated_evaluation", "metric": "pass_rate", "value": "0.8000", "status": "met"}
    ]
    assert "faithfulness" in run.outcome["unbound"]
    bound = criterion(validating)
    assert (bound.status, bound.metric_value) == (CriterionStatus.MET, Decimal("0.8000"))
    evidence = EvidenceVersion.objects.get(criterion=bound)
    assert evidence.url == "https://ci.bank.example/pipelines/4411"
    assert "promptfoo" in evidence.text
    assert "9f2c1ab" in evidence.text
    assert len(run.report_sha256) == 64
    assert run.report.read() == (FIXTURES / "promptfoo-results.json").read_bytes()
    assert AuditEvent.objects.filter(verb="evaluation.recorded", initiative=validating).count() == 1


def test_an_lm_eval_run_decides_each_bound_criterion_by_its_threshold(validating, owner):
    GateCriterion.objects.filter(initiative=validating, code="automated_evaluation").update(
        evaluation_metric="policy_nli/acc"
    )
    run = evaluation_record(
        actor=owner, initiative=validating, report=report("lm-eval-results.json"), report_format="lm-eval"
    )
    assert run.tool == "lm-evaluation-harness"
    assert run.model == "bank-ai/claims-llm-7b"
    assert criterion(validating).status == CriterionStatus.NOT_MET  # 0.7342 < 0.80
    GateCriterion.objects.filter(initiative=validating, code="automated_evaluation").update(
        evaluation_metric="claims_qa/acc"
    )
    evaluation_record(
        actor=owner, initiative=validating, report=report("lm-eval-results.json"), report_format="lm-eval"
    )
    assert criterion(validating).status == CriterionStatus.MET  # 0.8631 ≥ 0.80
    assert EvaluationRun.objects.filter(initiative=validating).count() == 2


def test_in_production_a_worse_run_is_a_regression_the_owner_hears_of(validating, owner, sponsor):
    GateCriterion.objects.filter(initiative=validating, code="automated_evaluation").update(metric_value="0.8600")
    type(validating).objects.filter(pk=validating.pk).update(status=Status.IN_PRODUCTION)
    validating.refresh_from_db()
    run = evaluation_record(
        actor=owner, initiative=validating, model="claims-llm", tool="nightly", metrics={"pass_rate": 0.71}
    )
    assert run.outcome["regressions"] == [
        {"code": "automated_evaluation", "metric": "pass_rate", "value": "0.7100", "sign": "<", "approved": "0.8600"}
    ]
    assert criterion(validating).metric_value == Decimal("0.8600")  # the approved value stays
    notifications_from_events()
    notes = Notification.objects.filter(kind="evaluation_regression")
    assert set(notes.values_list("recipient__username", flat=True)) == {owner.username, sponsor.username}
    better = evaluation_record(
        actor=owner, initiative=validating, model="claims-llm", tool="nightly", metrics={"pass_rate": 0.9}
    )
    assert better.outcome["regressions"] == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"model": "m", "tool": "t"}, "metrics"),
        ({"model": "m", "tool": "t", "metrics": {"x": "NaN"}}, "metrics"),
        ({"model": "m", "tool": "t", "metrics": {"x": "high"}}, "metrics"),
        ({"model": "m", "tool": "t", "metrics": {"": 1}}, "metrics"),
        ({"model": "m", "tool": "t", "metrics": {"x": 1e12}}, "metrics"),
        ({"model": "m", "tool": "t", "metrics": ["pass_rate", 1]}, "metrics"),
        ({"tool": "t", "metrics": {"x": 1}}, "model"),
        ({"model": "m", "tool": "t", "metrics": {"x": 1}, "pipeline_url": "javascript:alert(1)"}, "pipeline_url"),
        ({"model": "m", "tool": "t", "metrics": {"x": 1}, "commit": "c" * 81}, "commit"),
        ({"report": ContentFile(b"{not json", name="r.json"), "report_format": "promptfoo"}, "report"),
        ({"report": ContentFile(b"{}", name="r.json"), "report_format": "pdf"}, "report_format"),
        (
            {
                "report": ContentFile(
                    b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                    b'<testsuite tests="&b;"/>',
                    name="bomb.xml",
                ),
                "report_format": "junit",
            },
            "report",
        ),
    ],
)
def test_a_bad_run_is_refused_with_its_field_and_leaves_nothing(validating, owner, values, field):
    with pytest.raises(InvalidInput) as refused:
        evaluation_record(actor=owner, initiative=validating, **values)
    assert field in refused.value.fields
    assert not EvaluationRun.objects.exists()
    assert not EvidenceVersion.objects.filter(criterion__initiative=validating).exists()


def test_who_may_push_a_run(validating, owner, coe):
    stranger = UserFactory(username="stranger")
    with pytest.raises(NotFound):
        evaluation_record(actor=stranger, initiative=validating, model="m", tool="t", metrics={"pass_rate": 1})
    initiative_hold(actor=coe, initiative=validating, reason="Vendor review")
    validating.refresh_from_db()
    with pytest.raises(Refused):
        evaluation_record(actor=owner, initiative=validating, model="m", tool="t", metrics={"pass_rate": 1})
    assert not EvaluationRun.objects.exists()
