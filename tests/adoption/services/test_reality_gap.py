"""Benchmark against reality: a validation criterion comparing the offline evaluation score with the task success of
real users; the gate is refused while the gap is wider than the template allows, and the funnel shows the gap by
model."""

from decimal import Decimal

import pytest

from adoption.choices import CriterionStatus
from adoption.models import GateCriterion
from adoption.selectors.funnel import funnel_summary
from adoption.services.configuration import criterion_template_add
from adoption.services.criteria import criterion_update
from adoption.services.evaluations import evaluation_record
from core.exceptions import InvalidInput, Refused
from tests.factories.adoption import move_to_phase


@pytest.fixture
def validating(coe, initiative):
    template = criterion_template_add(
        actor=coe,
        phase="validation",
        code="offline_vs_real",
        title="Offline score close to real task success",
        kind="reality_gap",
        threshold=Decimal("0.10"),
        unit="score",
        evaluation_metric="pass_rate",
    )
    assert template.comparator == "lte"
    type(initiative).objects.filter(pk=initiative.pk).update(models_used="claims-llm-7b")
    return move_to_phase(initiative, "validation")


def gap_criterion(initiative) -> GateCriterion:
    return GateCriterion.objects.get(initiative=initiative, phase="validation", code="offline_vs_real")


def test_a_wide_gap_keeps_the_criterion_and_the_gate_closed(validating, owner):
    criterion = criterion_update(
        actor=owner, criterion=gap_criterion(validating), offline_score=Decimal("0.92"), real_success=Decimal("0.70")
    )
    assert criterion.metric_value == Decimal("0.2200")
    with pytest.raises(Refused) as refused:
        criterion_update(actor=owner, criterion=criterion, status=CriterionStatus.MET)
    assert "“Offline score close to real task success” needs ≤ 0.1" in refused.value.reasons[0]


def test_a_ci_run_sets_the_offline_score_and_decides_once_real_success_is_known(validating, owner):
    run = evaluation_record(
        actor=owner, initiative=validating, tool="promptfoo", model="claims-llm-7b", metrics={"pass_rate": 0.78}
    )
    criterion = gap_criterion(validating)
    assert (criterion.offline_score, criterion.metric_value, criterion.status) == (Decimal("0.7800"), None, "open")
    assert run.outcome["criteria"][0]["status"] == "open"
    criterion_update(actor=owner, criterion=criterion, real_success=Decimal("0.70"))
    evaluation_record(
        actor=owner, initiative=validating, tool="promptfoo", model="claims-llm-7b", metrics={"pass_rate": 0.78}
    )
    criterion.refresh_from_db()
    assert (criterion.metric_value, criterion.status) == (Decimal("0.0800"), CriterionStatus.MET)
    gaps = funnel_summary(user=owner).reality_gaps
    assert [(g.model, g.initiatives, g.mean_gap) for g in gaps] == [("claims-llm-7b", 1, Decimal("0.0800"))]


def test_the_scores_go_only_where_they_belong(validating, owner):
    with pytest.raises(InvalidInput) as refused:
        criterion_update(actor=owner, criterion=gap_criterion(validating), metric_value=Decimal("0.1"))
    assert "metric_value" in refused.value.fields
    other = GateCriterion.objects.get(initiative=validating, phase="validation", code="automated_evaluation")
    with pytest.raises(InvalidInput) as refused:
        criterion_update(actor=owner, criterion=other, offline_score=Decimal("0.9"))
    assert "offline_score" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        criterion_update(actor=owner, criterion=gap_criterion(validating), real_success=Decimal("-1"))
    assert "real_success" in refused.value.fields


def test_the_funnel_page_shows_the_gap_by_model(validating, owner, coe, client):
    criterion_update(
        actor=owner, criterion=gap_criterion(validating), offline_score=Decimal("0.9"), real_success=Decimal("0.6")
    )
    client.force_login(coe)
    page = client.get("/funnel/").content.decode()
    assert "Benchmark against reality" in page
    assert "claims-llm-7b" in page
    assert "0.3" in page
