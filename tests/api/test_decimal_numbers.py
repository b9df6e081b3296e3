"""Decimal fields take what clients and CI scripts send: JSON numbers as well as numeric strings."""

import pytest

from adoption.models import GateCriterion


@pytest.fixture
def metric(initiative):
    return (
        GateCriterion.objects.filter(initiative=initiative, template__kind="duration")
        .select_related("template")
        .first()
    )


@pytest.mark.parametrize(("sent", "stored"), [(13, "13"), (13.5, "13.5"), ("13.5", "13.5"), (0.1, "0.1")])
def test_a_measured_value_is_accepted_as_a_number_or_a_string(api, people, initiative, metric, sent, stored):
    url = f"/api/v1/initiatives/{initiative.key}/criteria/{metric.pk}/"
    response = api(people["owner"]).patch(url, {"metric_value": sent}, format="json")
    assert response.status_code == 200, response.json()
    metric.refresh_from_db()
    assert metric.metric_value.normalize() == __import__("decimal").Decimal(stored)


@pytest.mark.parametrize("sent", [13.12345, True, "abc", [], {"v": 1}])
def test_a_bad_measured_value_is_refused_with_a_message(api, people, initiative, metric, sent):
    url = f"/api/v1/initiatives/{initiative.key}/criteria/{metric.pk}/"
    response = api(people["owner"]).patch(url, {"metric_value": sent}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["metric_value"]
    metric.refresh_from_db()
    assert metric.metric_value is None


def test_an_infinite_number_is_refused(api, people, initiative, metric):
    url = f"/api/v1/initiatives/{initiative.key}/criteria/{metric.pk}/"
    response = api(people["owner"]).generic(
        "PATCH", url, data='{"metric_value": 1e400}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_roi_estimate_in_plain_numbers(api, people, initiative):
    body = {
        "currency": "EUR",
        "rate_to_reporting": 1,
        "rate_date": "2026-12-01",
        "confidence": "medium",
        "benefit_cash_saving": 120000,
        "productivity_hours": 2000.5,
        "productivity_hourly_rate": 50,
        "one_off_cost": 60000.25,
        "run_cost_model": 12000,
    }
    response = api(people["owner"]).post(f"/api/v1/initiatives/{initiative.key}/roi/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version"]["one_off_cost"] == "60000.25"
    assert response.json()["version"]["productivity_hours"] == "2000.50"
