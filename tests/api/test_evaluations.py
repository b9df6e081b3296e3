"""CI pipelines through the API: a CI token of one initiative pushes a real promptfoo report that turns its metric
criterion met; the same token is refused everything else."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from adoption.choices import CriterionStatus
from adoption.models import EvaluationRun, GateCriterion
from governance.models import ApiToken, TokenScope
from tests.factories.adoption import move_to_phase

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evaluations"


@pytest.fixture
def validating(initiative):
    moved = move_to_phase(initiative, "validation")
    GateCriterion.objects.filter(initiative=moved, code="automated_evaluation").update(evaluation_metric="pass_rate")
    return moved


def ci_client(owner_client, keys) -> tuple[APIClient, dict]:
    made = owner_client.post(
        "/api/v1/auth/tokens/", {"name": "GitLab CI", "days": 30, "evaluations_for": keys}, format="json"
    )
    assert made.status_code == 201, made.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {made.json()['token']}")
    return client, made.json()


def test_a_ci_token_pushes_a_promptfoo_report_that_meets_the_criterion(api, people, validating):
    ci, token = ci_client(api(people["owner"]), [validating.key])
    assert token["scope"] == TokenScope.EVALUATIONS
    assert token["initiatives"] == [validating.key]
    with (FIXTURES / "promptfoo-results.json").open("rb") as upload:
        pushed = ci.post(
            f"/api/v1/initiatives/{validating.key}/evaluations/",
            {"report": upload, "report_format": "promptfoo", "commit": "9f2c1ab", "metrics": '{"latency_p95_ms": 812}'},
            format="multipart",
        )
    assert pushed.status_code == 201, pushed.content
    body = pushed.json()
    assert body["outcome"]["criteria"][0]["status"] == "met"
    assert body["metrics"]["latency_p95_ms"] == "812.0000"
    assert body["submitted_through"].startswith("token gat_")
    criterion = GateCriterion.objects.get(initiative=validating, code="automated_evaluation", phase="validation")
    assert criterion.status == CriterionStatus.MET
    # People read the runs; JSON works as well as multipart.
    listed = api(people["owner"]).get(f"/api/v1/initiatives/{validating.key}/evaluations/").json()["results"]
    assert [run["number"] for run in listed] == [1]
    again = ci.post(
        f"/api/v1/initiatives/{validating.key}/evaluations/",
        {"tool": "pytest", "model": "claims-llm", "metrics": {"pass_rate": 0.5}},
        format="json",
    )
    assert again.status_code == 201
    criterion.refresh_from_db()
    assert criterion.status == CriterionStatus.NOT_MET


def test_the_ci_token_is_refused_everything_else(api, people, validating, other_initiative):
    ci, _token = ci_client(api(people["owner"]), [validating.key])
    key = validating.key
    assert ci.get("/api/v1/initiatives/").status_code == 403
    assert ci.get(f"/api/v1/initiatives/{key}/").status_code == 403
    assert ci.get(f"/api/v1/initiatives/{key}/evaluations/").status_code == 403
    assert ci.get("/api/v1/users/me/").status_code == 403
    roi = {"currency": "EUR", "rate_to_reporting": "1", "rate_date": "2026-01-01", "confidence": "low"}
    assert ci.post(f"/api/v1/initiatives/{key}/roi/", roi, format="json").status_code == 403
    assert ci.post(f"/api/v1/initiatives/{key}/hold/", {"reason": "x"}, format="json").status_code == 403
    assert ci.post("/api/v1/auth/tokens/", {"name": "more"}, format="json").status_code == 403
    other = ci.post(
        f"/api/v1/initiatives/{other_initiative.key}/evaluations/",
        {"tool": "t", "model": "m", "metrics": {"pass_rate": 1}},
        format="json",
    )
    assert other.status_code in (403, 404)
    assert not EvaluationRun.objects.exists()


def test_only_the_owner_or_the_coe_makes_a_ci_token(api, people, validating, other_initiative):
    for who in ("security", "executive", "compliance"):
        answer = api(people[who]).post(
            "/api/v1/auth/tokens/", {"name": "ci", "evaluations_for": [validating.key]}, format="json"
        )
        assert answer.status_code in (403, 404), (who, answer.content)
    hidden = api(people["owner"]).post(
        "/api/v1/auth/tokens/", {"name": "ci", "evaluations_for": [other_initiative.key]}, format="json"
    )
    assert hidden.status_code == 404
    assert (
        api(people["coe"])
        .post("/api/v1/auth/tokens/", {"name": "ci", "evaluations_for": [validating.key]}, format="json")
        .status_code
        == 201
    )
    assert ApiToken.objects.filter(scope=TokenScope.EVALUATIONS).count() == 1


def test_the_owner_binds_another_metric_to_the_initiatives_criterion(api, people, validating):
    criterion = GateCriterion.objects.get(initiative=validating, code="automated_evaluation", phase="validation")
    owner = api(people["owner"])
    url = f"/api/v1/initiatives/{validating.key}/criteria/{criterion.pk}/"
    bound = owner.patch(url, {"evaluation_metric": "faithfulness"}, format="json")
    assert bound.status_code == 200, bound.content
    assert bound.json()["evaluation_metric"] == "faithfulness"
    with (FIXTURES / "promptfoo-results.json").open("rb") as upload:
        pushed = owner.post(
            f"/api/v1/initiatives/{validating.key}/evaluations/",
            {"report": upload, "report_format": "promptfoo"},
            format="multipart",
        )
    assert pushed.json()["outcome"]["criteria"] == [
        {"code": "automated_evaluation", "metric": "faithfulness", "value": "0.7920", "status": "not_met"}
    ]
    checklist = GateCriterion.objects.filter(
        initiative=validating, phase="validation", template__kind="checklist"
    ).first()
    refused = owner.patch(
        f"/api/v1/initiatives/{validating.key}/criteria/{checklist.pk}/", {"evaluation_metric": "x"}, format="json"
    )
    assert refused.status_code == 400
    assert "evaluation_metric" in refused.json()["fields"]
