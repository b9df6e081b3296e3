"""The failure-mode radar: each signal of the table fires from the records, modes are scored from the weights,
the heat map and the back-test count right, the radar is scoped and costs the same queries at two sizes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from adoption.models import GateCriterion, Initiative
from adoption.services.roi import roi_version_append
from adoption.services.selection import model_option_choose, model_option_record
from analytics.radar import MODE_WEIGHT, SIGNALS
from analytics.selectors.radar import heat_map, mode_scores, radar, radar_backtest, top_mode
from tests.analytics.factories import overdue_by
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import move_to_phase, roi_values

pytestmark = pytest.mark.django_db

MEASURED = {"kpi": "Minutes per case", "kpi_baseline": "42 min", "kpi_target": "20 min"}


@pytest.fixture
def executive(db):
    user = UserFactory(username="exec")
    grant(user, Role.EXECUTIVE)
    return user


SPONSOR: list = []


@pytest.fixture(autouse=True)
def _a_sponsor(sponsor):
    SPONSOR[:] = [sponsor]


def new(coe, unit, owner, title, *, sponsor=True, **fields):
    return make_initiative(
        coe=coe, business_unit=unit, owner=owner, sponsor=SPONSOR[0] if sponsor else None, title=title, **fields
    )


def closed_api(initiative, owner):
    option = model_option_record(
        actor=owner,
        initiative=initiative,
        name="Aurora-4 API",
        sourcing="closed_api",
        vendor="Aurora AI",
        score_quality=4,
        score_total_cost=3,
        score_data_security=3,
        score_control=2,
        score_vendor_risk=2,
    )
    model_option_choose(actor=owner, initiative=initiative, option=option, rationale="Quality.")


def signals(user) -> dict[str, list[str]]:
    return {row.initiative.title: row.signals for row in radar(user=user)}


def test_the_table_weights_every_mode():
    assert set(MODE_WEIGHT) == {s.mode for s in SIGNALS}
    assert all(weight > 0 for weight in MODE_WEIGHT.values())
    assert len({s.code for s in SIGNALS}) == len(SIGNALS)


def test_each_signal_fires_from_the_records(coe, units, owner, executive):
    unit = units["retail"]
    sound = new(coe, unit, owner, "Sound", **MEASURED, data_classification="internal")
    roi_version_append(actor=owner, initiative=sound, **roi_values())
    new(coe, unit, owner, "Vague", sponsor=False, kpi="Happier agents", kpi_baseline="good")
    locked = new(coe, unit, owner, "Locked", **MEASURED, data_classification="internal")
    roi_version_append(actor=owner, initiative=locked, **roi_values())
    closed_api(locked, owner)
    roi_version_append(actor=owner, initiative=locked, **roi_values(run_cost_model=Decimal("50000")))
    validating = new(coe, unit, owner, "Validating", **MEASURED, data_classification="internal")
    roi_version_append(actor=owner, initiative=validating, **roi_values())
    move_to_phase(validating, "validation")
    overdue_by(validating, 5)
    scaling = new(coe, unit, owner, "Scaling", **MEASURED, data_classification="internal")
    roi_version_append(actor=owner, initiative=scaling, **roi_values())
    move_to_phase(scaling, "validation")
    move_to_phase(scaling, "scaling")
    GateCriterion.objects.filter(initiative=scaling, template__kind="metric", phase="validation").update(status="met")

    assert signals(executive) == {
        "Sound": [],
        "Vague": ["weak_kpi_baseline", "no_roi_estimate", "data_unclassified", "no_sponsor"],
        "Locked": ["closed_vendor_no_exit", "run_cost_grew"],
        "Validating": ["steward_signoff_missing", "phase_overrun", "no_metric_criterion_met", "no_evaluation_runs"],
        "Scaling": ["steward_signoff_missing", "no_evaluation_runs", "training_missing"],
    }
    rows = {row.initiative.title: row for row in radar(user=executive)}
    assert rows["Sound"].top is None
    assert rows["Vague"].scores["no_value_hypothesis"] == 100
    assert rows["Vague"].scores["organisation_unprepared"] == 40  # 2 of 5
    assert rows["Vague"].top == "no_value_hypothesis"
    assert rows["Locked"].scores["vendor_lock_in"] == 100
    assert rows["Validating"].top == "no_evaluation"


def test_scores_and_the_top_mode():
    scores = mode_scores(["weak_kpi_baseline", "steward_signoff_missing", "data_unclassified"])
    assert scores["no_value_hypothesis"] == 60  # 3 of 5
    assert scores["data_governance"] == 100  # 3 + 1 of 4
    assert top_mode(scores) == "data_governance"
    # A tie goes to the first mode in seed 001's order.
    assert top_mode(mode_scores(["closed_vendor_no_exit", "no_metric_criterion_met", "no_evaluation_runs"])) == (
        "vendor_lock_in"
    )
    assert top_mode(mode_scores([])) is None


def test_heat_map_units_by_modes(coe, units, owner, executive):
    new(coe, units["retail"], owner, "A", sponsor=False)
    new(coe, units["retail"], owner, "B", **MEASURED)
    new(coe, units["insurance"], owner, "C")
    heat = heat_map(radar(user=executive))
    assert heat.units == ["Insurance", "Retail Banking"]
    assert heat.counts == {"Insurance": 1, "Retail Banking": 2}
    # A: no KPI and no ROI (100), no sponsor (40); B: no ROI (40). Mean over the unit, half up.
    assert heat.cells[("Retail Banking", "no_value_hypothesis")].mean == 70
    assert heat.cells[("Retail Banking", "no_value_hypothesis")].top == 2
    assert heat.cells[("Retail Banking", "organisation_unprepared")].mean == 20


def test_the_back_test_counts_hits_per_mode(coe, units, owner, executive):
    def stop(initiative, mode, *, not_a_failure=False):
        Initiative.objects.filter(pk=initiative.pk).update(
            status="stopped",
            stopped_at=timezone.now(),
            stop_primary_failure_mode=mode,
            stop_not_a_failure=not_a_failure,
        )

    stop(new(coe, units["retail"], owner, "No KPI"), "no_value_hypothesis")  # radar: no value → hit
    locked = new(coe, units["retail"], owner, "Locked", **MEASURED, data_classification="internal")
    roi_version_append(actor=owner, initiative=locked, **roi_values())
    closed_api(locked, owner)
    stop(locked, "engineering_underestimated")  # radar: vendor lock-in → miss
    stop(new(coe, units["retail"], owner, "Not a failure"), "", not_a_failure=True)  # left out
    result = radar_backtest(user=executive)
    assert (result.n, result.hits, result.hit_rate) == (2, 1, Decimal("0.5000"))
    assert result.per_mode["no_value_hypothesis"] == {"n": 1, "hits": 1}
    assert result.per_mode["engineering_underestimated"] == {"n": 1, "hits": 0}
    nobody = UserFactory(username="nobody")
    assert radar_backtest(user=nobody).n == 0


def test_the_command_prints_the_figures(coe, units, owner, capsys):
    Initiative.objects.filter(pk=new(coe, units["retail"], owner, "No KPI").pk).update(
        status="stopped", stopped_at=timezone.now(), stop_primary_failure_mode="no_value_hypothesis"
    )
    call_command("radar_backtest")
    out = capsys.readouterr().out
    assert "Radar back-test: n=1 hits=1 hit rate=100.0%" in out
    assert "no_value_hypothesis: n=1 hits=1" in out


def test_the_radar_is_scoped(coe, units, owner):
    new(coe, units["retail"], owner, "Retail")
    new(coe, units["insurance"], UserFactory(username="ins-owner"), "Insurance")
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    assert set(signals(outsider)) == {"Insurance"}
    assert signals(UserFactory(username="nobody")) == {}


def test_constant_queries_at_two_sizes(coe, units, owner, executive):
    made: list = []

    def grow(to: int) -> int:
        while len(made) < to:
            initiative = new(coe, units["retail"], owner, f"Budget {len(made)}", **MEASURED)
            roi_version_append(actor=owner, initiative=initiative, **roi_values())
            move_to_phase(initiative, "validation")
            made.append(initiative)
        with CaptureQueriesContext(connection) as queries:
            rows = radar(user=executive)
            heat_map(rows)
        assert len(rows) == to
        return len(queries)

    small, large = grow(2), grow(8)
    assert small == large
    assert large <= 3
