"""Vendor concentration, lock-in flags, the vendor-shock simulator (nothing written) and saved scenarios."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adoption.choices import Role
from adoption.models import GateCriterion, Initiative, ModelOption, RoiVersion
from adoption.roi import roi_figures
from adoption.services.roi import roi_version_append
from adoption.services.selection import model_option_choose, model_option_record
from analytics.models import VendorScenario
from analytics.selectors.vendors import (
    Shock,
    Usage,
    board_pack_vendors,
    scenarios_compare,
    shock_run,
    usage,
    vendor_concentration,
)
from analytics.services import vendor_scenario_create, vendor_scenario_delete
from core.exceptions import Forbidden, InvalidInput, Refused
from governance.models import AuditEvent
from tests.analytics.factories import in_production_since
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import move_to_phase, roi_values

pytestmark = pytest.mark.django_db

HOSTED = ("Aurora-4 API", "closed_api", "Aurora AI")
OPEN_WEIGHTS = ("Lumen 70B", "open_source_self_hosted", "Lumen Labs")


@pytest.fixture
def executive(db):
    user = UserFactory(username="exec")
    grant(user, Role.EXECUTIVE)
    return user


def build(coe, unit, owner, title, option, *, run_model="12000", production=False, scaling=False, exit_plan=False):
    initiative = make_initiative(coe=coe, business_unit=unit, owner=owner, title=title)
    roi_version_append(actor=owner, initiative=initiative, **roi_values(run_cost_model=Decimal(run_model)))
    if option:
        name, sourcing, vendor = option
        chosen = model_option_record(
            actor=owner,
            initiative=initiative,
            name=name,
            sourcing=sourcing,
            vendor=vendor,
            score_quality=4,
            score_total_cost=3,
            score_data_security=3,
            score_control=3,
            score_vendor_risk=3,
        )
        model_option_choose(actor=owner, initiative=initiative, option=chosen, rationale="Best in the pilot.")
    if scaling or production:
        move_to_phase(initiative, "validation")
        move_to_phase(initiative, "scaling")
        if exit_plan:
            GateCriterion.objects.filter(initiative=initiative, code="vendor_exit_plan").update(status="met")
    if production:
        in_production_since(initiative, 100)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def portfolio(coe, units, owner):
    retail, insurance = units["retail"], units["insurance"]
    other = UserFactory(username="ins-owner")
    return {
        "hosted_prod": build(coe, retail, owner, "Hosted in production", HOSTED, production=True, exit_plan=True),
        "hosted_scaling": build(coe, retail, owner, "Hosted scaling", HOSTED, run_model="30000", scaling=True),
        "open_prod": build(coe, insurance, other, "Open weights in production", OPEN_WEIGHTS, production=True),
        "undecided": build(coe, retail, owner, "No model yet", None),
    }


def test_usage_is_the_chosen_option_else_what_the_initiative_names():
    assert usage(chosen_name="Aurora-4 API", chosen_vendor="Aurora AI", models_used="x") == Usage(
        "Aurora AI", "Aurora-4 API"
    )
    assert usage(chosen_name=None, chosen_vendor=None, models_used="gpt-4o, claude") == Usage("", "gpt-4o")
    assert usage(chosen_name=None, chosen_vendor=None, models_used="") == Usage("", "")


def test_concentration_per_vendor_and_model(portfolio, executive):
    result = vendor_concentration(user=executive)
    assert result.production_total == 2
    by_vendor = {share.name: share for share in result.vendors}
    assert set(by_vendor) == {"Aurora AI", "Lumen Labs"}
    aurora, lumen = by_vendor["Aurora AI"], by_vendor["Lumen Labs"]
    assert (aurora.initiatives, aurora.production, aurora.production_share) == (2, 1, Decimal("0.5000"))
    assert (lumen.initiatives, lumen.production, lumen.production_share) == (1, 1, Decimal("0.5000"))
    # Run cost: model + infrastructure 8,000 + people 20,000 per estimate; four estimates in all.
    assert aurora.run_cost == Decimal("40000.00") + Decimal("58000.00")
    assert lumen.run_cost == Decimal("40000.00")
    assert result.run_cost_total == Decimal("178000.00")
    assert aurora.run_cost_share == Decimal("0.5506")
    assert [share.name for share in result.models] == ["Aurora-4 API", "Lumen 70B"]


def test_lock_in_flags_closed_api_late_without_an_exit_plan(portfolio, executive):
    flagged = [row.initiative.key for row in vendor_concentration(user=executive).lock_in]
    # In production with the exit plan met: not flagged; in scaling without: flagged; open weights: never.
    assert flagged == [portfolio["hosted_scaling"].key]


def test_a_price_shock_recomputes_the_affected_and_writes_nothing(portfolio, executive):
    rows_before = {m: m.objects.count() for m in (Initiative, RoiVersion, ModelOption, AuditEvent, VendorScenario)}
    stamps = list(Initiative.objects.order_by("pk").values_list("updated_at", "version"))
    result = shock_run(user=executive, shock=Shock("price_change", "vendor", "aurora ai", Decimal("35")))
    assert {m: m.objects.count() for m in rows_before} == rows_before
    assert list(Initiative.objects.order_by("pk").values_list("updated_at", "version")) == stamps

    assert sorted(a.initiative.key for a in result.affected) == sorted(
        [portfolio["hosted_prod"].key, portfolio["hosted_scaling"].key]
    )
    scaling = next(a for a in result.affected if a.initiative.key == portfolio["hosted_scaling"].key)
    # 250,000 − (30,000 + 8,000 + 20,000) = 192,000; the model cost 35% dearer: −10,500.
    assert scaling.before.net_annual_value == Decimal("192000.00")
    assert scaling.after.net_annual_value == Decimal("181500.00")
    assert scaling.after.payback_months == Decimal("4.0")  # 60,000 ÷ (181,500 ÷ 12)
    # Four open initiatives at 210,000, 192,000, 210,000, 210,000; the shock takes 4,200 + 10,500.
    assert result.value_before == Decimal("822000.00")
    assert result.value_after == Decimal("807300.00")


def test_a_vendor_that_disappears_for_half_a_year(portfolio, executive):
    result = shock_run(user=executive, shock=Shock("disappears", "model", "Lumen 70B", Decimal("50")))
    (item,) = result.affected
    version = item.initiative.current_roi
    expected = roi_figures(version)
    # Half the benefit (250,000 → 125,000) and half the model cost (12,000 → 6,000) are gone.
    assert item.after.annual_benefit == expected.annual_benefit / 2
    assert item.after.net_annual_value == Decimal("125000.00") - Decimal("34000.00")
    assert result.change == item.after.net_annual_value - expected.net_annual_value


def test_the_shock_sees_only_the_viewers_initiatives(portfolio, units, coe):
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    assert shock_run(user=outsider, shock=Shock("price_change", "vendor", "Aurora AI", Decimal("35"))).affected == []
    assert [share.name for share in vendor_concentration(user=outsider).vendors] == ["Lumen Labs"]
    nobody = UserFactory(username="nobody")
    assert vendor_concentration(user=nobody).vendors == []


def test_scenarios_saved_by_the_coe_compared_side_by_side(portfolio, coe, executive):
    with pytest.raises(Forbidden):
        vendor_scenario_create(
            actor=executive, name="x", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
        )
    with pytest.raises(InvalidInput) as refused:
        vendor_scenario_create(
            actor=coe, name="Gone", kind="disappears", target_type="vendor", target="Aurora AI", percent=Decimal("150")
        )
    assert "percent" in refused.value.fields
    up = vendor_scenario_create(
        actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
    )
    gone = vendor_scenario_create(
        actor=coe, name="Lumen gone", kind="disappears", target_type="vendor", target="Lumen Labs", percent=100
    )
    with pytest.raises(Refused):
        vendor_scenario_create(
            actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=10
        )
    assert AuditEvent.objects.filter(verb="vendor_scenario.created").count() == 2
    first, second = scenarios_compare(user=executive, scenarios=[up, gone])
    assert (len(first.affected), first.change) == (2, Decimal("-14700.00"))
    assert (len(second.affected), second.change) == (1, Decimal("-250000.00") + Decimal("12000.00"))
    assert first.value_before == second.value_before
    vendor_scenario_delete(actor=coe, scenario_id=gone.pk)
    assert list(VendorScenario.objects.values_list("name", flat=True)) == ["Aurora +35%"]
    assert AuditEvent.objects.filter(verb="vendor_scenario.deleted").count() == 1


def test_the_board_pack_vendors_is_plain_sorted_data(portfolio, coe):
    vendor_scenario_create(
        actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
    )
    pack = board_pack_vendors(datetime.date(2026, 11, 30))
    assert json.loads(json.dumps(pack)) == pack
    assert pack["as_of"] == "2026-11-30"
    assert [v["name"] for v in pack["vendors"]] == ["Aurora AI", "Lumen Labs"]
    assert pack["lock_in"][0]["key"] == portfolio["hosted_scaling"].key
    assert pack["scenarios"][0]["value_after"] == "807300.00"
    assert board_pack_vendors(datetime.date(2026, 11, 30)) == pack


def test_constant_queries_at_two_sizes(coe, units, owner, executive):
    made: list = []

    def grow(to: int) -> tuple[int, int]:
        while len(made) < to:
            n = len(made)
            made.append(build(coe, units["retail"], owner, f"Budget {n}", HOSTED, production=n % 2 == 0))
        with CaptureQueriesContext(connection) as concentration:
            vendor_concentration(user=executive)
        with CaptureQueriesContext(connection) as shock:
            result = shock_run(user=executive, shock=Shock("price_change", "vendor", "Aurora AI", Decimal("35")))
        assert len(result.affected) == to
        return len(concentration), len(shock)

    small, large = grow(2), grow(8)
    assert small == large
    assert max(large) <= 2


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_board_pack_partial_shows_the_frozen_figures(portfolio, coe, language):
    from django.template.loader import render_to_string
    from django.utils import translation

    vendor_scenario_create(
        actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
    )
    pack = json.loads(json.dumps(board_pack_vendors(datetime.date(2026, 11, 30))))
    with translation.override(language):
        html = render_to_string("boardpack/vendors.html", {"section": pack})
    for text in ("Aurora AI", "Lumen Labs", "Aurora-4 API", portfolio["hosted_scaling"].key, "Aurora +35%"):
        assert text in html
    assert "822,000" in html
    assert "807,300" in html
