"""The analytics API: what it answers, bad input as 400 (never a 500, nothing written), scoped reads."""

from __future__ import annotations

import pytest

from adoption.choices import Role
from analytics.models import KillRule, VendorScenario
from governance.models import AuditEvent
from tests.analytics.factories import overdue_by
from tests.api.conftest import client_for
from tests.factories import UserFactory, grant, make_initiative

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def executive(db):
    user = UserFactory(username="exec")
    grant(user, Role.EXECUTIVE)
    return user


def test_the_kill_list_with_reasons_in_the_callers_language(coe, units, owner, executive):
    late = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Late")
    overdue_by(late, 40.5)
    answer = client_for(executive).get(API + "kill-list/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    (item,) = answer.json()
    assert item["initiative"]["key"] == late.key
    assert item["reasons"][0]["kind"] == "overdue"
    assert item["reasons"][0]["figures"] == {"days": "41", "phase": "exploration", "n": "30"}
    assert item["reasons"][0]["text"] == "Overdue by 41 days in Exploration (the rule: more than 30)."


def test_a_kill_rule_with_a_bad_n_is_refused_and_unchanged(coe):
    client = client_for(coe)
    for body in ({"parameter": 0, "enabled": True}, {"parameter": "ten", "enabled": True}, {"parameter": 10**9}):
        answer = client.patch(API + "kill-rules/overdue/", body, format="json")
        assert answer.status_code == 400, answer.content
        assert "parameter" in answer.json()["fields"]
    assert (
        client.patch(API + "kill-rules/nonsense/", {"parameter": 3, "enabled": True}, format="json").status_code == 404
    )
    assert KillRule.objects.get(kind="overdue").parameter == 30
    assert not AuditEvent.objects.filter(verb="kill_rule.updated").exists()
    answer = client.patch(API + "kill-rules/overdue/", {"parameter": 45, "enabled": False}, format="json")
    assert answer.status_code == 200
    assert (answer.json()["parameter"], answer.json()["enabled"]) == (45, False)


def test_a_shock_with_bad_input_is_a_400(owner):
    client = client_for(owner)
    for body in (
        {"kind": "price_change", "target_type": "vendor", "target": "X", "percent": "abc"},
        {"kind": "melts", "target_type": "vendor", "target": "X", "percent": "35"},
        {"kind": "disappears", "target_type": "model", "target": "X", "percent": "150"},
        {"kind": "price_change", "target_type": "vendor", "target": "", "percent": "35"},
        {"kind": "price_change", "target_type": "vendor", "target": "X" * 300, "percent": "35"},
    ):
        answer = client.post(API + "vendors/shock/", body, format="json")
        assert answer.status_code == 400, (body, answer.content)
        assert answer.json()["fields"]


def test_a_scenario_saved_twice_is_a_409_and_nothing_more_is_written(coe):
    client = client_for(coe)
    body = {
        "name": "Aurora +35%",
        "kind": "price_change",
        "target_type": "vendor",
        "target": "Aurora AI",
        "percent": 35,
    }
    assert client.post(API + "vendor-scenarios/", body, format="json").status_code == 201
    assert client.post(API + "vendor-scenarios/", body, format="json").status_code == 409
    assert VendorScenario.objects.count() == 1
    assert AuditEvent.objects.filter(verb="vendor_scenario.created").count() == 1
    assert client.get(API + "vendor-scenarios/abc/").status_code == 404


def test_the_radar_and_back_test_answer(coe, units, owner, executive):
    initiative = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Vague")
    rows = client_for(executive).get(API + "radar/").json()
    assert rows[0]["initiative"]["key"] == initiative.key
    assert rows[0]["top"] == "no_value_hypothesis"
    assert rows[0]["scores"]["no_value_hypothesis"] == 100
    backtest = client_for(executive).get(API + "radar/backtest/").json()
    assert backtest == {
        "n": 0,
        "hits": 0,
        "hit_rate": None,
        "per_mode": {mode: {"n": 0, "hits": 0} for mode in backtest["per_mode"]},
    }
    assert len(backtest["per_mode"]) == 6
